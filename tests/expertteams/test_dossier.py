"""The printable case file: the whole case as one PDF, for those who may see the case, logged as an export."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from cases import placements
from core.models import AccessLog
from expertteams import followups
from expertteams.models import StepKind
from tests.cases.factories import CaseFactory, ConsentFactory, PersonFactory, ProfessionalFactory
from tests.expertteams.factories import log

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def a_full_case(facilitator):
    case = CaseFactory(facilitator=facilitator, youth_name="Amy", help_question="Rust en een eigen plek")
    person = PersonFactory(case=case, name="Moeder Jansen")
    ProfessionalFactory(case=case, name="Dirk de Vries")
    ConsentFactory(case=case, person=person)
    log(StepKind.INTERVIEW, case=case, actor=facilitator, title="Gesprek met moeder")
    log(StepKind.OUTCOME, case=case, actor=facilitator, title="Uitkomst vastgelegd")
    placements.add_episode(
        case=case,
        actor=facilitator,
        placement_type="crisisopvang",
        started_on=date(2025, 11, 3),
        ended_on=date(2025, 12, 1),
        provider="Crisisopvang De Haven",
        forced=True,
    )
    followups.plan_review(
        case=case,
        actor=facilitator,
        due_on=date(2026, 4, 1),
        owner=facilitator,
        what_to_check="Loopt school?",
    )
    return case


def test_the_case_file_holds_the_whole_case(client_for, facilitator):
    case = a_full_case(facilitator)
    response = client_for(facilitator).get(reverse("case_file", args=[case.reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="dossier-{case.reference}.pdf"'
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    for expected in (
        case.reference,
        "Amy",
        "Rust en een eigen plek",
        "Moeder Jansen",
        "Dirk de Vries",
        "Gesprek met moeder",
        "Niemand hoort onze vraag",  # the interview's details
        "Uitkomst vastgelegd",
        "Toestemmingen",
        "Crisisopvang De Haven",  # the placement history
        "gedwongen plaatsing",
        "Loopt school?",  # a review moment
    ):
        assert expected in text, expected


def test_printing_is_an_export_in_the_access_log(client_for, facilitator):
    case = a_full_case(facilitator)
    client_for(facilitator).get(reverse("case_file", args=[case.reference]))
    row = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (row.object_id, row.user, row.detail) == (str(case.pk), facilitator, "dossier")


def test_coordinator_of_the_team_may_print(client_for, facilitator, coordinator):
    case = a_full_case(facilitator)
    assert client_for(coordinator).get(reverse("case_file", args=[case.reference])).status_code == 200


@pytest.mark.parametrize("who", ["facilitator_other", "facilitator_fle", "coordinator_fle", "municipal_user"])
def test_others_get_not_found_and_nothing_is_logged(client_for, facilitator, request, who):
    case = a_full_case(facilitator)
    response = client_for(request.getfixturevalue(who)).get(reverse("case_file", args=[case.reference]))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_anonymous_is_sent_to_login(client, facilitator):
    case = a_full_case(facilitator)
    response = client.get(reverse("case_file", args=[case.reference]))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_the_query_count_does_not_grow_with_the_steps(client_for, facilitator):
    case = a_full_case(facilitator)
    log(StepKind.JOINT_MEETING, case=case, actor=facilitator)  # a kind's child lists load once it occurs
    client = client_for(facilitator)
    url = reverse("case_file", args=[case.reference])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        log(StepKind.INTERVIEW, case=case, actor=facilitator)
        log(StepKind.JOINT_MEETING, case=case, actor=facilitator)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
