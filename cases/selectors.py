"""Reads of cases. Access is filtered in SQL: every caller starts from ``cases_for_user``.

The signals of the case list and the dashboard (``stalled``, ``escalation``, ``overdue_actions``,
``many_changes``) are SQL conditions on ``Case`` fields only; the timeline (``expertteams``) keeps those
fields up to date, so ``cases`` never imports ``expertteams``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cases.models import (
    Assignment,
    Case,
    CaseStatus,
    CaseStatusChange,
    Consent,
    Document,
    InvolvedPerson,
    InvolvedProfessional,
    PlacementEpisode,
    Urgency,
)
from cases.placements import PlacementSummary, placement_summary
from cases.services import normalise_initials
from core import breakglass
from core.formatting import day_start
from core.models import Role, RoleAssignment
from core.workdays import WorkingDayCalendar, get_calendar

STALLED_AFTER_WORKING_DAYS = 10
MANY_CHANGES = 3
PAGE_SIZE = 25

SIGNALS = {
    "stalled": _("Dreigt vast te lopen"),
    "escalation": _("Open escalatie bij de Raad"),
    "overdue_actions": _("Acties over de datum"),
    "many_changes": _("Veel wisselingen"),
    "review_overdue": _("Evaluatie te laat"),
    "aftercare_this_week": _("Nazorg gepland deze week"),
}
# The same signals explained, where there is room (the dashboard's signal panel).
SIGNALS_EXPLAINED = {
    **SIGNALS,
    "stalled": format_lazy(
        _("Dreigt vast te lopen ({days} werkdagen geen stap)"), days=STALLED_AFTER_WORKING_DAYS
    ),
    "many_changes": _("Veel wisselingen van plek of hulpverlener"),
}

# Sorting by status follows the workflow, not the alphabet.
STATUS_ORDER = SqlCase(
    *(When(status=status, then=Value(n)) for n, status in enumerate(CaseStatus.values)),
    default=Value(len(CaseStatus.values)),
    output_field=IntegerField(),
)

# Most urgent first: crisis, hoog, normaal.
URGENCY_ORDER = SqlCase(
    *(When(urgency=urgency, then=Value(n)) for n, urgency in enumerate(reversed(Urgency.values))),
    default=Value(len(Urgency.values)),
    output_field=IntegerField(),
)

# The list is scoped to a team or a facilitator first (indexes on those), so each sort orders a few
# hundred rows at most; the tie-breakers make every order total, so pages never overlap.
SORTS = {
    "reference": (F("reference").asc(),),
    "-reference": (F("reference").desc(),),
    "created": (F("created_at").asc(), F("id").asc()),
    "-created": (F("created_at").desc(), F("id").desc()),
    "status": (STATUS_ORDER.asc(), F("reference").asc()),
    "-status": (STATUS_ORDER.desc(), F("reference").asc()),
    "last_step": (F("last_step_at").asc(nulls_first=True), F("reference").asc()),
    "-last_step": (F("last_step_at").desc(nulls_last=True), F("reference").asc()),
    "urgency": (URGENCY_ORDER.asc(), F("next_action_due").asc(nulls_last=True), F("reference").asc()),
    "next_action": (F("next_action_due").asc(nulls_last=True), F("reference").asc()),
}
DEFAULT_SORT = "-created"


def cases_for_user(user) -> QuerySet[Case]:
    """The cases ``user`` works on now: as the assigned facilitator while still a facilitator in the
    case's team, or as coordinator of the case's team.

    Access follows the organisation: a facilitator moved to another team, or replaced on the case,
    loses the case (and its actions) at once. Nobody else sees a case (other facilitators,
    municipality, committee, providers, learners, administrators without a break-the-glass grant).
    """
    if not user.is_authenticated:
        return Case.objects.none()
    return Case.objects.filter(visible_to(user))


def visible_to(user) -> Q:
    """The condition of ``cases_for_user`` on ``Case`` itself, for a queryset that must not go through
    a subquery (one case by its reference: ``pk IN (SELECT ...)`` made PostgreSQL plan a self-join).
    ``works_on_case_condition`` states the same rule for rows that each name their own user."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    facilitated_teams = user.team_ids(Role.FACILITATOR)
    visible = Q(facilitator=user, expert_team_id__in=facilitated_teams) if facilitated_teams else Q(pk__in=[])
    coordinated_teams = user.team_ids(Role.COORDINATOR)
    if coordinated_teams:
        visible |= Q(expert_team_id__in=coordinated_teams)
    return visible


def works_on_case_condition(user_field: str, case_path: str) -> Q:
    """``visible_to`` for rows that each name their own user: the user in ``user_field`` of the row
    works on the case at ``case_path`` (the assigned facilitator while still a facilitator of its team,
    or a coordinator of its team). For mail to the owners of actions and moments, which reaches only
    people who may open the case."""

    def has_role_in_team(role: str) -> Exists:
        return Exists(
            RoleAssignment.objects.filter(
                user_id=OuterRef(user_field),
                role=role,
                expert_team_id=OuterRef(f"{case_path}__expert_team_id"),
            )
        )

    assigned = Q(**{f"{case_path}__facilitator_id": F(user_field)}) & has_role_in_team(Role.FACILITATOR)
    return assigned | has_role_in_team(Role.COORDINATOR)


def get_case_for_request(request, reference: str, queryset: QuerySet[Case] | None = None) -> Case:
    """The case with ``reference`` if the requesting user may see it, else ``Http404`` (leaks nothing).

    An administrator who broke the glass for this case (``core.breakglass``) sees it too.
    """
    base = (queryset if queryset is not None else Case.objects.all()).order_by()  # the reference is unique
    case = base.filter(visible_to(request.user), reference=reference).first()
    if case is None and request.user.has_role(Role.ADMIN):
        candidate = base.filter(reference=reference).first()
        if candidate is not None and breakglass.has_grant(request, "cases.case", candidate.pk):
            case = candidate
    if case is None:
        raise Http404
    return case


def get_document_for_request(request, public_id: uuid.UUID) -> Document:
    """The document ``public_id`` if its case is visible to the requesting user, else ``Http404``."""
    document = Document.objects.filter(public_id=public_id).select_related("case").first()
    if document is None:
        raise Http404
    # The same access check as the case page, including a break-the-glass grant.
    get_case_for_request(request, document.case.reference, queryset=Case.objects.filter(pk=document.case_id))
    return document


# --- Signals -----------------------------------------------------------------------------------------


def stalled_before(today: date, calendar: WorkingDayCalendar) -> date:
    """The date 10 working days before ``today``: an open case whose last step (or, without steps,
    whose referral) lies before this date "threatens to get stuck"."""
    return calendar.working_days_before(today, STALLED_AFTER_WORKING_DAYS)


def current_stalled_before(today: date | None = None) -> date:
    """``stalled_before`` for ``today`` with the administrator's calendar (one query)."""
    today = today or timezone.localdate()
    return stalled_before(today, get_calendar())


def action_overdue(today: date) -> Q:
    """A case with an open action past its due date (the signal ``overdue_actions`` of an open case)."""
    return Q(next_action_due__lt=today)


def signal_conditions(*, today: date | None = None, before: date | None = None) -> dict[str, Q]:
    """The SQL condition of each signal on ``Case``. Signals concern open cases, except those of the
    follow-up cycle.

    ``stalled``: the last step (or the referral, without steps) lies before ``before`` (default
    ``current_stalled_before(today)``); a paused case is on hold on purpose and does not count.
    ``escalation``: an open escalation at the Raad. ``overdue_actions``: an action past its due date.
    ``review_overdue``: a planned review or aftercare moment lies before today ("evaluatie te laat").
    ``aftercare_this_week``: the next aftercare moment falls in this week, Monday to Sunday.
    ``many_changes``: 3 or more changes of placement and professional together, where the changes of
    placement come from the placement history (``placement_moves``) and, for a case without episodes,
    from the hand-kept historical counter.
    """
    today = today or timezone.localdate()
    before = before or current_stalled_before(today)
    start = day_start(before)
    is_open = ~Q(status=CaseStatus.CLOSED)
    return {
        "stalled": is_open
        & ~Q(status=CaseStatus.PAUSED)
        & (Q(last_step_at__lt=start) | Q(last_step_at__isnull=True, created_at__lt=start)),
        "escalation": is_open & Q(open_escalation=True),
        "overdue_actions": is_open & action_overdue(today),
        "many_changes": is_open
        & (
            Q(placement_moves__gte=Value(MANY_CHANGES) - F("professional_changes"))
            | Q(
                placement_moves__isnull=True,
                placement_changes__gte=Value(MANY_CHANGES) - F("professional_changes"),
            )
        ),
        # The follow-up cycle also concerns closed cases: aftercare happens after closing.
        "review_overdue": Q(next_review_due__lt=today) | Q(next_aftercare_due__lt=today),
        "aftercare_this_week": Q(
            next_aftercare_due__gte=today - timedelta(days=today.weekday()),
            next_aftercare_due__lte=today + timedelta(days=6 - today.weekday()),
        ),
    }


def with_signal(qs: QuerySet[Case], signal: str, today: date | None = None) -> QuerySet[Case]:
    """``qs`` narrowed to the cases showing ``signal`` (one of ``SIGNALS``)."""
    if signal not in SIGNALS:
        raise ValueError(f"Unknown signal: {signal}")
    return qs.filter(signal_conditions(today=today)[signal])


def with_signal_flags(
    qs: QuerySet[Case], today: date | None = None, *, conditions: dict[str, Q] | None = None
) -> QuerySet[Case]:
    """``qs`` with a boolean ``signal_<name>`` per signal (or per entry of ``conditions``, a subset of
    ``signal_conditions`` already worked out), computed in SQL."""
    if conditions is None:
        conditions = signal_conditions(today=today)
    return qs.annotate(
        **{
            f"signal_{name}": ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in conditions.items()
        }
    )


def signals_of(case: Case) -> list[tuple[str, str]]:
    """The (name, label) of each signal ``case`` shows (needs ``with_signal_flags``)."""
    return [(name, label) for name, label in SIGNALS.items() if getattr(case, f"signal_{name}", False)]


# --- The case list -----------------------------------------------------------------------------------


@dataclass
class FilterOptions:
    """Choices for the case list's filters: the user's teams, their regions and facilitators."""

    teams: list[tuple[int, str]] = field(default_factory=list)
    regions: list[tuple[int, str]] = field(default_factory=list)
    facilitators: list[tuple[int, str]] = field(default_factory=list)


def filter_options(user) -> FilterOptions:
    """The filter choices in ONE query: the role assignments in the teams the user works in."""
    team_ids = user.team_ids(Role.FACILITATOR, Role.COORDINATOR)
    coordinated = user.team_ids(Role.COORDINATOR)
    assignments = (
        RoleAssignment.objects.filter(
            Q(expert_team_id__in=team_ids, user=user)
            | Q(expert_team_id__in=coordinated, role=Role.FACILITATOR)
        )
        .select_related("user", "expert_team__region")
        .order_by("expert_team__name", "user__first_name", "user__last_name")
    )
    teams, regions, facilitators = {}, {}, {}
    for assignment in assignments:
        team = assignment.expert_team
        teams[team.pk] = team.name
        regions[team.region.pk] = team.region.name
        if assignment.role == Role.FACILITATOR:
            facilitators[assignment.user.pk] = str(assignment.user)
    return FilterOptions(
        teams=sorted(teams.items(), key=lambda t: t[1]),
        regions=sorted(regions.items(), key=lambda r: r[1]),
        facilitators=sorted(facilitators.items(), key=lambda f: f[1]),
    )


def youth_age(today: date, *, path: str = "") -> ExpressionWrapper:
    """The youth's age as an SQL expression: this year minus the birth year (the record holds only the
    birth year, so the age is at most one year high). ``path`` leads to the case, e.g. ``"step__case__"``."""
    return ExpressionWrapper(Value(today.year) - F(f"{path}youth_birth_year"), output_field=IntegerField())


def search_cases(
    user,
    *,
    query: str = "",
    status: str = "",
    region: int | None = None,
    team: int | None = None,
    facilitator: int | None = None,
    signal: str = "",
    sort: str = DEFAULT_SORT,
    today: date | None = None,
) -> QuerySet[Case]:
    """The visible cases of ``user`` matching the search and filters, with signal flags and the youth's
    age (``youth_age``: this year minus the birth year), sorted by one of ``SORTS``.

    ``query`` matches the reference, the start of the youth's first name, the initials or the
    municipality's name; only within the user's own cases (``cases_for_user``).
    """
    today = today or timezone.localdate()
    cases = cases_for_user(user)
    query = query.strip()
    if query:
        matches = (
            Q(reference__icontains=query)
            | Q(youth_name__istartswith=query)
            | Q(municipality__name__icontains=query)
        )
        initials = normalise_initials(query)
        if initials:
            matches |= Q(youth_initials__startswith=initials)
        cases = cases.filter(matches)
    if status:
        cases = cases.filter(status=status)
    if region:
        cases = cases.filter(region_id=region)
    if team:
        cases = cases.filter(expert_team_id=team)
    if facilitator:
        cases = cases.filter(facilitator_id=facilitator)
    if signal:
        cases = with_signal(cases, signal, today=today)
    return (
        with_signal_flags(cases, today=today)
        .annotate(youth_age=youth_age(today))
        .select_related("municipality", "region", "facilitator")
        .order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
    )


def paginate(cases: QuerySet[Case], page_number, per_page: int = PAGE_SIZE) -> Page:
    """One page of ``cases``: the total (``COUNT(*)``, which PostgreSQL answers from an index for a
    team's cases), then the page's rows (``LIMIT``/``OFFSET`` on the sort order's index). Two queries;
    a ``COUNT(*) OVER ()`` on the page query made one, but had to join and number every matching row
    first (220 ms for a team of 25,000 cases against 15 ms for the two)."""
    try:
        number = max(int(page_number), 1)
    except (TypeError, ValueError):
        number = 1
    paginator = Paginator(cases, per_page)
    number = min(number, paginator.num_pages)
    rows = list(cases[(number - 1) * per_page : number * per_page])
    return Page(rows, number, paginator)


def case_counts(user, today: date | None = None, *, conditions: dict[str, Q] | None = None) -> dict[str, int]:
    """``total``, ``status_<value>`` and ``signal_<name>`` over the user's cases in ONE aggregate query
    (``COUNT(*) FILTER``; ``conditions``: the signal conditions when the caller has them already)."""
    conditions = conditions or signal_conditions(today=today)
    return cases_for_user(user).aggregate(
        total=Count("pk"),
        **{f"status_{value}": Count("pk", filter=Q(status=value)) for value in CaseStatus.values},
        **{f"signal_{name}": Count("pk", filter=condition) for name, condition in conditions.items()},
    )


def request_signal_conditions(request) -> dict[str, Q]:
    """``signal_conditions`` for today, worked out once per request (it reads the working-day calendar):
    the home page's panels that count and list signals share it."""
    if not hasattr(request, "_signal_conditions"):
        request._signal_conditions = signal_conditions()
    return request._signal_conditions


def request_case_counts(request) -> dict[str, int]:
    """``case_counts`` of the requesting user, computed once per request: the home page's "Mijn
    casussen" and signals panels share it instead of scanning the same cases twice."""
    if not hasattr(request, "_case_counts"):
        request._case_counts = case_counts(request.user, conditions=request_signal_conditions(request))
    return request._case_counts


def my_cases_summary(user, today: date | None = None, *, counts: dict[str, int] | None = None) -> dict:
    """Counts of the user's cases per status and per signal (``counts``, else ``case_counts``: one query)."""
    totals = counts or case_counts(user, today)
    return {
        "total": totals["total"],
        "statuses": [(value, label, totals[f"status_{value}"]) for value, label in CaseStatus.choices],
        "signals": [(name, label, totals[f"signal_{name}"]) for name, label in SIGNALS.items()],
    }


# --- The case page -----------------------------------------------------------------------------------


def case_page_queryset() -> QuerySet[Case]:
    """The case with what its header shows, and its signal flags, in one query. (Who registered the
    case, ``created_by``, is on the tab "Registratie" only: it is read there.)"""
    return with_signal_flags(
        Case.objects.select_related("region", "municipality", "expert_team", "facilitator")
    )


@dataclass(frozen=True)
class Professional:
    """An involved professional as the case page shows them: the linked organisation's name, or
    the free-text one when no organisation is linked."""

    name: str
    role: str
    organisation_name: str

    @classmethod
    def of(cls, professional: InvolvedProfessional) -> Professional:
        organisation = professional.organisation
        return cls(
            name=professional.name,
            role=professional.role,
            organisation_name=organisation.name if organisation else professional.organisation_name,
        )


@dataclass
class CaseRecord:
    """Everything the case page shows besides the case itself; see ``case_record``."""

    persons: list[InvolvedPerson] = field(default_factory=list)
    professionals: list[Professional] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    status_changes: list[CaseStatusChange] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    episodes: list[PlacementEpisode] = field(default_factory=list)

    @cached_property
    def placements(self) -> PlacementSummary:
        """Totals of the placement history (no query)."""
        return placement_summary(self.episodes)


def last_status_change(case: Case) -> CaseStatusChange | None:
    """The case's latest status change (the header's "in behandeling sinds ..."), in one query."""
    return case.status_changes.only("case_id", "to_status", "changed_at", "reason").order_by("-pk").first()


def case_record(case: Case) -> CaseRecord:
    """The persons, professionals, consents, documents, status changes, assignments and placement
    episodes of ``case``: one query per table, whatever the number of rows.

    Each list is in order of entry (documents newest first). The users and the organisation a row
    points to come along in the same query (``select_related``), so the template may show them.
    """
    professionals = case.professionals.select_related("organisation").order_by("pk")
    return CaseRecord(
        persons=list(case.persons.order_by("pk")),
        professionals=[Professional.of(professional) for professional in professionals],
        consents=list(case.consents.select_related("person").order_by("pk")),
        documents=list(case.documents.select_related("uploaded_by").order_by("-pk")),
        status_changes=list(case.status_changes.select_related("changed_by").order_by("pk")),
        assignments=list(case.assignments.select_related("facilitator", "assigned_by").order_by("pk")),
        episodes=list(case.placement_episodes.order_by("started_on", "pk")),
    )
