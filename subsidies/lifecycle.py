"""The grant application's lifecycle: one transition table and the one write of a status.

``TRANSITIONS`` declares where an application may go from each status; ``change_status`` checks a step
against it, writes it on a locked application and logs it. ``subsidies.services`` (submit, withdraw,
decide) and ``subsidies.completion`` (suspend, complete, lapse, not considered) are its only callers;
the guard for content changes is ``check_draft`` (a draft, or a suspended application being completed).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.formatting import amsterdam_date
from core.models import AccessLog, User
from core.workdays import get_calendar
from subsidies.models import ApplicationStatus, CompletionRequest, Decision, DecisionOutcome, GrantApplication

# Where an application may go from each status. Only a draft, or a suspended application while it is
# completed, can be changed (``check_draft``); a decision and a withdrawal are final. ``opgeschort``
# (suspended, Awb 4:15) goes back to ``ingediend`` when completed or when the term lapses; after a lapsed
# term the committee may decide not to consider it (``buiten_behandeling``, Awb 4:5), which
# ``subsidies.completion`` guards.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ApplicationStatus.DRAFT: (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN),
    ApplicationStatus.SUBMITTED: (
        ApplicationStatus.GRANTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.SUSPENDED,
        ApplicationStatus.NOT_CONSIDERED,
        ApplicationStatus.WITHDRAWN,
    ),
    ApplicationStatus.SUSPENDED: (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.NOT_CONSIDERED,
        ApplicationStatus.WITHDRAWN,
    ),
    ApplicationStatus.GRANTED: (),
    ApplicationStatus.REJECTED: (),
    ApplicationStatus.NOT_CONSIDERED: (),
    ApplicationStatus.WITHDRAWN: (),
}
# The statuses in which the content may be changed.
EDITABLE_STATUSES = (ApplicationStatus.DRAFT, ApplicationStatus.SUSPENDED)


# The status each decision outcome leads to.
OUTCOME_STATUS = {
    DecisionOutcome.GRANTED: ApplicationStatus.GRANTED,
    DecisionOutcome.REJECTED: ApplicationStatus.REJECTED,
    DecisionOutcome.NOT_CONSIDERED: ApplicationStatus.NOT_CONSIDERED,
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
    """Only a draft, or a suspended application being completed, can be changed; otherwise the content
    is frozen."""
    if application.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Een ingediende aanvraag kan niet meer worden gewijzigd."), code="frozen")


def check_transition(application: GrantApplication, to_status: str) -> None:
    """Raise ``TransitionError``, with the message for the refused step, unless ``TRANSITIONS`` allows it."""
    if to_status in TRANSITIONS[application.status]:
        return
    if to_status == ApplicationStatus.SUBMITTED:
        raise TransitionError(_("Deze aanvraag is al ingediend."), code="not_draft")
    if application.status == ApplicationStatus.SUSPENDED:
        raise TransitionError(
            _("Deze aanvraag is opgeschort: de aanvrager is gevraagd haar aan te vullen."), code="suspended"
        )
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


def record_decision(
    locked: GrantApplication,
    application: GrantApplication,
    *,
    actor: User,
    outcome: str,
    amount: Decimal,
    reason: str,
    budget_year: int | None,
    now: datetime,
) -> Decision:
    """Store the one ``Decision`` of the locked application and move it to the outcome's status. Call
    inside the deciding service's transaction; it enqueues the letter and the reminders on commit."""
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                application=locked,
                outcome=outcome,
                amount=amount,
                reason=reason,
                budget_year=budget_year,
                decided_by=actor,
                decided_at=now,
            )
    except IntegrityError:
        raise ValidationError(_("Er is al een besluit genomen over deze aanvraag."), code="decided") from None
    change_status(locked, OUTCOME_STATUS[outcome], actor=actor, detail=", besluit definitief")
    refresh(application, locked, ("status", "updated_at"))
    return decision


def open_request(locked: GrantApplication) -> CompletionRequest | None:
    """The locked application's request for completion that is neither completed nor stamped lapsed."""
    return (
        CompletionRequest.objects.select_for_update()
        .filter(application=locked, completed_at__isnull=True, lapsed_at__isnull=True)
        .order_by("-invited_at", "-id")
        .first()
    )


def has_lapsed_request(application: GrantApplication, today: date) -> bool:
    """The latest request for completion passed its term unused (Awb 4:5 allows not considering it)."""
    latest = application.completion_requests.order_by("-invited_at", "-id").first()
    return latest is not None and latest.has_lapsed(today)


def recompute_due(locked: GrantApplication, today: date) -> None:
    """Store the due date with every suspension (``None`` while one is open) for SQL filters."""
    locked.decision_due = locked.due_date(today=today)


def lapse_completion_requests(*, now: datetime | None = None) -> int:
    """End the suspension of every application whose completion term passed unused before today: the
    request is stamped ``lapsed_at`` and the application goes back to ``ingediend`` with its due date
    moved by the suspended days up to the lapse day. Safe to run any number of times. Returns how many
    applications resumed."""
    now = now or timezone.now()
    today = amsterdam_date(now)
    lapsed_ids = (
        CompletionRequest.objects.filter(
            completed_at__isnull=True,
            lapsed_at__isnull=True,
            completion_due__lt=today,
            application__status=ApplicationStatus.SUSPENDED,
        )
        .order_by("application_id")
        .values_list("application_id", flat=True)
        .distinct()
    )
    resumed = 0
    for application_id in list(lapsed_ids):
        with transaction.atomic():
            locked = lock(GrantApplication(pk=application_id))
            request = open_request(locked)
            if (
                locked.status != ApplicationStatus.SUSPENDED
                or request is None
                or not request.has_lapsed(today)
            ):
                continue  # completed or handled by a parallel sweep meanwhile
            request.lapsed_at = now
            request.save(update_fields=["lapsed_at"])
            recompute_due(locked, today)
            change_status(
                locked,
                ApplicationStatus.SUBMITTED,
                actor=None,
                fields=("decision_due",),
                detail=", termijn voor aanvulling verstreken",
            )
            resumed += 1
    return resumed


def refresh_due_dates(*, changed_day: date | None = None, now: datetime | None = None) -> int:
    """Store again the due date of the submitted applications whose term ``changed_day`` (a day the
    administrator added to or removed from the calendar) can move: received before it and due on or
    after it; every submitted application when ``None``. The stored date is what the queue, the
    reminders and the reports filter on, so it must follow the calendar. Suspended applications have
    no stored date (it is worked out when the suspension ends). Returns how many dates moved."""
    today = amsterdam_date(now or timezone.now())
    calendar = get_calendar()
    candidates = GrantApplication.objects.filter(
        status=ApplicationStatus.SUBMITTED, received_at__isnull=False
    )
    if changed_day is not None:
        candidates = candidates.filter(received_at__date__lt=changed_day, decision_due__gte=changed_day)
    moved = 0
    with transaction.atomic():
        locked = (
            candidates.select_for_update(of=("self",))
            .select_related("scheme")
            .prefetch_related("completion_requests")
            .order_by("pk")
        )
        for application in locked:
            due = application.due_date(calendar=calendar, today=today)
            if due != application.decision_due:
                application.decision_due = due
                application.save(update_fields=["decision_due"])
                moved += 1
    return moved
