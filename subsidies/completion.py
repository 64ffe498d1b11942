"""Requests for completion and what follows them (Awb 4:5, 4:15 lid 1 sub a).

The committee invites the applicant to complete a submitted application within a term (two weeks
unless it says otherwise): ``request_completion`` suspends it (``opgeschort``) and the decision term
stands still. The provider or the team changes the application and resubmits it with
``complete_request``: the term resumes, moved by the suspended working days (``decision_due_date``).
When the term passes unused, ``lifecycle.lapse_completion_requests`` (run before each reminder sweep) ends the
suspension on the day it lapsed and puts the application back before the committee, which may then
decide not to consider it (``not_consider``: ``buiten behandeling``, a decision with its own letter).

The stored ``decision_due`` follows every step (empty while suspended), so lists and counts can filter
on it in SQL; what is shown is always worked out from the suspensions (``GrantApplication.due_date``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import amsterdam_date
from core.models import User
from subsidies import lifecycle, tasks
from subsidies.committee import check_committee, records_refusal
from subsidies.models import (
    ApplicationStatus,
    CompletionRequest,
    Decision,
    DecisionOutcome,
    GrantApplication,
    default_completion_due,
)
from subsidies.services import completeness_errors, enqueue_after_decision


@records_refusal("om aanvulling vragen")
@transaction.atomic
def request_completion(
    *,
    application: GrantApplication,
    actor: User,
    message: str,
    completion_due: date | None = None,
    now: datetime | None = None,
) -> CompletionRequest:
    """Invite the applicant to complete a submitted application by ``completion_due`` (default: two
    weeks after today) and suspend it. Only a committee member of the scheme without a conflict of
    interest; ``message`` says what is missing. The provider and the team get an e-mail (the reference
    only) from the reminder sweep enqueued on commit."""
    now = now or timezone.now()
    today = amsterdam_date(now)
    locked = lifecycle.lock(application)
    check_committee(actor, locked, "subsidies.request_completion", ApplicationStatus.SUSPENDED)
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Beschrijf wat er ontbreekt.")}, code="message_required")
    completion_due = completion_due or default_completion_due(now)
    if completion_due <= today:
        raise ValidationError(
            {"completion_due": _("De termijn om aan te vullen moet na vandaag eindigen.")}, code="term"
        )
    request = CompletionRequest.objects.create(
        application=locked, message=message, completion_due=completion_due, invited_at=now, invited_by=actor
    )
    locked.decision_due = None
    lifecycle.change_status(
        locked,
        ApplicationStatus.SUSPENDED,
        actor=actor,
        fields=("decision_due",),
        detail=f", aanvullen uiterlijk {completion_due:%Y-%m-%d}",
    )
    transaction.on_commit(lambda: tasks.send_due_reminders.delay())
    lifecycle.refresh(application, locked, ("status", "decision_due", "updated_at"))
    return request


@transaction.atomic
def complete_request(
    *, application: GrantApplication, actor: User, now: datetime | None = None
) -> CompletionRequest:
    """Resubmit a suspended application after completing it: the suspension ends today and the
    decision term resumes. Only the team of the case or the provider, while the application is
    complete (the same checks as a submission) and the completion term has not lapsed."""
    now = now or timezone.now()
    today = amsterdam_date(now)
    locked = lifecycle.lock(application)
    if locked.status != ApplicationStatus.SUSPENDED:
        raise lifecycle.TransitionError(_("Deze aanvraag is niet opgeschort."), code="not_suspended")
    if not rules.has_perm("subsidies.complete_application", actor, locked):
        raise PermissionDenied(_("U kunt deze aanvraag niet aanvullen."))
    request = lifecycle.open_request(locked)
    if request is None or request.has_lapsed(today):
        raise ValidationError(
            _("De termijn om aan te vullen is verstreken; de commissie beslist nu over de aanvraag."),
            code="lapsed",
        )
    errors = completeness_errors(locked)
    if errors:
        raise ValidationError(errors, code="incomplete")
    request.completed_at = now
    request.completed_by = actor
    request.save(update_fields=["completed_at", "completed_by"])
    locked.requested_amount = locked.cost_lines_total()
    lifecycle.recompute_due(locked, today)
    lifecycle.change_status(
        locked,
        ApplicationStatus.SUBMITTED,
        actor=actor,
        fields=("decision_due", "requested_amount"),
        detail=", aangevuld",
    )
    transaction.on_commit(lambda: tasks.send_due_reminders.delay())
    lifecycle.refresh(application, locked, ("status", "decision_due", "requested_amount", "updated_at"))
    return request


@records_refusal("buiten behandeling laten")
@transaction.atomic
def not_consider(
    *, application: GrantApplication, actor: User, reason: str = "", now: datetime | None = None
) -> Decision:
    """Decide not to consider the application (``buiten behandeling``, Awb 4:5) after the completion
    term of its latest request lapsed unused. Final; the letter follows on commit. Only a committee
    member of the scheme without a conflict of interest."""
    now = now or timezone.now()
    locked = lifecycle.lock(application)
    check_committee(actor, locked, "subsidies.not_consider_application", ApplicationStatus.NOT_CONSIDERED)
    if not lifecycle.has_lapsed_request(locked, amsterdam_date(now)):
        raise ValidationError(
            _(
                "Buiten behandeling laten kan alleen als de termijn om aan te vullen ongebruikt is verstreken."
            ),
            code="not_lapsed",
        )
    decision = lifecycle.record_decision(
        locked,
        application,
        actor=actor,
        outcome=DecisionOutcome.NOT_CONSIDERED,
        amount=Decimal("0"),
        reason=reason.strip(),
        budget_year=None,
        now=now,
    )
    enqueue_after_decision(locked.pk)
    return decision
