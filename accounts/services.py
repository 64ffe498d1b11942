"""User management by the functional administrator: invite, roles, (de)activate, reset two-factor.

No administrator changes their own account here: every service refuses ``by == user``
(``PermissionDenied``), so nobody can grant themselves a role (and with it access to cases) without a
second administrator. Every change is a row in the access log on the user (``core.user``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import rules
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts import two_factor
from core import audit
from core.models import SCOPE_OF_ROLE, AccessLog, ExpertTeam, Organisation, Region, Role, RoleAssignment, User


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset token under its own salt: valid until the password is set (the hash
    covers it) or ``PASSWORD_RESET_TIMEOUT`` passes, and useless on the password-reset page."""

    key_salt = "accounts.services.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()


def _check_may_manage(by: User, user: User | None = None) -> None:
    """The permissions ``accounts.manage_users`` and, for ``user``, ``accounts.change_user`` (never
    one's own account); a deactivated account manages nothing."""
    if not (by.is_active and rules.has_perm("accounts.manage_users", by)):
        raise PermissionDenied(_("Alleen een functioneel beheerder beheert gebruikers."))
    if user is not None and not rules.has_perm("accounts.change_user", by, user):
        raise PermissionDenied(_("Uw eigen account en rollen wijzigt een andere beheerder."))


def _log(by: User, user: User, detail: str, action: str = AccessLog.Action.CHANGE) -> None:
    audit.record(by, action, user, detail=detail)


def describe(assignment: RoleAssignment) -> str:
    """``coordinator (team UTR)``: the role and its scope as written to the access log."""
    if assignment.expert_team_id:
        return f"{assignment.role} (team {assignment.expert_team.region.code})"
    if assignment.region_id:
        return f"{assignment.role} (region {assignment.region.code})"
    if assignment.organisation_id:
        return f"{assignment.role} (organisation {assignment.organisation_id})"
    return assignment.role


def _sync_staff(user: User) -> None:
    """The Django admin is the administrator's tool: staff status follows the admin role, it is never
    a switch of its own."""
    is_admin = user.roles.filter(role=Role.ADMIN).exists()
    if user.is_staff != is_admin:
        user.is_staff = is_admin
        user.save(update_fields=["is_staff"])


def _add_role(by, user, role, expert_team, region, organisation) -> RoleAssignment:
    scope_field = SCOPE_OF_ROLE.get(role)
    scope = {"expert_team": expert_team, "region": region, "organisation": organisation}
    scope = {field: value for field, value in scope.items() if field == scope_field}
    if scope_field and not scope[scope_field]:
        raise ValidationError({scope_field: RoleAssignment.scope_required_message(scope_field)})
    full_scope = {field: scope.get(field) for field in ("expert_team", "region", "organisation")}
    if RoleAssignment.objects.filter(user=user, role=role, **full_scope).exists():
        raise ValidationError(_("Deze gebruiker heeft deze rol al."))
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(user=user, role=role, **scope)
    except IntegrityError:
        raise ValidationError(_("Deze gebruiker heeft deze rol al.")) from None
    _sync_staff(user)
    _log(by, user, f"role added: {describe(assignment)}")
    return assignment


@transaction.atomic
def add_role(
    *,
    by: User,
    user: User,
    role: str,
    expert_team: ExpertTeam | None = None,
    region: Region | None = None,
    organisation: Organisation | None = None,
) -> RoleAssignment:
    """Give ``user`` a role with its scope. Refuses the administrator's own account
    (``PermissionDenied``), a missing scope and a role the user already has (``ValidationError``)."""
    _check_may_manage(by, user)
    return _add_role(by, user, role, expert_team, region, organisation)


@transaction.atomic
def remove_role(*, by: User, assignment: RoleAssignment) -> None:
    """Take a role away. Refuses the administrator's own roles (``PermissionDenied``)."""
    user = assignment.user
    _check_may_manage(by, user)
    label = describe(assignment)
    assignment.delete()
    _sync_staff(user)
    _log(by, user, f"role removed: {label}")


@transaction.atomic
def set_active(*, by: User, user: User, active: bool) -> None:
    """Deactivate (signs the user out on their next request) or reactivate an account."""
    _check_may_manage(by, user)
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    _log(by, user, "account activated" if active else "account deactivated")


@transaction.atomic
def reset_two_factor(*, by: User, user: User) -> None:
    """Recovery for a lost phone: remove the user's second factors, so their next login asks them to
    set up two-factor login again. Only a second administrator may do this."""
    _check_may_manage(by, user)
    two_factor.remove_devices(user)
    _log(by, user, "two-factor login reset")
    if user.email:
        transaction.on_commit(lambda: _notify_two_factor_reset(user))


def _notify_two_factor_reset(user: User) -> None:
    # The user hears of it, so a reset they did not ask for does not go unnoticed.
    send_mail(
        _("Jeugdcasus: uw tweestapsverificatie is gereset"),
        render_to_string("accounts/email/two_factor_reset.txt", {"user": user}),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def _new_account(*, email: str, first_name: str, last_name: str) -> User:
    """An account whose username is its e-mail address and that has no usable password yet (the
    invitation sets one). Refused (``ValidationError``) when the address is taken."""
    email = email.strip().lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise ValidationError({"email": _("Er is al een gebruiker met dit e-mailadres.")})
    user = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def invite_user(*, by: User, first_name: str, last_name: str, email: str, roles: Sequence[Mapping]) -> User:
    """Create an account (username = e-mail address, no usable password) with ``roles`` (each a mapping
    of ``role`` and its scope: ``expert_team``, ``region`` or ``organisation``; at least one), and e-mail
    an invitation with a one-time link to choose a password (then two-factor login) after commit."""
    _check_may_manage(by)
    if not roles:
        raise ValidationError(_("Geef de gebruiker ten minste één rol."))
    user = _new_account(email=email, first_name=first_name, last_name=last_name)
    _log(by, user, "account created", action=AccessLog.Action.CREATE)
    for role in roles:
        _add_role(
            by, user, role["role"], role.get("expert_team"), role.get("region"), role.get("organisation")
        )
    transaction.on_commit(lambda: send_invitation(user))
    return user


@transaction.atomic
def create_first_administrator(*, email: str, first_name: str, last_name: str) -> User:
    """The installation's first functional administrator, made by the operator from a shell
    (``manage.py create_administrator``): an account with the administrator role (and so the admin
    site), no usable password and an invitation e-mailed after commit, as ``invite_user`` does.
    Refused (``ValidationError``) once an active administrator exists: from then on administrators
    invite each other. Never a superuser, who would pass every permission check."""
    if User.objects.filter(is_active=True, roles__role=Role.ADMIN).exists():
        raise ValidationError(_("Er is al een functioneel beheerder; die nodigt nieuwe gebruikers uit."))
    user = _new_account(email=email, first_name=first_name, last_name=last_name)
    RoleAssignment.objects.create(user=user, role=Role.ADMIN)
    _sync_staff(user)
    audit.record(None, AccessLog.Action.CREATE, user, detail="first administrator created (manage.py)")
    transaction.on_commit(lambda: send_invitation(user))
    return user


@transaction.atomic
def resend_invitation(*, by: User, user: User) -> None:
    """Send a new invitation to a user who has not chosen a password yet."""
    _check_may_manage(by, user)
    if user.has_usable_password() or not user.is_active:
        raise ValidationError(_("Deze gebruiker heeft al een wachtwoord of is gedeactiveerd."))
    _log(by, user, "invitation sent")
    transaction.on_commit(lambda: send_invitation(user))


def invitation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:invitation", kwargs={"uidb64": uid, "token": token})


def send_invitation(user: User) -> None:
    context = {
        "user": user,
        "url": invitation_url(user),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)),
    }
    send_mail(
        _("Uitnodiging voor Jeugdcasus"),
        render_to_string("accounts/email/invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
