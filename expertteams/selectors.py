"""Reads of the timeline, the actions and the dashboard signals.

Access is filtered in SQL: cases come from ``cases.selectors.cases_for_user`` (or a case already
fetched through ``get_case_for_request``), and every query count here is constant in the number of
steps, actions and cases.
"""

from __future__ import annotations

from datetime import date

from django.db.models import (
    BooleanField,
    CharField,
    ExpressionWrapper,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.http import Http404
from django.utils import timezone

from cases.models import Case, CaseStatus
from cases.selectors import cases_for_user, signal_conditions, with_signal_flags
from expertteams.models import (
    ActionItem,
    AgendaItem,
    Agreement,
    OrganisationRequest,
    Participant,
    Statement,
    Step,
    StepKind,
    StepRevision,
)

SIGNAL_CASES_SHOWN = 10
# The one-to-one details of every kind, joined into the one query that loads the steps.
DETAIL_RELATIONS = (
    "interview",
    "joint_meeting",
    "help_question",
    "solution_search",
    "escalation",
    "consultation",
    "outcome",
)


# --- Timeline ----------------------------------------------------------------------------------------


def timeline_for_case(case: Case) -> list[Step]:
    """The case's steps, newest first, with everything the timeline shows, in five queries.

    Each step has its detail loaded (``step.interview``, ``step.escalation``, ...), ``revisions`` and
    ``actions`` prefetched; a joint meeting has ``agenda_list``, ``participant_list``,
    ``statement_list`` and ``agreement_list``; a search has its ``requests`` prefetched.
    """
    steps = list(
        Step.objects.filter(case=case)
        .select_related("author", *DETAIL_RELATIONS)
        .prefetch_related(
            Prefetch("revisions", queryset=StepRevision.objects.select_related("replaced_by")),
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner").order_by("due_on", "id")),
            Prefetch(
                "solution_search__requests",
                queryset=OrganisationRequest.objects.select_related("organisation"),
            ),
        )
        .order_by("-occurred_on", "-created_at", "-id")
    )
    attach_meeting_lines([step.joint_meeting for step in steps if step.kind == StepKind.JOINT_MEETING])
    return steps


def attach_meeting_lines(meetings) -> None:
    """Load the agenda, participants, statements and agreements of ``meetings`` in ONE query.

    The four tables are read with a UNION ALL of the same columns, so the timeline needs one query
    for all of them instead of four (the case page has a budget of 12 queries in all).
    """
    by_id = {meeting.pk: meeting for meeting in meetings}
    for meeting in meetings:
        meeting.agenda_list, meeting.participant_list = [], []
        meeting.statement_list, meeting.agreement_list = [], []
    if not by_id:
        return

    def lines(model, kind, *, position, text_a, text_b, text_c, flag):
        # Same annotation names in the same order for every part of the union.
        return (
            model.objects.filter(meeting_id__in=by_id)
            .annotate(
                line_meeting=F("meeting_id"),
                line_kind=Value(kind, output_field=CharField()),
                line_id=F("id"),
                line_position=position,
                line_a=text_a,
                line_b=text_b,
                line_c=text_c,
                line_flag=flag,
            )
            .values_list(
                "line_meeting",
                "line_kind",
                "line_id",
                "line_position",
                "line_a",
                "line_b",
                "line_c",
                "line_flag",
            )
            .order_by()
        )

    empty = Value("", output_field=CharField())
    zero = Value(0, output_field=IntegerField())
    false = Value(False, output_field=BooleanField())
    agenda = lines(
        AgendaItem,
        "agenda",
        position=F("position"),
        text_a=F("title"),
        text_b=empty,
        text_c=empty,
        flag=false,
    )
    participants = lines(
        Participant,
        "participant",
        position=zero,
        text_a=F("name"),
        text_b=F("role"),
        text_c=F("party_kind"),
        flag=F("attended"),
    )
    statements = lines(
        Statement, "statement", position=zero, text_a=F("speaker"), text_b=F("text"), text_c=empty, flag=false
    )
    agreements = lines(
        Agreement,
        "agreement",
        position=F("position"),
        text_a=F("text"),
        text_b=empty,
        text_c=empty,
        flag=false,
    )
    rows = agenda.union(participants, statements, agreements, all=True)
    for meeting_id, kind, pk, position, text_a, text_b, text_c, flag in sorted(
        rows, key=lambda r: (r[3], r[2])
    ):
        meeting = by_id[meeting_id]
        if kind == "agenda":
            meeting.agenda_list.append(
                AgendaItem(id=pk, meeting_id=meeting_id, position=position, title=text_a)
            )
        elif kind == "participant":
            meeting.participant_list.append(
                Participant(
                    id=pk, meeting_id=meeting_id, name=text_a, role=text_b, party_kind=text_c, attended=flag
                )
            )
        elif kind == "statement":
            meeting.statement_list.append(
                Statement(id=pk, meeting_id=meeting_id, speaker=text_a, text=text_b)
            )
        else:
            meeting.agreement_list.append(
                Agreement(id=pk, meeting_id=meeting_id, position=position, text=text_a)
            )


def get_step(case: Case, pk: int) -> Step:
    """A step of ``case`` (fetched through ``get_case_for_request``), or ``Http404``."""
    step = Step.objects.filter(case=case, pk=pk).select_related("case", *DETAIL_RELATIONS).first()
    if step is None:
        raise Http404
    return step


# --- Actions -----------------------------------------------------------------------------------------


def open_actions_for_user(user, *, today: date | None = None) -> QuerySet[ActionItem]:
    """Open action items the user owns or that are on cases they work on, overdue first, then by due date.

    Actions on closed cases are left out: nothing can be done on them any more.
    """
    today = today or timezone.localdate()
    visible = Q(owner=user) | Q(step__case__in=cases_for_user(user).values("pk"))
    return (
        ActionItem.objects.filter(visible, done_at__isnull=True)
        .exclude(step__case__status=CaseStatus.CLOSED)
        .select_related("step__case", "owner")
        .annotate(is_overdue=ExpressionWrapper(Q(due_on__lt=today), output_field=BooleanField()))
        .order_by("-is_overdue", "due_on", "id")
    )


def get_action_for_user(user, pk: int) -> ActionItem:
    """An action the user owns or that is on a case they work on, or ``Http404``."""
    visible = Q(owner=user) | Q(step__case__in=cases_for_user(user).values("pk"))
    action = ActionItem.objects.filter(visible, pk=pk).select_related("step__case").first()
    if action is None:
        raise Http404
    return action


# --- Dashboard signals -------------------------------------------------------------------------------


def dashboard_signals(user, *, today: date | None = None) -> dict:
    """Counts and cases (reference, status) per signal for the user's cases, and recently closed cases.

    The signals are the case list's (``cases.selectors.signal_conditions``), so the dashboard and the
    filtered list always agree. Two queries: the open cases with any signal (flagged in SQL), the closed ones.
    """
    flags = signal_conditions(today=today)
    any_signal = Q()
    for condition in flags.values():
        any_signal |= condition
    flagged = with_signal_flags(cases_for_user(user).filter(any_signal), today=today).order_by(
        "last_step_at", "reference"
    )
    signals = {name: {"count": 0, "cases": []} for name in flags}
    for case in flagged:
        for name in flags:
            if getattr(case, f"signal_{name}"):
                signals[name]["count"] += 1
                if len(signals[name]["cases"]) < SIGNAL_CASES_SHOWN:
                    signals[name]["cases"].append(case)
    recently_closed = list(
        cases_for_user(user)
        .filter(status=CaseStatus.CLOSED)
        .order_by(F("closed_at").desc(nulls_last=True))[:5]
    )
    return {"signals": signals, "recently_closed": recently_closed}
