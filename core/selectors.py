from __future__ import annotations

from core.models import NonWorkingDay


def has_decree_days(year: int) -> bool:
    return NonWorkingDay.objects.filter(date__year=year, kind=NonWorkingDay.Kind.DECREE).exists()
