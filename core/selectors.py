from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from core.models import AccessLog, NonWorkingDay


def access_log(
    *,
    username: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AccessLog]:
    rows = AccessLog.objects.all()
    if username:
        rows = rows.filter(username__iexact=username)
    if object_type:
        rows = rows.filter(object_type=object_type)
    if object_id:
        rows = rows.filter(object_id=object_id)
    if action:
        rows = rows.filter(action=action)
    if date_from:
        rows = rows.filter(timestamp__date__gte=date_from)
    if date_to:
        rows = rows.filter(timestamp__date__lte=date_to)
    return rows


def has_decree_days(year: int) -> bool:
    return NonWorkingDay.objects.filter(date__year=year, kind=NonWorkingDay.Kind.DECREE).exists()
