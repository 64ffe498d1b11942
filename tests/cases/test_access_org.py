"""Access follows the organisation: a facilitator works on a case only while assigned to it and a
facilitator in its team. A team move or a reassignment ends access to the case and its actions at once."""

from datetime import timedelta

import pytest
import rules
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.selectors import cases_for_user
from core.models import Role, RoleAssignment, User
from expertteams import selectors as action_selectors
from expertteams.models import ActionItem, StepKind
from tests.expertteams.factories import CaseFactory, log

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(
        StepKind.CONTACT_FAMILY,
        case=case,
        actor=facilitator,
        actions=[
            {
                "description": "Gezinshuis bellen",
                "owner_name": "",
                "owner": facilitator,
                "due_on": timezone.localdate() + timedelta(days=3),
            }
        ],
    )
    return case


def case_and_action_urls(case) -> list[tuple[str, str]]:
    action = ActionItem.objects.get(step__case=case)
    ref = case.reference
    return [
        ("get", reverse("cases:detail", args=[ref])),
        ("get", reverse("cases:edit", args=[ref])),
        ("post", reverse("cases:edit", args=[ref])),
        ("get", reverse("expertteams:timeline", args=[ref])),
        ("get", reverse("expertteams:step_create", args=[ref, StepKind.NOTE])),
        ("post", reverse("expertteams:action_complete", args=[action.pk])),
    ]


def move_to_team(user, team) -> User:
    """The user leaves their expert team(s) as facilitator and joins ``team``; a fresh instance."""
    RoleAssignment.objects.filter(user=user, role=Role.FACILITATOR).delete()
    RoleAssignment.objects.create(user=user, role=Role.FACILITATOR, expert_team=team)
    return User.objects.get(pk=user.pk)


def test_the_assigned_facilitator_in_the_team_works_on_the_case_and_its_actions(
    client_for, facilitator, case
):
    client = client_for(facilitator)

    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
    assert [a.description for a in client.get(reverse("expertteams:my_actions")).context["page"]] == [
        "Gezinshuis bellen"
    ]


def test_facilitator_moved_to_another_team_gets_404_on_the_old_teams_case_and_actions(
    client_for, facilitator, case, team_fle
):
    moved = move_to_team(facilitator, team_fle)
    client = client_for(moved)

    for method, url in case_and_action_urls(case):
        assert getattr(client, method)(url, {}).status_code == 404, (method, url)
    assert ActionItem.objects.get(step__case=case).done_at is None
    assert list(client.get(reverse("expertteams:my_actions")).context["page"]) == []
    assert case.reference not in client.get(reverse("cases:list")).content.decode()


def test_facilitator_who_left_the_team_altogether_loses_the_case(facilitator, case):
    RoleAssignment.objects.filter(user=facilitator).delete()
    gone = User.objects.get(pk=facilitator.pk)

    assert not cases_for_user(gone).exists()
    assert not rules.has_perm("cases.view_case", gone, case)
    assert not action_selectors.open_actions_for_user(gone).exists()


def test_former_facilitator_after_reassignment_gets_404_and_loses_their_actions(
    client_for, facilitator, facilitator_other, coordinator, case
):
    case_services.assign_facilitator(case=case, facilitator=facilitator_other, actor=coordinator)
    client = client_for(User.objects.get(pk=facilitator.pk))

    for method, url in case_and_action_urls(case):
        assert getattr(client, method)(url, {}).status_code == 404, (method, url)
    assert list(client.get(reverse("expertteams:my_actions")).context["page"]) == []


def test_the_new_facilitator_sees_the_case_and_the_actions_on_it(
    facilitator, facilitator_other, coordinator, case
):
    case_services.assign_facilitator(case=case, facilitator=facilitator_other, actor=coordinator)
    new = User.objects.get(pk=facilitator_other.pk)

    assert list(cases_for_user(new)) == [case]
    assert [a.description for a in action_selectors.open_actions_for_user(new)] == ["Gezinshuis bellen"]


def test_owning_an_action_gives_no_access_to_its_case(facilitator, facilitator_other, case):
    """A colleague in the team may own an action, but sees it only with the case."""
    log(
        StepKind.CONTACT_FAMILY,
        case=case,
        actor=facilitator,
        actions=[
            {
                "description": "Voor collega",
                "owner_name": "",
                "owner": facilitator_other,
                "due_on": timezone.localdate(),
            }
        ],
    )
    action = ActionItem.objects.get(description="Voor collega")

    assert not action_selectors.open_actions_for_user(facilitator_other).exists()
    assert not rules.has_perm("expertteams.complete_action", facilitator_other, action)


def test_rules_agree_with_the_sql_scope_after_a_team_move(facilitator, case, team_fle):
    moved = move_to_team(facilitator, team_fle)

    assert not rules.has_perm("cases.view_case", moved, case)
    assert not rules.has_perm("cases.change_case", moved, case)
    assert not rules.has_perm("expertteams.complete_action", moved, ActionItem.objects.get(step__case=case))


def test_a_coordinator_of_the_team_keeps_every_case_of_the_team(coordinator, facilitator, case, team_fle):
    move_to_team(facilitator, team_fle)

    assert list(cases_for_user(coordinator)) == [case]
    assert rules.has_perm("cases.view_case", coordinator, case)


# --- Every action and follow-up URL, as each role (issue 15) ----------------------------------------

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
def follow_up(case, facilitator):
    from expertteams import followups

    return followups.plan_review(
        case=case,
        actor=facilitator,
        due_on=timezone.localdate() + timedelta(days=14),
        what_to_check="Gaat het goed op school?",
        owner=facilitator,
    )


def action_and_follow_up_urls(case, follow_up) -> list[tuple[str, str]]:
    action = ActionItem.objects.get(step__case=case)
    return [
        ("post", reverse("expertteams:action_complete", args=[action.pk])),
        ("get", reverse("expertteams:record_follow_up", args=[follow_up.pk])),
        ("post", reverse("expertteams:record_follow_up", args=[follow_up.pk])),
        ("get", reverse("expertteams:plan_review", args=[case.reference])),
    ]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_every_action_and_follow_up_url_is_404_for_everybody_else(
    request, client_for, case, follow_up, outsider
):
    client = client_for(request.getfixturevalue(outsider))

    for method, url in action_and_follow_up_urls(case, follow_up):
        assert getattr(client, method)(url, {}).status_code == 404, (outsider, method, url)
    for listing in ("expertteams:my_actions", "expertteams:my_follow_ups"):
        response = client.get(reverse(listing))
        assert response.status_code == 404 or case.reference not in response.content.decode(), listing
    assert ActionItem.objects.get(step__case=case).done_at is None


@pytest.mark.parametrize("worker", ["facilitator", "coordinator"])
def test_the_facilitator_and_coordinator_reach_the_action_and_follow_up_pages(
    request, client_for, case, follow_up, worker
):
    client = client_for(request.getfixturevalue(worker))

    assert client.get(reverse("expertteams:record_follow_up", args=[follow_up.pk])).status_code == 200
    assert case.reference in client.get(reverse("expertteams:my_actions")).content.decode()
    assert case.reference in client.get(reverse("expertteams:my_follow_ups")).content.decode()


def test_after_a_team_move_the_follow_ups_go_too(client_for, facilitator, case, follow_up, team_fle):
    client = client_for(move_to_team(facilitator, team_fle))

    for method, url in action_and_follow_up_urls(case, follow_up):
        assert getattr(client, method)(url, {}).status_code == 404, (method, url)
    assert case.reference not in client.get(reverse("expertteams:my_follow_ups")).content.decode()
