"""Less typing: fields that name a person offer the case's registered persons and professionals (an
HTML datalist, so it works without JavaScript), and free text stays possible."""

import re

import pytest
from django.urls import reverse

from expertteams.models import ActionItem, Participant, StepKind
from tests.cases.factories import PersonFactory, ProfessionalFactory
from tests.expertteams.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(facilitator):
    case = CaseFactory(facilitator=facilitator)
    PersonFactory(case=case, name="Moeder Jansen", relation="moeder")
    ProfessionalFactory(case=case, name="Dirk de Vries", role="jeugdbeschermer")
    return case


def page(client, case, kind):
    return client.get(reverse("expertteams:step_create", args=[case.reference, kind])).content.decode()


def test_the_meeting_form_offers_the_case_people_on_participants_speakers_and_owners(
    client_for, facilitator, case
):
    html = page(client_for(facilitator), case, StepKind.JOINT_MEETING)
    datalist = re.search(r'<datalist id="mensen-van-de-casus">(.*?)</datalist>', html, re.S).group(1)
    assert '<option value="Moeder Jansen">Moeder</option>' in datalist
    assert '<option value="Dirk de Vries">jeugdbeschermer, ' in datalist
    for field in ("participants-0-name", "statements-0-speaker", "actions-0-owner_name"):
        tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html).group(0)
        assert 'list="mensen-van-de-casus"' in tag, field


def test_the_interview_form_offers_them_for_the_partner(client_for, facilitator, case):
    html = page(client_for(facilitator), case, StepKind.INTERVIEW)
    tag = re.search(r'<input[^>]*name="party_name"[^>]*>', html).group(0)
    assert 'list="mensen-van-de-casus"' in tag


def test_a_case_without_people_shows_no_list(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    assert "<datalist" not in page(client_for(facilitator), case, StepKind.JOINT_MEETING)


def test_a_chosen_name_and_free_text_are_both_stored(client_for, facilitator, case):
    client = client_for(facilitator)
    data = {
        "occurred_on": "2026-03-02",
        "agenda": "Kennismaking",
        "agreements": "Samen verder",
        "participants-TOTAL_FORMS": "2", "participants-INITIAL_FORMS": "0",
        "participants-0-name": "Moeder Jansen", "participants-0-attended": "1",
        "participants-1-name": "Buurvrouw Els", "participants-1-attended": "1",
        "statements-TOTAL_FORMS": "0", "statements-INITIAL_FORMS": "0",
        "actions-TOTAL_FORMS": "1", "actions-INITIAL_FORMS": "0",
        "actions-0-description": "Gezinshuizen bellen", "actions-0-owner_name": "Dirk de Vries",
        "actions-0-due_on": "2026-03-09",
    }  # fmt: skip
    response = client.post(
        reverse("expertteams:step_create", args=[case.reference, StepKind.JOINT_MEETING]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(Participant.objects.values_list("name", flat=True)) == ["Buurvrouw Els", "Moeder Jansen"]
    assert ActionItem.objects.get().owner_name == "Dirk de Vries"
