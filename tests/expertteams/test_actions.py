from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus
from core.models import AccessLog
from expertteams import selectors, services
from expertteams.models import ActionItem, StepKind
from tests.expertteams.factories import CaseFactory, log

pytestmark = pytest.mark.django_db


def action(description, due_in_days, **kwargs):
    return {
        "description": description,
        "owner_name": "Pim",
        "due_on": timezone.localdate() + timedelta(days=due_in_days),
        **kwargs,
    }


def test_my_actions_lists_overdue_first_then_by_due_date(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(
        StepKind.CONTACT_FAMILY,
        case=case,
        actor=facilitator,
        actions=[
            action("later", 10),
            action("lang over tijd", -20),
            action("morgen", 1),
            action("gisteren", -1),
        ],
    )

    response = client_for(facilitator).get(reverse("expertteams:my_actions"))

    shown = [a.description for a in response.context["page"]]
    assert shown == ["lang over tijd", "gisteren", "morgen", "later"]
    assert response.content.decode().count('text-bg-danger">over de datum') == 2


def test_my_actions_leaves_out_actions_owned_on_a_case_i_may_not_open(
    client_for, facilitator, facilitator_other
):
    """Owning an action gives no access of its own (issue 15, 17): the case decides."""
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.NOTE, case=case, actor=facilitator)
    log(
        StepKind.CONTACT_FAMILY,
        case=case,
        actor=facilitator,
        actions=[action("voor collega", 3, owner=facilitator_other)],
    )
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=[action("niet voor collega", 3)])

    shown = [a.description for a in selectors.open_actions_for_user(facilitator_other)]

    assert shown == []


def test_my_actions_leaves_out_done_actions_and_closed_cases(facilitator):
    open_case = CaseFactory(facilitator=facilitator)
    log(
        StepKind.CONTACT_FAMILY,
        case=open_case,
        actor=facilitator,
        actions=[action("klaar", 1), action("open", 2)],
    )
    services.complete_action(action=ActionItem.objects.get(description="klaar"), actor=facilitator)
    closed_case = CaseFactory(facilitator=facilitator)
    log(StepKind.CONTACT_FAMILY, case=closed_case, actor=facilitator, actions=[action("gesloten casus", 1)])
    closed_case.status = CaseStatus.CLOSED
    closed_case.save()

    assert [a.description for a in selectors.open_actions_for_user(facilitator)] == ["open"]


def test_my_actions_page_has_an_empty_state(client_for, facilitator):
    response = client_for(facilitator).get(reverse("expertteams:my_actions"))

    assert "U heeft geen open acties." in response.content.decode()


def test_marking_an_action_done_from_my_actions(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=[action("bellen", -1)])
    item = ActionItem.objects.get()

    response = client_for(facilitator).post(
        reverse("expertteams:action_complete", args=[item.pk]), {"next": reverse("expertteams:my_actions")}
    )

    assert response.status_code == 302 and response["Location"] == reverse("expertteams:my_actions")
    item.refresh_from_db()
    assert item.done_at is not None and item.done_by == facilitator
    assert AccessLog.objects.filter(action="change", object_type="expertteams.actionitem").exists()
    case.refresh_from_db()
    assert case.next_action_due is None


def test_completing_an_action_ignores_an_outside_next_url(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=[action("bellen", 1)])

    response = client_for(facilitator).post(
        reverse("expertteams:action_complete", args=[ActionItem.objects.get().pk]),
        {"next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("expertteams:my_actions")


def test_completing_an_action_needs_post(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=[action("bellen", 1)])

    response = client_for(facilitator).get(
        reverse("expertteams:action_complete", args=[ActionItem.objects.get().pk])
    )

    assert response.status_code == 405
    assert ActionItem.objects.get().done_at is None


def test_nav_shows_my_actions_to_facilitators_only(client_for, facilitator, municipal_user):
    assert "Mijn acties" in client_for(facilitator).get(reverse("core:dashboard")).content.decode()
    assert "Mijn acties" not in client_for(municipal_user).get(reverse("core:dashboard")).content.decode()
