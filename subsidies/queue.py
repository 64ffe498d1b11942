"""The committee queue: the undecided applications of a member's schemes, the earliest decision date
first and suspended ones last, a page at a time (``selectors.committee_queue_applications``).

Filtered and ordered in SQL on the stored ``decision_due``, which the services keep with every step
(set on submission, emptied on suspension, moved on completion and on a lapsed completion term:
``subsidies.services``, ``subsidies.completion``, ``subsidies.lifecycle``), through the partial index
``grant_queue_idx``. What a row shows beyond its columns (working days left, overdue, at risk, how
many members it waits for) is worked out here for the rows of one page, or one chunk of an export,
at a time: a page costs the same queries however long the queue is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db.models import F, Q, QuerySet, prefetch_related_objects
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.formatting import format_date
from core.workdays import WorkingDayCalendar
from subsidies.clock import AT_RISK_WORKING_DAYS, clock_states, is_at_risk
from subsidies.models import ApplicationStatus, GrantApplication

# Waiting for the committee (submitted) or for the applicant's completion (suspended).
UNDECIDED_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.SUSPENDED)
PAGE_SIZE = 50
# How many applications an export works out at a time (its memory does not grow with the queue).
EXPORT_CHUNK = 500

OVERDUE, SOON, SUSPENDED = "te_laat", "binnenkort", "opgeschort"
STATES = (
    (OVERDUE, gettext_lazy("Te laat")),
    (SOON, format_lazy(gettext_lazy("Binnen {days} werkdagen"), days=AT_RISK_WORKING_DAYS)),
    (SUSPENDED, gettext_lazy("Opgeschort")),
)


@dataclass(frozen=True)
class QueueFilter:
    """What the member narrowed the queue to: one of their schemes and/or a state (``STATES``)."""

    scheme: int | None = None
    state: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> QueueFilter:
        """The filter of a request's query string; unknown values are ignored (the whole queue)."""
        scheme = query.get("regeling", "")
        state = query.get("status", "")
        return cls(
            scheme=int(scheme) if scheme.isdigit() else None,
            state=state if state in dict(STATES) else "",
        )


def due_before(today: date, working_days: int, calendar: WorkingDayCalendar) -> date:
    """The first date with ``working_days`` working days left after ``today``: every due date before
    it has fewer left (``WorkingDayCalendar.working_days_between``)."""
    return calendar.add_working_days(today, working_days)


def due_soon(today: date, calendar: WorkingDayCalendar) -> Q:
    """Submitted and due today or with fewer than ``AT_RISK_WORKING_DAYS`` working days left (the
    stored due date): the applications the clock can put at risk, the queue's filter "binnenkort"."""
    return Q(
        status=ApplicationStatus.SUBMITTED,
        decision_due__gte=today,
        decision_due__lt=due_before(today, AT_RISK_WORKING_DAYS, calendar),
    )


def filter_queue(
    applications: QuerySet[GrantApplication],
    queue_filter: QueueFilter,
    *,
    today: date,
    calendar: WorkingDayCalendar,
) -> QuerySet[GrantApplication]:
    """``applications`` narrowed to the undecided ones and ``queue_filter``, in queue order: the
    earliest stored due date first, suspended ones (no due date) last, then by receipt."""
    applications = applications.filter(status__in=UNDECIDED_STATUSES)
    if queue_filter.scheme is not None:
        applications = applications.filter(scheme_id=queue_filter.scheme)
    if queue_filter.state == OVERDUE:
        applications = applications.filter(status=ApplicationStatus.SUBMITTED, decision_due__lt=today)
    elif queue_filter.state == SOON:
        applications = applications.filter(due_soon(today, calendar))
    elif queue_filter.state == SUSPENDED:
        applications = applications.filter(status=ApplicationStatus.SUSPENDED)
    return applications.order_by(F("decision_due").asc(nulls_last=True), "received_at", "pk")


def remaining_label(due: date, today: date, calendar: WorkingDayCalendar) -> tuple[str, int]:
    """The remaining time as the committee reads it, and the working days left (negative when late)."""
    if due < today:
        return _("te laat"), -calendar.working_days_between(due, today)
    if due == today:
        return _("vandaag"), 0
    days = calendar.working_days_between(today, due)
    return ngettext("nog %(n)d werkdag", "nog %(n)d werkdagen", days) % {"n": days}, days


@dataclass(frozen=True)
class QueueRow:
    application: GrantApplication
    # The stored due date with the suspensions; ``None`` while the application is suspended.
    due: date | None
    remaining: str
    working_days_left: int | None
    overdue: bool
    due_today: bool
    # The request for completion a suspended application waits for.
    completion: object | None = None
    # Fewer than two working days left and the quorum not reached (``subsidies.clock``).
    at_risk: bool = False
    # How many members the application still waits for (not recused, not yet scored when it needs
    # scores); ``None`` where it was not asked for (``queue_rows(waiting_for=False)``).
    waiting_for: int | None = 0


def _suspended_row(application: GrantApplication) -> QueueRow:
    waiting = [r for r in application.completion_requests.all() if r.completed_at is None]
    completion = waiting[-1] if waiting else None
    label = _("opgeschort")
    if completion is not None:
        label = _("opgeschort, aanvullen uiterlijk %(date)s") % {
            "date": format_date(completion.completion_due)
        }
    return QueueRow(application, None, label, None, False, False, completion)


def queue_rows(
    applications: list[GrantApplication],
    *,
    today: date,
    calendar: WorkingDayCalendar,
    waiting_for: bool = True,
) -> list[QueueRow]:
    """The rows of ``applications`` (one page, in its order): countdown, risk and who it waits for.

    At most six queries however many applications: the requests for completion of the suspended ones
    and the committee clock's five (``clock_states``); none per row. With ``waiting_for=False`` (the
    queue page, which does not show it) the clock is worked out only for the applications that can be
    at risk, those due within ``AT_RISK_WORKING_DAYS``: most pages need none of its queries, and
    ``QueueRow.waiting_for`` stays ``None``.
    """
    if not applications:
        return []
    suspended = [a for a in applications if a.status == ApplicationStatus.SUSPENDED or a.decision_due is None]
    prefetch_related_objects(suspended, "completion_requests")
    on_the_clock = applications
    if not waiting_for:
        risk_before = due_before(today, AT_RISK_WORKING_DAYS, calendar)
        # ``due_soon`` on the rows already read.
        on_the_clock = [
            a
            for a in applications
            if a.status == ApplicationStatus.SUBMITTED
            and a.decision_due is not None
            and today <= a.decision_due < risk_before
        ]
    states = clock_states(on_the_clock, today)
    rows = []
    for application in applications:
        due = application.decision_due
        if application.status == ApplicationStatus.SUSPENDED or due is None:
            rows.append(_suspended_row(application))
            continue
        state = states.get(application.pk)
        label, days = remaining_label(due, today, calendar)
        rows.append(
            QueueRow(
                application=application,
                due=due,
                remaining=label,
                working_days_left=days,
                overdue=due < today,
                due_today=due == today,
                at_risk=state is not None and is_at_risk(state, due, today, calendar),
                waiting_for=len(state.must_act) if waiting_for else None,
            )
        )
    return rows


def iter_queue_rows(
    applications: QuerySet[GrantApplication],
    *,
    today: date,
    calendar: WorkingDayCalendar,
    chunk_size: int = EXPORT_CHUNK,
) -> Iterator[QueueRow]:
    """Every row of the queue ``applications``, in its order, worked out ``chunk_size`` at a time
    (for an export: memory stays constant, at most six queries per chunk)."""
    applications = applications.iterator(chunk_size=chunk_size)
    while chunk := list(islice(applications, chunk_size)):
        yield from queue_rows(chunk, today=today, calendar=calendar)


def count_at_risk(
    applications: QuerySet[GrantApplication], *, today: date, calendar: WorkingDayCalendar
) -> int:
    """How many of ``applications`` are at risk: only those due within ``AT_RISK_WORKING_DAYS`` are
    read (the stored due date, in SQL), then the clock says whether their quorum is reached."""
    candidates = list(applications.filter(due_soon(today, calendar)).select_related("scheme"))
    states = clock_states(candidates, today)
    return sum(
        is_at_risk(states[application.pk], application.decision_due, today, calendar)
        for application in candidates
    )
