"""The case page and its tabs: what they show, that every view is logged, free text escaped, and that each
stays within its query budget (the case page reads none of the record)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Assignment, CaseStatus
from core.models import AccessLog
from tests.cases.factories import (
    CaseFactory,
    ConsentFactory,
    DocumentFactory,
    PersonFactory,
    ProfessionalFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db

# The header of every tab: the request (session, user, roles, calendar), the case, its latest status
# change, the access log. The case page adds the timeline (this case has no steps; with steps of every
# kind it adds up to 4 more, see tests/expertteams/test_queries.py). Before the tabs, the one page read
# everything in 19 queries (12 when the record was one hand-built UNION ALL).
CASE_PAGE_BUDGET = 8
# The "Registratie" tab: the header, who registered the case, and one query per record table (persons,
# professionals, consents, documents, status changes, assignments, placement episodes).
RECORD_TAB_BUDGET = 15

RECORD_TABLES = (
    "cases_involvedperson",
    "cases_involvedprofessional",
    "cases_consent",
    "cases_document",
    "cases_assignment",
    "cases_placementepisode",
)


def detail_url(case) -> str:
    return reverse("cases:detail", args=[case.reference])


def tab_url(case, tab: str) -> str:
    return reverse("cases:tab", args=[case.reference, tab])


def test_case_page_shows_the_record(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, youth_name="Amy", youth_initials="A.", youth_birth_year=2007)
    mother = PersonFactory(case=case, name="Moeder van Amy")
    ProfessionalFactory(case=case, name="Jeroen", organisation_name="Levvel", role="Ambulant hulpverlener")
    ConsentFactory(case=case, person=mother)
    ConsentFactory(case=case)
    StatusChangeFactory(case=case, from_status=CaseStatus.REFERRED, to_status=CaseStatus.INTAKE)
    DocumentFactory(case=case, original_name="plan.pdf")
    Assignment.objects.create(case=case, facilitator=facilitator, assigned_by=facilitator)

    response = client_for(facilitator).get(tab_url(case, "registratie"))

    html = response.content.decode()
    assert response.status_code == 200
    for text in (case.reference, "Amy", "A.", "2007", "Moeder van Amy", "Levvel", "Jongere", "plan.pdf"):
        assert text in html
    assert html.count('class="mb-1 status-change"') == 1
    assert html.count('class="mb-1 assignment"') == 1


def test_every_view_of_the_case_page_is_logged(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    client = client_for(facilitator)

    client.get(detail_url(case))
    client.get(detail_url(case))

    assert (
        AccessLog.objects.filter(
            object_type="cases.case", object_id=str(case.pk), action=AccessLog.Action.VIEW, user=facilitator
        ).count()
        == 2
    )


@pytest.mark.parametrize("tab", ["registratie", "nazorg", "subsidies", "inzage"])
def test_every_tab_is_logged_with_its_name(client_for, facilitator, tab):
    case = CaseFactory(facilitator=facilitator)

    assert client_for(facilitator).get(tab_url(case, tab)).status_code == 200

    views = AccessLog.objects.filter(
        object_type="cases.case", object_id=str(case.pk), action=AccessLog.Action.VIEW
    )
    assert list(views.values_list("detail", flat=True)) == [tab]


def test_the_tabs_are_links_and_the_current_one_is_marked(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)

    html = client_for(facilitator).get(tab_url(case, "subsidies")).content.decode()

    tabs = html[html.index('class="nav nav-tabs case-tabs"') :]
    tabs = tabs[: tabs.index("</ul>")]
    for label, url in (
        ("Tijdlijn", detail_url(case)),
        ("Registratie", tab_url(case, "registratie")),
        ("Evaluatie en nazorg", tab_url(case, "nazorg")),
        ("Inzage", tab_url(case, "inzage")),
    ):
        assert f'href="{url}">{label}</a>' in tabs
    assert f'href="{tab_url(case, "subsidies")}" aria-current="page">Subsidieaanvragen</a>' in tabs
    assert tabs.count('aria-current="page"') == 1
    assert "<title>" in html and f"{case.reference} · Subsidieaanvragen" in html


def test_an_unknown_tab_is_not_found_and_a_tab_leaks_no_case(client_for, facilitator, facilitator_fle):
    case = CaseFactory(facilitator=facilitator)
    assert client_for(facilitator).get(f"{detail_url(case)}onbekend/").status_code == 404
    for tab in ("registratie", "inzage"):
        assert client_for(facilitator_fle).get(tab_url(case, tab)).status_code == 404
    assert not AccessLog.objects.filter(object_id=str(case.pk), action=AccessLog.Action.VIEW).exists()


def test_the_case_page_reads_none_of_the_record(client_for, facilitator):
    """The point of the tabs: the case page costs the header and the timeline, whatever the file holds."""
    case = CaseFactory(facilitator=facilitator)
    for _n in range(3):
        PersonFactory(case=case)
        DocumentFactory(case=case)
    client = client_for(facilitator)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(detail_url(case))

    assert response.status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert [table for table in RECORD_TABLES if table in read] == []
    assert 'id="tijdlijn"' in response.content.decode()


def test_free_text_with_a_script_is_shown_escaped(client_for, facilitator):
    evil = "<script>alert('x')</script>"
    case = CaseFactory(facilitator=facilitator, help_question=evil, youth_name=evil[:60])
    PersonFactory(case=case, name=evil[:120])

    html = client_for(facilitator).get(detail_url(case)).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_case_page_stays_within_its_query_budget_with_30_rows_of_everything(
    client_for, facilitator, django_assert_max_num_queries
):
    case = CaseFactory(facilitator=facilitator)
    for _n in range(30):
        person = PersonFactory(case=case)
        ProfessionalFactory(case=case)
        ConsentFactory(case=case, person=person)
        DocumentFactory(case=case)
        StatusChangeFactory(case=case)
        Assignment.objects.create(case=case, facilitator=facilitator, assigned_by=facilitator)
    client = client_for(facilitator)
    client.get(detail_url(case))  # warm-up request
    with django_assert_max_num_queries(CASE_PAGE_BUDGET):
        assert client.get(detail_url(case)).status_code == 200

    with django_assert_max_num_queries(RECORD_TAB_BUDGET):
        response = client.get(tab_url(case, "registratie"))

    html = response.content.decode()
    assert html.count('class="mb-1 person"') == 30
    assert html.count('class="consent"') == 30
    assert html.count('document">') >= 30
    assert html.count('class="mb-1 status-change"') == 30
