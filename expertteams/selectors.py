"""Reads of the timeline, the actions and the dashboard signals.

Access is filtered in SQL: cases come from ``cases.selectors.cases_for_user`` (or a case already
fetched through ``get_case_for_request``), and every query count here is constant in the number of
steps, actions and cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from cases.models import Case, CaseStatus
from cases.selectors import case_counts, cases_for_user, signal_conditions, with_signal_flags
from expertteams.kinds import KINDS
from expertteams.models import ActionItem, Step, StepRevision

SIGNAL_CASES_SHOWN = 10


# --- Timeline ----------------------------------------------------------------------------------------


TIMELINE_PAGE_SIZE = 50


@dataclass(frozen=True)
class TimelinePage:
    """One page of a case's timeline, newest first.

    ``older`` is the id of the first step of the next (older) page, ``None`` on the last page;
    ``start`` the id the page begins at (``None``: the newest steps); ``kind`` the kind filter or "".
    """

    steps: list[Step]
    older: int | None
    start: int | None
    kind: str


def timeline_steps(case: Case) -> QuerySet[Step]:
    """The case's steps, newest first, with their author and ``actions``.

    The details (``step.interview``, ``step.escalation``, ...) and their child lists are loaded by
    ``with_details`` for the rows actually shown: joining all ten detail tables into this query made
    PostgreSQL spend some 15 ms planning it, longer than the whole rest of the query.
    """
    return (
        Step.objects.filter(case=case)
        .select_related("author")
        .prefetch_related(
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner").order_by("due_on", "id")),
        )
        .order_by("-occurred_on", "-created_at", "-id")
    )


def with_details(steps: list[Step]) -> list[Step]:
    """Load the earlier versions of the corrected steps (one query, none without corrections), the detail
    of each step and the detail's child lists (``expertteams.kinds``): one query per kind on the page
    that has a detail, plus one per child list of such a kind. Returns ``steps``."""
    # Earlier versions exist only for corrected steps (``version`` > 1): most pages need no query.
    corrected = [step for step in steps if step.version > 1]
    if corrected:
        prefetch_related_objects(
            corrected, Prefetch("revisions", queryset=StepRevision.objects.select_related("replaced_by"))
        )
    by_kind: dict[str, list[Step]] = {}
    for step in steps:
        by_kind.setdefault(step.kind, []).append(step)
    for kind, group in by_kind.items():
        spec = KINDS[kind]
        if spec.relation:
            prefetch_related_objects(group, spec.relation, *_child_prefetches(spec))
    return steps


def timeline_for_case(case: Case) -> list[Step]:
    """Every step of the case (the whole timeline, for exports and tests); pages use ``timeline_page``."""
    return with_details(list(timeline_steps(case)))


def timeline_page(
    case: Case,
    *,
    start: int | None = None,
    kind: str = "",
    size: int = TIMELINE_PAGE_SIZE,
    details: bool = True,
) -> TimelinePage:
    """``size`` steps of ``case`` from step ``start`` on (inclusive; the newest when ``None`` or not a
    step of the case), only of ``kind`` when given, newest first; with their details (``with_details``)
    unless ``details`` is false (the case page shows the steps without them).

    Keyset pagination on the timeline order ``(occurred_on, created_at, id)``: the index
    ``step_case_timeline_idx`` finds the page directly, however far back it lies (no OFFSET). The query
    count does not depend on the number of steps: one for ``start`` when given, plus ``timeline_steps``.
    """
    steps = timeline_steps(case)
    if kind:
        steps = steps.filter(kind=kind)
    anchor = None
    if start is not None:
        anchor = (
            Step.objects.filter(case=case, pk=start).values_list("occurred_on", "created_at", "pk").first()
        )
    if anchor is not None:
        occurred_on, created_at, pk = anchor
        steps = steps.filter(
            Q(occurred_on__lt=occurred_on)
            | Q(occurred_on=occurred_on, created_at__lt=created_at)
            | Q(occurred_on=occurred_on, created_at=created_at, pk__lte=pk)
        )
    rows = list(steps[: size + 1])
    older = rows[size].pk if len(rows) > size else None
    shown = rows[:size]
    return TimelinePage(
        steps=with_details(shown) if details else shown,
        older=older,
        start=anchor[2] if anchor else None,
        kind=kind,
    )


def _child_prefetches(spec) -> list[Prefetch]:
    prefetches = []
    for child in spec.children:
        model = spec.detail_model._meta.get_field(child.related_name).related_model
        # Only the relations the child's line reads: ``select_related()`` without names would follow
        # every foreign key (meeting, step, case, region, ...) and join eight tables per list.
        rows = (
            model.objects.select_related(*child.select_related)
            if child.select_related
            else model.objects.all()
        )
        prefetches.append(Prefetch(f"{spec.relation}__{child.related_name}", queryset=rows))
    return prefetches


def get_step(case: Case, pk: int) -> Step:
    """A step of ``case`` (fetched through ``get_case_for_request``), or ``Http404``."""
    step = Step.objects.filter(case=case, pk=pk).select_related("case").first()
    if step is None:
        raise Http404
    return step  # its detail (``step.interview``, ...) loads with one query when first read


# --- Actions -----------------------------------------------------------------------------------------


def open_actions_for_user(user, *, today: date | None = None) -> QuerySet[ActionItem]:
    """Open action items on the cases the user may open now (``cases_for_user``), overdue first, then
    by due date.

    Owning an action gives no access of its own: after a reassignment or a team move the action
    leaves the list with its case. Actions on closed cases are left out: nothing can be done on them.
    """
    today = today or timezone.localdate()
    return (
        ActionItem.objects.filter(step__case__in=cases_for_user(user).values("pk"), done_at__isnull=True)
        .exclude(step__case__status=CaseStatus.CLOSED)
        .select_related("step__case", "owner")
        .annotate(is_overdue=ExpressionWrapper(Q(due_on__lt=today), output_field=BooleanField()))
        # Overdue first, then by due date, is simply by due date (an overdue action is due before
        # today): an order the indexes on (owner, due_on) and (step, due_on) of open actions have.
        .order_by("due_on", "id")
    )


def get_action_for_user(user, pk: int) -> ActionItem:
    """An action on a case the user may open now (``cases_for_user``), or ``Http404``."""
    action = (
        ActionItem.objects.filter(step__case__in=cases_for_user(user).values("pk"), pk=pk)
        .select_related("step__case")
        .first()
    )
    if action is None:
        raise Http404
    return action


# --- Dashboard signals -------------------------------------------------------------------------------

# Up to this many flagged cases are read in one query and divided over the signals in Python; past it,
# each signal reads its own first ``SIGNAL_CASES_SHOWN``.
FLAGGED_READ_AT_ONCE = 500
# What the panel shows of a listed case (its link and status) and the order needs.
LISTED_FIELDS = ("reference", "status", "last_step_at", "created_at")


def signal_cases(scope: QuerySet[Case], flags: dict[str, Q], counts: dict[str, int]) -> dict[str, list[Case]]:
    """Per signal its first ``SIGNAL_CASES_SHOWN`` cases of ``scope``, quiet longest first (the last
    step, or the referral for a case without steps).

    With few flagged cases (a facilitator's), one query reads them all with their flags; with many (a
    coordinator of 25,000 cases), one ``LIMIT`` query per signal, each walking the index
    ``case_team_quiet_idx`` in this order and stopping at the tenth match (a sort of every flagged case
    took 40-100 ms there). ``counts`` (from ``case_counts``) decides which, so it costs no query.
    """
    order = [Coalesce("last_step_at", "created_at").asc(), F("reference").asc()]
    scope = scope.only(*LISTED_FIELDS)
    if sum(counts.values()) <= FLAGGED_READ_AT_ONCE:
        any_flag = Q(pk__in=[])
        for condition in flags.values():
            any_flag |= condition
        rows = list(with_signal_flags(scope.filter(any_flag), conditions=flags).order_by(*order))
        return {
            name: [case for case in rows if getattr(case, f"signal_{name}")][:SIGNAL_CASES_SHOWN]
            for name in flags
        }
    return {
        name: list(scope.filter(condition).order_by(*order)[:SIGNAL_CASES_SHOWN])
        for name, condition in flags.items()
    }


def dashboard_signals(
    user,
    *,
    today: date | None = None,
    counts: dict[str, int] | None = None,
    flags: dict[str, Q] | None = None,
) -> dict:
    """Counts and cases (reference, status) per signal for the user's cases, and recently closed cases.

    The signals are the case list's (``cases.selectors.signal_conditions``), so the dashboard and the
    filtered list always agree. A fixed number of queries, whatever the number of cases: the working-day
    calendar, the counts (``cases.selectors.case_counts``, one aggregate; the home page passes the one it
    shares with the "Mijn casussen" panel as ``counts``, and the signal conditions it was counted with
    as ``flags``), the listed cases (``signal_cases``), the recently closed ones (``case_team_closed_idx``).
    """
    flags = flags or signal_conditions(today=today)
    counts = counts or case_counts(user, today, conditions=flags)
    listed = signal_cases(cases_for_user(user), flags, {name: counts[f"signal_{name}"] for name in flags})
    signals = {name: {"count": counts[f"signal_{name}"], "cases": listed[name]} for name in flags}
    recently_closed = list(
        cases_for_user(user)
        .filter(status=CaseStatus.CLOSED, closed_at__isnull=False)
        .order_by("-closed_at")[:5]
    )
    return {"signals": signals, "recently_closed": recently_closed}
