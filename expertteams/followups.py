"""The follow-up cycle ("blijven volgen hoe het gaat"): review moments of the plan while the case runs,
aftercare moments after closing, and recording one as a "gaat het nog goed?" step.

Closing a case plans an aftercare moment for its facilitator at each of ``settings.FOLLOW_UP_MONTHS``
(default 3, 6 and 12 months) after the closing date. Recording a moment is allowed on a closed case
(that is what aftercare is for); "nee" then reopens the case with the given reason
(``cases.services.reopen_case``). Every write is one transaction, logs to the access log and keeps the
case's ``next_review_due`` / ``next_aftercare_due`` up to date (the dashboard signals read them).
"""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.locking import lock_open_case
from cases.models import Case, CaseStatus
from core import audit
from core.models import AccessLog, User
from expertteams.models import FollowUp, FollowUpCheck, Resolution, Step, StepKind
from expertteams.services import closed_case_message, refresh_case_signals


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_months() -> tuple[int, ...]:
    return tuple(getattr(settings, "FOLLOW_UP_MONTHS", (3, 6, 12)))


@transaction.atomic
def plan_review(
    *,
    case: Case,
    actor: User,
    due_on: date,
    what_to_check: str,
    owner: User | None = None,
    owner_name: str = "",
) -> FollowUp:
    """Plan a review moment of the plan on an open case: when, who (a user or a name) and what to check."""
    locked = lock_open_case(case, message=closed_case_message())
    if owner is None and not owner_name.strip():
        raise ValidationError(_("Kies wie het doet: een gebruiker of een naam."), code="owner")
    moment = FollowUp.objects.create(
        case=locked,
        kind=FollowUp.Kind.REVIEW,
        due_on=due_on,
        owner=owner,
        owner_name=owner_name.strip() or owner.display_name,
        what_to_check=what_to_check.strip(),
        created_by=actor,
    )
    audit.record(actor, AccessLog.Action.CREATE, moment, detail="evaluatiemoment gepland")
    refresh_case_signals(case)
    return moment


def schedule_aftercare(*, case: Case, actor: User, closed_on: date) -> list[FollowUp]:
    """Plan the aftercare moments after closing, for the case's facilitator (call inside the closing
    transaction). Moments already planned for those dates are not planned twice."""
    owner = case.facilitator
    existing = set(
        FollowUp.objects.filter(
            case=case, kind=FollowUp.Kind.AFTERCARE, resolved_at__isnull=True
        ).values_list("due_on", flat=True)
    )
    moments = [
        FollowUp(
            case=case,
            kind=FollowUp.Kind.AFTERCARE,
            due_on=due_on,
            owner=owner,
            owner_name=owner.display_name if owner else "",
            what_to_check=_("Gaat het nog goed, %(months)s maanden na het afsluiten?") % {"months": months},
            created_by=actor,
        )
        for months in follow_up_months()
        if (due_on := add_months(closed_on, months)) not in existing
    ]
    created = FollowUp.objects.bulk_create(moments)
    if created:
        audit.record(actor, AccessLog.Action.CREATE, case, detail=f"{len(created)} nazorgmomenten gepland")
    refresh_case_signals(case)
    return created


@transaction.atomic
def record_follow_up(
    *,
    moment: FollowUp,
    actor: User,
    occurred_on: date,
    going_well: bool,
    note: str = "",
    reopen_reason: str = "",
) -> Step:
    """Record a planned moment as a "gaat het nog goed?" step and mark it done.

    When it is not going well, ``reopen_reason`` is required; a closed case is then reopened with it
    (``in_behandeling``) and its remaining aftercare moments are cancelled ("Casus heropend"). Raises ``ValidationError`` for a moment already handled or a missing reason.
    """
    case = Case.objects.select_for_update().get(pk=moment.case_id)  # aftercare: closed cases too
    moment = FollowUp.objects.select_for_update().get(pk=moment.pk)
    if moment.resolved_at is not None:
        raise ValidationError(_("Dit moment is al afgehandeld."), code="resolved")
    if not going_well and not reopen_reason.strip():
        raise ValidationError({"reopen_reason": _("Geef een reden op om de casus te heropenen.")})
    step = Step.objects.create(
        case=case,
        kind=StepKind.FOLLOW_UP,
        occurred_on=occurred_on,
        title=f"{moment.get_kind_display()}: "
        + (_("het gaat goed") if going_well else _("het gaat niet goed")),
        summary=note.strip(),
        author=actor,
    )
    FollowUpCheck.objects.create(step=step, going_well=going_well, reopen_reason=reopen_reason.strip())
    moment.step = step
    moment.resolution = Resolution.DONE
    moment.resolved_at = timezone.now()
    moment.save(update_fields=["step", "resolution", "resolved_at"])
    audit.record(actor, AccessLog.Action.CREATE, step, detail=StepKind.FOLLOW_UP)
    if not going_well and case.status == CaseStatus.CLOSED:
        case_services.reopen_case(case=case, actor=actor, reason=reopen_reason)
        # The later aftercare moments belonged to that closing; the next closing plans its own.
        FollowUp.objects.filter(case=case, kind=FollowUp.Kind.AFTERCARE, resolved_at__isnull=True).update(
            resolution=Resolution.CANCELLED, resolution_note=_("Casus heropend"), resolved_at=timezone.now()
        )
    refresh_case_signals(moment.case, step_logged=True)
    return step


@transaction.atomic
def resolve_follow_up(
    *, moment: FollowUp, actor: User, resolution: str, note: str = "", owner: User | None = None
) -> FollowUp:
    """Handle a planned moment without recording it: done, handed over (to ``owner`` or the person in
    ``note``; a handed-over moment to a user stays planned for that user) or cancelled with a reason."""
    moment = FollowUp.objects.select_for_update().select_related("case").get(pk=moment.pk)
    if moment.resolved_at is not None:
        raise ValidationError(_("Dit moment is al afgehandeld."), code="resolved")
    if resolution == Resolution.HANDED_OVER and owner is not None:
        moment.owner = owner
        moment.owner_name = owner.display_name
        moment.save(update_fields=["owner", "owner_name"])
        audit.record(actor, AccessLog.Action.CHANGE, moment, detail="overgedragen")
        return moment
    if resolution != Resolution.DONE and not note.strip():
        raise ValidationError(_("Geef aan aan wie het is overgedragen of waarom het vervalt."), code="note")
    moment.resolution = resolution
    moment.resolution_note = note.strip()
    moment.resolved_at = timezone.now()
    moment.save(update_fields=["resolution", "resolution_note", "resolved_at"])
    audit.record(actor, AccessLog.Action.CHANGE, moment, detail=f"moment {resolution}")
    refresh_case_signals(moment.case)
    return moment
