"""The grant application's lifecycle: one transition table and the one write of a status.

``TRANSITIONS`` declares where an application may go from each status; ``change_status`` checks a step
against it, writes it on a locked application and logs it. ``subsidies.services`` (submit, withdraw,
decide) is its only caller; the draft-only guard for content changes is ``check_draft``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import audit
from core.models import AccessLog, User
from subsidies.models import ApplicationStatus, GrantApplication

# Where an application may go from each status. Only a draft can be changed (``check_draft``); a
# decision and a withdrawal are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ApplicationStatus.DRAFT: (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN),
    ApplicationStatus.SUBMITTED: (
        ApplicationStatus.GRANTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ),
    ApplicationStatus.GRANTED: (),
    ApplicationStatus.REJECTED: (),
    ApplicationStatus.WITHDRAWN: (),
}


class TransitionError(ValidationError):
    """A status change that ``TRANSITIONS`` does not allow; nothing was changed."""


def lock(application: GrantApplication) -> GrantApplication:
    return (
        GrantApplication.objects.select_for_update(of=("self",))
        .select_related("scheme", "case", "call")
        .get(pk=application.pk)
    )


def refresh(application: GrantApplication, locked: GrantApplication, fields: Iterable[str]) -> None:
    for field in fields:
        setattr(application, field, getattr(locked, field))


def check_draft(application: GrantApplication) -> None:
    """Only a draft can be changed; after submission the content is frozen."""
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("Een ingediende aanvraag kan niet meer worden gewijzigd."), code="frozen")


def check_transition(application: GrantApplication, to_status: str) -> None:
    """Raise ``TransitionError``, with the message for the refused step, unless ``TRANSITIONS`` allows it."""
    if to_status in TRANSITIONS[application.status]:
        return
    if to_status == ApplicationStatus.SUBMITTED:
        raise TransitionError(_("Deze aanvraag is al ingediend."), code="not_draft")
    if to_status == ApplicationStatus.WITHDRAWN:
        raise TransitionError(_("Deze aanvraag kan niet meer worden ingetrokken."), code="final")
    if application.is_decided:
        raise TransitionError(_("Er is al een besluit genomen over deze aanvraag."), code="decided")
    raise TransitionError(_("Deze aanvraag is niet (meer) ingediend."), code="not_submitted")


def change_status(
    locked: GrantApplication,
    to_status: str,
    *,
    actor: User,
    fields: Iterable[str] = (),
    detail: str = "",
    reason: str = "",
) -> None:
    """Move the locked application to ``to_status`` and log it: the one write of a status.

    ``fields`` are the other fields the caller set on ``locked`` for this step; ``detail`` is added to
    the logged ``status <from> -> <to>``.
    """
    check_transition(locked, to_status)
    from_status = locked.status
    locked.status = to_status
    locked.save(update_fields=["status", *fields, "updated_at"])
    audit.record(
        actor,
        AccessLog.Action.CHANGE,
        locked,
        detail=f"status {from_status} -> {to_status}{detail}",
        reason=reason,
    )
