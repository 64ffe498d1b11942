from __future__ import annotations

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import RoleAssignment, User


def _with_roles_and_two_factor(users: QuerySet[User]) -> QuerySet[User]:
    roles = RoleAssignment.objects.select_related("expert_team", "region", "organisation").order_by(
        "role", "pk"
    )
    return users.prefetch_related(Prefetch("roles", queryset=roles)).annotate(
        has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )


def users_for_management(*, search: str = "", active: bool | None = None) -> QuerySet[User]:
    """Every user with their roles (one prefetch) and whether two-factor login is set up."""
    users = User.objects.order_by("last_name", "first_name", "username")
    if search:
        users = users.filter(
            Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(email__icontains=search)
        )
    if active is not None:
        users = users.filter(is_active=active)
    return _with_roles_and_two_factor(users)


def user_for_management(pk: int) -> User:
    return _with_roles_and_two_factor(User.objects.filter(pk=pk)).get()


def user_summary() -> dict[str, int]:
    """For the administrator's dashboard: active users, how many have no 2FA yet, how many have not
    accepted their invitation (no password chosen). One query."""
    return (
        User.objects.filter(is_active=True)
        .annotate(has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .aggregate(
            total=Count("pk"),
            without_two_factor=Count("pk", filter=Q(has_two_factor=False)),
            invited=Count("pk", filter=Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)),
        )
    )
