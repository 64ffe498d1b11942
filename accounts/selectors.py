from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
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
