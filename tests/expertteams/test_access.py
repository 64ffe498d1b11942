"""Nobody but the assigned facilitator and the team's coordinator reaches a case's timeline: 404."""

import pytest
from django.urls import reverse

from core.models import AccessLog
from expertteams.models import ActionItem, Step, StepKind
from tests.expertteams.factories import CaseFactory, log
from tests.expertteams.test_views import post_data

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
def route(facilitator):
    case = CaseFactory(facilitator=facilitator)
    step = log(StepKind.JOINT_MEETING, case=case, actor=facilitator)
    return case, step, ActionItem.objects.get()


def case_urls(case, step, action):
    return [
        ("get", reverse("expertteams:timeline", args=[case.reference])),
        *[
            ("get", reverse("expertteams:step_create", args=[case.reference, kind]))
            for kind in StepKind.values
        ],
        ("post", reverse("expertteams:step_create", args=[case.reference, StepKind.NOTE])),
        ("get", reverse("expertteams:step_correct", args=[case.reference, step.pk])),
        ("post", reverse("expertteams:step_correct", args=[case.reference, step.pk])),
        ("post", reverse("expertteams:action_complete", args=[action.pk])),
    ]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_every_timeline_url(request, client_for, route, outsider):
    user = request.getfixturevalue(outsider)
    client = client_for(user)

    for method, url in case_urls(*route):
        data = {**post_data(StepKind.NOTE), "reason": "x"} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (outsider, method, url)

    assert Step.objects.count() == 1
    assert ActionItem.objects.get().done_at is None
    assert not AccessLog.objects.filter(user=user).exists()


@pytest.mark.parametrize(
    "outsider", ["municipal_user", "committee_member", "provider_user", "learner", "admin_user"]
)
def test_roles_outside_expert_teams_get_404_on_my_actions(request, client_for, outsider):
    client = client_for(request.getfixturevalue(outsider))

    assert client.get(reverse("expertteams:my_actions")).status_code == 404


def test_step_of_another_case_is_not_found_under_this_case(client_for, facilitator, route):
    case, _step, _action = route
    other_case = CaseFactory(facilitator=facilitator)
    other_step = log(StepKind.NOTE, case=other_case, actor=facilitator)

    url = reverse("expertteams:step_correct", args=[case.reference, other_step.pk])
    assert client_for(facilitator).get(url).status_code == 404


def test_unknown_reference_is_not_found(client_for, facilitator):
    assert (
        client_for(facilitator).get(reverse("expertteams:timeline", args=["UTR-1999-0001"])).status_code
        == 404
    )


def test_assigned_facilitator_and_team_coordinator_reach_every_url(
    client_for, facilitator, coordinator, route
):
    case, step, action = route
    for user in (facilitator, coordinator):
        client = client_for(user)
        for method, url in case_urls(case, step, action):
            if method == "get":
                assert client.get(url).status_code == 200, (user, url)
