"""Access to the care-cycle pages: the placement history, closing, a Raad escalation's "afsluiten",
review and aftercare moments. Everybody who does not work on the case gets 404 and changes nothing;
the facilitator and the team's coordinator get in."""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import CaseStatus, PlacementEpisode
from expertteams import followups
from expertteams.models import Escalation, FollowUp, StepKind
from tests.cases.test_access import OUTSIDERS
from tests.expertteams.factories import CaseFactory, log

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.ESCALATION, case=case, actor=facilitator)
    log(StepKind.OUTCOME, case=case, actor=facilitator)
    followups.plan_review(
        case=case, actor=facilitator, due_on=date(2026, 4, 1), owner=facilitator, what_to_check="x"
    )
    return case


def care_urls(case):
    ref = case.reference
    escalation = Escalation.objects.get(step__case=case)
    moment = FollowUp.objects.get(case=case)
    return [
        ("get", reverse("cases:placements", args=[ref]), {}),
        (
            "post",
            reverse("cases:placements", args=[ref]),
            {"placement_type": "thuis", "started_on": "2025-01-01"},
        ),
        ("get", reverse("expertteams:close_case", args=[ref]), {}),
        ("post", reverse("expertteams:close_case", args=[ref]), {}),
        ("get", reverse("expertteams:close_escalation", args=[ref, escalation.pk]), {}),
        (
            "post",
            reverse("expertteams:close_escalation", args=[ref, escalation.pk]),
            {"closed_on": "2026-04-01", "result_kind": "no_measure"},
        ),
        ("get", reverse("expertteams:plan_review", args=[ref]), {}),
        (
            "post",
            reverse("expertteams:plan_review", args=[ref]),
            {"due_on": "2026-05-01", "owner_name": "x", "what_to_check": "x"},
        ),
        ("get", reverse("expertteams:record_follow_up", args=[moment.pk]), {}),
        (
            "post",
            reverse("expertteams:record_follow_up", args=[moment.pk]),
            {"occurred_on": "2026-04-01", "going_well": "1"},
        ),
    ]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_everybody_else_gets_404_on_every_care_url(request, client_for, case, outsider):
    client = client_for(request.getfixturevalue(outsider))

    for method, url, data in care_urls(case):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)

    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE and case.open_escalation
    assert not PlacementEpisode.objects.exists()
    assert FollowUp.objects.get().is_planned


@pytest.mark.parametrize("worker", ["facilitator", "coordinator"])
def test_the_facilitator_and_the_coordinator_open_every_care_page(request, client_for, case, worker):
    client = client_for(request.getfixturevalue(worker))

    for method, url, _data in care_urls(case):
        if method == "get":
            assert client.get(url).status_code == 200, url
