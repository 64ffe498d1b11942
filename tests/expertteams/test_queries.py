"""Query budgets: the timeline section, "Mijn acties" and the dashboard panel stay constant in size."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from expertteams import services
from expertteams.models import Step, StepKind
from expertteams.views import timeline_context
from tests.expertteams.factories import CaseFactory, log

pytestmark = pytest.mark.django_db

# The full timeline (``expertteams:timeline``, with details): steps (with author), revisions, actions, one
# query per kind with a detail on the page (ten here: every kind) and one per child list of those kinds:
# a joint meeting's agenda, participants, statements and agreements, a search's organisations. It was 8
# when the details were LEFT JOINed into the steps query, which PostgreSQL took 15-30 ms to plan (eleven
# tables); the ten small queries cost less than that. It was 4 when the five child tables were one
# hand-built UNION ALL.
TIMELINE_SECTION_BUDGET = 18
# The timeline on the case page: the steps (with author) and their actions; no details.
CASE_PAGE_TIMELINE_BUDGET = 2
# The rest of the case page (tests/cases/test_case_page.py): the request (session, user, roles,
# calendar), the case, its latest status change, the access log. The record, aftercare, grants and who
# viewed the file are tabs of their own (``cases.sections``); before, this was 16.
CASE_PAGE_WITHOUT_TIMELINE = 7


def fill_timeline(case, actor, count: int) -> None:
    """``count`` steps cycling through every kind, with actions, and a correction on each fifth step."""
    kinds = StepKind.values
    for n in range(count):
        step = log(
            kinds[n % len(kinds)], case=case, actor=actor, occurred_on=date(2026, 1, 1) + timedelta(days=n)
        )
        if n % 5 == 0:
            services.correct_step(step=step, actor=actor, reason="correctie", title=f"Stap {n}")


def section_request(user):
    request = RequestFactory().get("/")
    request.user = user
    user.role_codes  # noqa: B018  (roles are loaded once per request by the navigation)
    return request


def render_section(request, case, *, details: bool = True) -> str:
    """The timeline section as the full timeline shows it (``details``) or the case page (without)."""
    context = timeline_context(request, case, details=details)
    return render_to_string("expertteams/case_timeline.html", {"data": context, "request": request})


def test_timeline_section_uses_a_constant_number_of_queries_with_30_steps(
    facilitator, django_assert_max_num_queries
):
    case = CaseFactory(facilitator=facilitator)
    fill_timeline(case, facilitator, 30)
    assert Step.objects.filter(case=case).count() == 30
    request = section_request(facilitator)

    with django_assert_max_num_queries(TIMELINE_SECTION_BUDGET):
        html = render_section(request, case)

    assert html.count('class="timeline-item"') == 30


def test_timeline_section_query_count_does_not_grow_with_steps(facilitator):
    small, large = CaseFactory(facilitator=facilitator), CaseFactory(facilitator=facilitator)
    # Both hold every kind: the count follows the kinds on the page (at most one query per kind and
    # child list), never the number of steps.
    fill_timeline(small, facilitator, len(StepKind.values))
    fill_timeline(large, facilitator, 3 * len(StepKind.values))
    request = section_request(facilitator)

    counts = []
    for case in (small, large):
        with CaptureQueriesContext(connection) as queries:
            render_section(request, case)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def my_actions_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("expertteams:my_actions")).status_code == 200
    return len(queries)


def test_my_actions_uses_a_constant_number_of_queries(client_for, facilitator):
    client = client_for(facilitator)
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.JOINT_MEETING, case=case, actor=facilitator)
    few = my_actions_queries(client)

    for _n in range(10):
        log(StepKind.JOINT_MEETING, case=CaseFactory(facilitator=facilitator), actor=facilitator)
    many = my_actions_queries(client)

    # session, user, roles, session save (3: savepoint, update, release); then count and page of actions
    assert few == many <= 8


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:dashboard")).status_code == 200
    return len(queries)


def test_dashboard_panel_uses_a_constant_number_of_queries(client_for, coordinator, facilitator):
    client = client_for(coordinator)
    log(StepKind.ESCALATION, case=CaseFactory(facilitator=facilitator), actor=facilitator)
    few = dashboard_queries(client)

    for _n in range(8):
        case = CaseFactory(facilitator=facilitator, placement_changes=4)
        log(StepKind.ESCALATION, case=case, actor=facilitator)
    many = dashboard_queries(client)

    assert few == many


def test_whole_case_page_with_30_steps_stays_within_its_query_budget(
    client_for, facilitator, django_assert_max_num_queries
):
    case = CaseFactory(facilitator=facilitator)
    fill_timeline(case, facilitator, 30)
    client = client_for(facilitator)

    client.get(reverse("cases:detail", args=[case.reference]))  # warm-up request

    with django_assert_max_num_queries(CASE_PAGE_WITHOUT_TIMELINE + CASE_PAGE_TIMELINE_BUDGET):
        response = client.get(reverse("cases:detail", args=[case.reference]))

    assert response.status_code == 200
    assert response.content.decode().count('class="timeline-item"') == 30


def test_the_case_page_lists_the_steps_without_details_in_two_queries(
    facilitator, django_assert_max_num_queries
):
    case = CaseFactory(facilitator=facilitator)
    fill_timeline(case, facilitator, 30)
    request = section_request(facilitator)

    with CaptureQueriesContext(connection) as queries:
        html = render_section(request, case, details=False)

    assert len(queries) == CASE_PAGE_TIMELINE_BUDGET
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "expertteams_jointmeeting" not in read and "expertteams_steprevision" not in read
    assert html.count('class="timeline-item"') == 30
    assert "Wat ieder zei" not in html
    assert "Wat ieder zei" in render_section(request, case, details=True)  # a joint meeting's statements


def test_timeline_section_shows_one_page_of_50_in_the_same_queries_with_200_steps(facilitator):
    small, large = CaseFactory(facilitator=facilitator), CaseFactory(facilitator=facilitator)
    fill_timeline(small, facilitator, 10)
    fill_timeline(large, facilitator, 10)
    Step.objects.bulk_create(
        Step(
            case=large, kind=StepKind.NOTE, occurred_on=date(2025, 1, 1), title=f"Oud {n}", author=facilitator
        )
        for n in range(190)
    )
    request = section_request(facilitator)

    counts, html = [], ""
    for case in (small, large):
        with CaptureQueriesContext(connection) as queries:
            html = render_section(request, case)
        counts.append(len(queries))

    assert counts[0] == counts[1] <= TIMELINE_SECTION_BUDGET
    assert html.count('class="timeline-item"') == 50


def test_an_older_timeline_page_costs_one_query_more(facilitator, django_assert_max_num_queries):
    case = CaseFactory(facilitator=facilitator)
    fill_timeline(case, facilitator, 10)
    Step.objects.bulk_create(
        Step(
            case=case, kind=StepKind.NOTE, occurred_on=date(2025, 1, 1), title=f"Oud {n}", author=facilitator
        )
        for n in range(100)
    )
    start = Step.objects.filter(case=case).order_by("occurred_on", "id").values_list("pk", flat=True)[60]
    request = RequestFactory().get("/", {"vanaf": start})
    request.user = facilitator
    facilitator.role_codes  # noqa: B018

    with django_assert_max_num_queries(TIMELINE_SECTION_BUDGET + 1):
        html = render_section(request, case)

    assert html.count('class="timeline-item"') == 50
    assert f'id="stap-{start}"' in html
