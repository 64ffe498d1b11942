"""The case page is laid out around the work: the primary actions (add a step, change the status, close)
sit in its header, the case's own facilitator gets the timeline first with the registration folded
away, and everybody else reads the registration first."""

import pytest
from django.urls import reverse

from cases.models import CaseStatus
from expertteams.models import StepKind
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


def test_the_cases_facilitator_gets_the_timeline_first_and_the_registration_folded(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    html = case_page(client_for(facilitator), case)
    assert html.index('id="tijdlijn"') < html.index('id="aanmelding"')
    assert html.index('id="tijdlijn"') < html.index('id="nazorg"')
    registration = html[html.index('id="aanmelding"') :]
    assert '<details class="case-section">' in registration[:200]  # folded: no ``open``
    documents = html[html.index('id="documenten"') :]
    assert '<details class="case-section" open>' in documents[:200]


def test_the_coordinator_reads_the_registration_first_with_every_section_open(
    client_for, coordinator, facilitator
):
    case = CaseFactory(facilitator=facilitator)
    html = case_page(client_for(coordinator), case)
    assert html.index('id="aanmelding"') < html.index('id="tijdlijn"')
    assert '<details class="case-section">' not in html
    assert html.count('<details class="case-section" open>') == 8
    assert ADD_STEP in html  # the coordinator may log steps too


def test_a_closed_case_offers_no_step_to_add(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, status=CaseStatus.CLOSED)
    html = case_page(client_for(facilitator), case)
    assert ADD_STEP not in html


def test_the_timeline_page_keeps_its_own_add_step_menu(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    response = client_for(facilitator).get(reverse("expertteams:timeline", args=[case.reference]))
    assert response.content.decode().count(ADD_STEP) == 1
