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
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
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
    """The case's steps, newest first, with everything the timeline shows, in four queries.

    Each step has its detail loaded (``step.interview``, ``step.escalation``, ...), ``revisions`` and
    ``actions`` prefetched; a joint meeting has ``agenda_list``, ``participant_list``,
    ``statement_list`` and ``agreement_list``; a search has its ``request_list``.
    """
    steps = list(
        Step.objects.filter(case=case)
        .select_related("author", *DETAIL_RELATIONS)
        .prefetch_related(
            Prefetch("revisions", queryset=StepRevision.objects.select_related("replaced_by")),
            Prefetch("actions", queryset=ActionItem.objects.select_related("owner").order_by("due_on", "id")),
        )
        .order_by("-occurred_on", "-created_at", "-id")
    )
    attach_lines(
        meetings=[step.joint_meeting for step in steps if step.kind == StepKind.JOINT_MEETING],
        searches=[step.solution_search for step in steps if step.kind == StepKind.SOLUTION_SEARCH],
    )
    return steps


def attach_lines(*, meetings, searches) -> None:
    """Load the agenda, participants, statements and agreements of ``meetings`` and the organisations
    asked in ``searches`` in ONE query.

    The five tables are read with a UNION ALL of the same columns, so the timeline needs one query
    for all of them instead of five (the case page has a budget of 12 queries in all).
    """
    meetings_by_id = {meeting.pk: meeting for meeting in meetings}
    searches_by_id = {search.pk: search for search in searches}
    for meeting in meetings:
        meeting.agenda_list, meeting.participant_list = [], []
        meeting.statement_list, meeting.agreement_list = [], []
    for search in searches:
        search.request_list = []
    if not meetings_by_id and not searches_by_id:
        return

    def lines(
        model,
        kind,
        *,
        owner="meeting_id",
        owners=meetings_by_id,
        position,
        text_a,
        text_b,
        text_c,
        flag,
        day=None,
    ):
        # Same annotation names in the same order for every part of the union.
        return (
            model.objects.filter(**{f"{owner}__in": owners})
            .annotate(
                line_owner=F(owner),
                line_kind=Value(kind, output_field=CharField()),
                line_id=F("id"),
                line_position=position,
                line_a=text_a,
                line_b=text_b,
                line_c=text_c,
                line_flag=flag,
                line_date=day if day is not None else Cast(Value(None), output_field=DateField()),
            )
            .values_list(
                "line_owner",
                "line_kind",
                "line_id",
                "line_position",
                "line_a",
                "line_b",
                "line_c",
                "line_flag",
                "line_date",
            )
            .order_by()
        )

    empty = Value("", output_field=CharField())
    zero = Value(0, output_field=IntegerField())
    false = Value(False, output_field=BooleanField())
    requests = lines(
        OrganisationRequest,
        "request",
        owner="search_id",
        owners=searches_by_id,
        position=zero,
        text_a=Coalesce(NullIf(F("organisation_name"), empty), F("organisation__name"), empty),
        text_b=F("answer"),
        text_c=empty,
        flag=F("positive"),
        day=F("asked_on"),
    )
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
    rows = agenda.union(participants, statements, agreements, requests, all=True)
    for owner_id, kind, pk, position, text_a, text_b, text_c, flag, day in sorted(
        rows, key=lambda r: (r[3], r[2])
    ):
        if kind == "request":
            searches_by_id[owner_id].request_list.append(
                OrganisationRequest(
                    id=pk,
                    search_id=owner_id,
                    organisation_name=text_a,
                    answer=text_b,
                    positive=flag,
                    asked_on=day,
                )
            )
            continue
        meeting_id, meeting = owner_id, meetings_by_id[owner_id]
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
