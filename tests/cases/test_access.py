"""Access: only the assigned facilitator and the team's coordinator work on a case; everybody else 404."""

import pytest
from django.urls import reverse

from cases.models import CaseStatus
from tests.cases.factories import CaseFactory, ConsentFactory, DocumentFactory

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "facilitator_other",
    "facilitator_fle",
    "coordinator_fle",
    "municipal_user",
    "committee_member",
    "provider_user",
    "learner",
    "admin_user",
]


@pytest.fixture
def case(facilitator):
    return CaseFactory(facilitator=facilitator, status=CaseStatus.INTAKE)


def case_urls(case):
    document = DocumentFactory(case=case)
    consent = ConsentFactory(case=case)
    ref = case.reference
    return [
        ("get", reverse("cases:detail", args=[ref]), {}),
        ("get", reverse("cases:edit", args=[ref]), {}),
        ("post", reverse("cases:edit", args=[ref]), {"help_question": "x"}),
        ("post", reverse("cases:change_status", args=[ref]), {"to_status": "in_behandeling"}),
        ("get", reverse("cases:assign", args=[ref]), {}),
        ("post", reverse("cases:assign", args=[ref]), {}),
        ("post", reverse("cases:document_upload", args=[ref]), {}),
        ("get", reverse("cases:document_download", args=[document.public_id]), {}),
        ("get", reverse("cases:document_delete", args=[document.public_id]), {}),
        ("post", reverse("cases:document_delete", args=[document.public_id]), {}),
        ("post", reverse("cases:consent_withdraw", args=[ref, consent.pk]), {}),
    ]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_everybody_else_gets_404_on_every_case_url(request, client_for, case, outsider):
    client = client_for(request.getfixturevalue(outsider))

    for method, url, data in case_urls(case):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)

    case.refresh_from_db()
    assert case.status == CaseStatus.INTAKE
    assert case.documents.count() == 1


def test_unknown_reference_is_404_like_a_hidden_one(client_for, facilitator):
    assert client_for(facilitator).get(reverse("cases:detail", args=["UTR-2026-9999"])).status_code == 404


@pytest.mark.parametrize("worker", ["facilitator", "coordinator"])
def test_assigned_facilitator_and_team_coordinator_open_the_case(request, client_for, case, worker):
    client = client_for(request.getfixturevalue(worker))

    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
    assert client.get(reverse("cases:edit", args=[case.reference])).status_code == 200


@pytest.mark.parametrize(
    ("user_fixture", "sees"),
    [
        ("facilitator", {"own"}),
        ("facilitator_other", set()),
        ("coordinator", {"own", "unassigned"}),
        ("facilitator_fle", {"fle"}),
        ("coordinator_fle", {"fle"}),
        ("municipal_user", set()),
        ("committee_member", set()),
        ("provider_user", set()),
        ("learner", set()),
        ("admin_user", set()),
    ],
)
def test_case_list_shows_only_the_cases_the_user_works_on(
    request, client_for, facilitator, facilitator_fle, region_fle, user_fixture, sees
):
    cases = {
        "own": CaseFactory(facilitator=facilitator),
        "unassigned": CaseFactory(),
        "fle": CaseFactory(region=region_fle, facilitator=facilitator_fle),
    }

    html = client_for(request.getfixturevalue(user_fixture)).get(reverse("cases:list")).content.decode()

    shown = {name for name, case in cases.items() if case.reference in html}
    assert shown == sees
