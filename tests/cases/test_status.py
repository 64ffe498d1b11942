"""The status workflow: every transition allowed and refused, in one place (``cases.services.change_status``)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStatus, CaseStatusChange
from cases.services import TransitionError, change_status
from core.models import AccessLog
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db

S = CaseStatus
ALLOWED = [
    (S.REFERRED, S.INTAKE),
    (S.INTAKE, S.ACTIVE),
    (S.ACTIVE, S.CLOSED),
    (S.REFERRED, S.PAUSED),
    (S.INTAKE, S.PAUSED),
    (S.ACTIVE, S.PAUSED),
    (S.REFERRED, S.CLOSED),
    (S.INTAKE, S.CLOSED),
]
REFUSED = [
    (S.REFERRED, S.ACTIVE),
    (S.REFERRED, S.REFERRED),
    (S.INTAKE, S.REFERRED),
    (S.INTAKE, S.INTAKE),
    (S.ACTIVE, S.REFERRED),
    (S.ACTIVE, S.INTAKE),
    (S.ACTIVE, S.ACTIVE),
    (S.PAUSED, S.PAUSED),
    (S.PAUSED, S.CLOSED),
    (S.CLOSED, S.REFERRED),
    (S.CLOSED, S.INTAKE),
    (S.CLOSED, S.ACTIVE),
    (S.CLOSED, S.PAUSED),
    (S.CLOSED, S.CLOSED),
]


def case_in(status, facilitator, **fields):
    return CaseFactory(facilitator=facilitator, status=status, outcome_recorded_at=timezone.now(), **fields)


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_allowed_transition_is_written_with_who_and_when(facilitator, from_status, to_status):
    case = case_in(from_status, facilitator)

    change_status(case=case, to_status=to_status, actor=facilitator, reason="Reden")

    case.refresh_from_db()
    assert case.status == to_status
    change = CaseStatusChange.objects.get(case=case)
    assert (change.from_status, change.to_status, change.changed_by) == (from_status, to_status, facilitator)
    assert case.status_changed_at >= change.changed_at.replace(microsecond=0)
    assert AccessLog.objects.filter(object_id=str(case.pk), action=AccessLog.Action.CHANGE).exists()


@pytest.mark.parametrize(("from_status", "to_status"), REFUSED)
def test_refused_transition_changes_nothing(facilitator, from_status, to_status):
    case = case_in(from_status, facilitator)
    before = case.status_changed_at

    with pytest.raises(TransitionError) as refused:
        change_status(case=case, to_status=to_status, actor=facilitator, reason="Reden")

    case.refresh_from_db()
    assert isinstance(refused.value, ValidationError)
    assert refused.value.messages[0]
    assert case.status == from_status
    assert case.status_changed_at == before
    assert not CaseStatusChange.objects.filter(case=case).exists()
    assert not AccessLog.objects.filter(object_id=str(case.pk), action=AccessLog.Action.CHANGE).exists()


@pytest.mark.parametrize("from_status", [S.REFERRED, S.INTAKE, S.ACTIVE])
def test_closing_without_an_outcome_is_refused_in_dutch(facilitator, from_status):
    case = CaseFactory(facilitator=facilitator, status=from_status)

    with pytest.raises(TransitionError, match="Leg eerst de uitkomst vast voordat u de casus afsluit."):
        change_status(case=case, to_status=S.CLOSED, actor=facilitator)

    case.refresh_from_db()
    assert case.status == from_status


def test_closing_sets_closed_at(facilitator):
    case = case_in(S.ACTIVE, facilitator)

    change_status(case=case, to_status=S.CLOSED, actor=facilitator)

    case.refresh_from_db()
    assert case.closed_at is not None


def test_pausing_needs_a_reason(facilitator):
    case = case_in(S.ACTIVE, facilitator)

    with pytest.raises(TransitionError, match="reden"):
        change_status(case=case, to_status=S.PAUSED, actor=facilitator, reason="  ")

    change_status(case=case, to_status=S.PAUSED, actor=facilitator, reason="Gezin op vakantie")
    case.refresh_from_db()
    assert case.paused_reason == "Gezin op vakantie"


@pytest.mark.parametrize("paused_from", [S.REFERRED, S.INTAKE, S.ACTIVE])
def test_resuming_returns_to_the_status_before_the_pause(facilitator, paused_from):
    case = case_in(paused_from, facilitator)
    change_status(case=case, to_status=S.PAUSED, actor=facilitator, reason="Wachten")

    change_status(case=case, to_status=paused_from, actor=facilitator)

    case.refresh_from_db()
    assert case.status == paused_from
    assert case.paused_reason == ""


@pytest.mark.parametrize("other", [S.REFERRED, S.ACTIVE])
def test_resuming_to_another_status_than_before_the_pause_is_refused(facilitator, other):
    case = case_in(S.INTAKE, facilitator)
    change_status(case=case, to_status=S.PAUSED, actor=facilitator, reason="Wachten")

    with pytest.raises(TransitionError, match="terug naar de status"):
        change_status(case=case, to_status=other, actor=facilitator)


def test_case_page_offers_only_the_allowed_transitions(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, status=S.INTAKE)

    html = client_for(facilitator).get(reverse("cases:detail", args=[case.reference])).content.decode()

    assert 'name="to_status" value="in_behandeling"' in html
    assert 'name="to_status" value="gepauzeerd"' in html
    # Closing goes through the closing page, which asks what to do with the open items.
    assert reverse("expertteams:close_case", args=[case.reference]) in html
    assert 'name="to_status" value="aangemeld"' not in html
    assert "Leg eerst de uitkomst vast in de tijdlijn." in html


def test_status_view_changes_the_status(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, status=S.REFERRED)

    response = client_for(facilitator).post(
        reverse("cases:change_status", args=[case.reference]), {"to_status": S.INTAKE}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.INTAKE


def test_status_view_shows_the_refusal_and_changes_nothing(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, status=S.ACTIVE)

    response = client_for(facilitator).post(
        reverse("cases:change_status", args=[case.reference]), {"to_status": S.CLOSED}, follow=True
    )

    assert "Leg eerst de uitkomst vast voordat u de casus afsluit." in response.content.decode()
    case.refresh_from_db()
    assert case.status == S.ACTIVE


def test_case_page_of_a_paused_case_offers_only_the_way_back(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, status=S.ACTIVE)
    change_status(case=case, to_status=S.PAUSED, actor=facilitator, reason="Wachten op school")

    html = client_for(facilitator).get(reverse("cases:detail", args=[case.reference])).content.decode()

    assert 'name="to_status" value="in_behandeling"' in html
    assert html.count('name="to_status"') == 1
    assert "Wachten op school" in html
