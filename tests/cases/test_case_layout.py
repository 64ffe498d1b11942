"""The case page is laid out around the work: the primary actions (add a step, change the status, close)
sit in its header, the timeline is the case page for everybody, and the registration is a tab of its
own with every section open."""

import pytest
from django.urls import reverse

from cases.models import CaseStatus
from expertteams.models import StepKind
from tests.cases.factories import DocumentFactory
from tests.expertteams.factories import CaseFactory

pytestmark = pytest.mark.django_db

ADD_STEP = ">Stap toevoegen</button>"


def case_page(client, case) -> str:
    response = client.get(reverse("cases:detail", args=[case.reference]))
    assert response.status_code == 200
    return response.content.decode()


def test_add_step_sits_in_the_header_next_to_the_status_change(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    html = case_page(client_for(facilitator), case)
    assert html.count(ADD_STEP) == 1
    assert html.index(ADD_STEP) < html.index('id="status-wijzigen"') < html.index('id="tijdlijn"')
    assert reverse("expertteams:step_create", args=[case.reference, StepKind.CONTACT_FAMILY]) in html


@pytest.mark.parametrize("role", ["facilitator", "coordinator"])
def test_the_timeline_is_the_case_page_and_the_registration_a_tab(client_for, facilitator, coordinator, role):
    case = CaseFactory(facilitator=facilitator)
    client = client_for({"facilitator": facilitator, "coordinator": coordinator}[role])

    html = case_page(client, case)
    assert 'id="tijdlijn"' in html
    assert ADD_STEP in html  # the coordinator may log steps too
    for section in ('id="aanmelding"', 'id="documenten"', 'id="nazorg"', 'id="subsidies"', 'id="inzage"'):
        assert section not in html

    registration = client.get(reverse("cases:tab", args=[case.reference, "registratie"])).content.decode()
    assert 'id="aanmelding"' in registration and 'id="tijdlijn"' not in registration
    assert '<details class="case-section">' not in registration
    assert registration.count('<details class="case-section" open>') == 8


def test_add_step_sits_in_the_header_of_the_timeline_only(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    html = (
        client_for(facilitator)
        .get(reverse("cases:tab", args=[case.reference, "registratie"]))
        .content.decode()
    )
    assert ADD_STEP not in html
    assert 'id="status-wijzigen"' in html  # the status change is in the header of every tab


def test_a_closed_case_offers_no_step_to_add(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, status=CaseStatus.CLOSED)
    html = case_page(client_for(facilitator), case)
    assert ADD_STEP not in html


def test_the_timeline_page_keeps_its_own_add_step_menu(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    response = client_for(facilitator).get(reverse("expertteams:timeline", args=[case.reference]))
    assert response.content.decode().count(ADD_STEP) == 1


def test_pages_about_a_part_of_the_file_lead_back_to_its_tab(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    document = DocumentFactory(case=case)
    client = client_for(facilitator)

    def tab(name: str, anchor: str = "") -> str:
        return f'href="{reverse("cases:tab", args=[case.reference, name])}{anchor}"'

    pages = {
        reverse("cases:placements", args=[case.reference]): tab("registratie", "#verblijf"),
        reverse("cases:document_delete", args=[document.public_id]): tab("registratie", "#documenten"),
        reverse("cases:edit", args=[case.reference]): tab("registratie", "#aanmelding"),
        reverse("expertteams:plan_review", args=[case.reference]): tab("nazorg", "#nazorg"),
    }
    for url, back in pages.items():
        assert back in client.get(url).content.decode(), url


def test_pages_below_a_case_share_one_breadcrumb_back_to_it(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    client = client_for(facilitator)
    case_link = f'<li class="breadcrumb-item"><a href="{reverse("cases:detail", args=[case.reference])}">'
    pages = {
        reverse("cases:placements", args=[case.reference]): "Verblijfsgeschiedenis",
        reverse("cases:edit", args=[case.reference]): "Aanmelding wijzigen",
        reverse("expertteams:timeline", args=[case.reference]): "Tijdlijn",
        reverse("expertteams:step_create", args=[case.reference, StepKind.NOTE]): "Nieuwe stap",
        reverse("subsidies:start", args=[case.reference]): "Aanvraag starten",
    }
    for url, here in pages.items():
        page = client.get(url).content.decode()
        crumbs = page[page.index('<nav aria-label="Kruimelpad">') :]
        crumbs = crumbs[: crumbs.index("</nav>")]
        assert case_link in crumbs, url
        assert f'<li class="breadcrumb-item active" aria-current="page">{here}</li>' in crumbs, url
