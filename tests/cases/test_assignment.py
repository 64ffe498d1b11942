"""Assignment: a coordinator assigns the case to a facilitator of their team; the history is kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases.models import Assignment, CaseStatus
from cases.services import assign_facilitator
from core.models import AccessLog
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_coordinator_assigns_a_facilitator_of_the_team(coordinator, facilitator):
    case = CaseFactory()

    assign_facilitator(case=case, facilitator=facilitator, actor=coordinator)

    case.refresh_from_db()
    assert case.facilitator == facilitator
    assignment = Assignment.objects.get(case=case)
    assert (assignment.assigned_by, assignment.ended_at) == (coordinator, None)
    assert AccessLog.objects.filter(object_id=str(case.pk), action=AccessLog.Action.CHANGE).exists()


def test_reassignment_ends_the_previous_assignment_and_keeps_it(coordinator, facilitator, facilitator_other):
    case = CaseFactory()
    assign_facilitator(case=case, facilitator=facilitator, actor=coordinator)

    assign_facilitator(case=case, facilitator=facilitator_other, actor=coordinator)

    first, second = Assignment.objects.filter(case=case).order_by("id")
    assert first.facilitator == facilitator and first.ended_at is not None
    assert second.facilitator == facilitator_other and second.ended_at is None
    case.refresh_from_db()
    assert case.facilitator == facilitator_other


@pytest.mark.parametrize("actor_fixture", ["facilitator", "coordinator_fle", "admin_user", "municipal_user"])
def test_only_a_coordinator_of_the_cases_team_may_assign(request, actor_fixture, facilitator_other):
    actor = request.getfixturevalue(actor_fixture)
    case = CaseFactory(facilitator=request.getfixturevalue("facilitator"))

    with pytest.raises(PermissionDenied):
        assign_facilitator(case=case, facilitator=facilitator_other, actor=actor)

    assert not Assignment.objects.filter(case=case).exists()


def test_facilitator_of_another_team_cannot_be_assigned(coordinator, facilitator_fle):
    case = CaseFactory()

    with pytest.raises(ValidationError, match="procesbegeleider van het expertteam"):
        assign_facilitator(case=case, facilitator=facilitator_fle, actor=coordinator)

    case.refresh_from_db()
    assert case.facilitator is None


def test_closed_case_cannot_be_reassigned(coordinator, facilitator):
    case = CaseFactory(status=CaseStatus.CLOSED)

    with pytest.raises(ValidationError, match="afgesloten"):
        assign_facilitator(case=case, facilitator=facilitator, actor=coordinator)


def test_assign_view_and_history_on_the_case_page(client_for, coordinator, facilitator, facilitator_other):
    case = CaseFactory()
    client = client_for(coordinator)
    url = reverse("cases:assign", args=[case.reference])

    assert client.post(url, {"facilitator": facilitator.pk}).status_code == 302
    assert client.post(url, {"facilitator": facilitator_other.pk}).status_code == 302

    html = client.get(reverse("cases:tab", args=[case.reference, "registratie"])).content.decode()
    assert html.count('class="mb-1 assignment"') == 2
    assert str(facilitator) in html and str(facilitator_other) in html


def test_assign_view_offers_only_facilitators_of_the_team(
    client_for, coordinator, facilitator, facilitator_fle
):
    case = CaseFactory()

    html = client_for(coordinator).get(reverse("cases:assign", args=[case.reference])).content.decode()

    assert f'value="{facilitator.pk}"' in html
    assert f'value="{facilitator_fle.pk}"' not in html


def test_assigned_facilitator_gets_404_on_the_assign_page(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)

    assert client_for(facilitator).get(reverse("cases:assign", args=[case.reference])).status_code == 404
