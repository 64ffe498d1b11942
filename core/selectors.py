from __future__ import annotations

from core.models import NonWorkingDay, Role, User


def has_decree_days(year: int) -> bool:
    return NonWorkingDay.objects.filter(date__year=year, kind=NonWorkingDay.Kind.DECREE).exists()


def administrator_emails() -> list[str]:
    """The e-mail addresses of the active functional administrators, each once."""
    return list(
        User.objects.filter(roles__role=Role.ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
