"""Closing a case with its open items, closing a Raad escalation without the correction flow, and the
status rules (first step → in behandeling; outcome → ready to close) with the reason on the case page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Case, CaseStatus, CaseStatusChange
from cases.services import TransitionError, change_status
from expertteams import closing, followups, selectors, services
from expertteams.closing import Decision
from expertteams.links import step_url
from expertteams.models import ActionItem, Escalation, FollowUp, StepKind, StepRevision
from tests.expertteams.factories import CaseFactory, log

pytestmark = pytest.mark.django_db

ACTIONS = [
    {"description": "Bellen", "owner_name": "Pim", "due_on": date(2026, 3, 10)},
    {"description": "Mailen", "owner_name": "Pim", "due_on": date(2026, 3, 12)},
    {"description": "Plek zoeken", "owner_name": "Pim", "due_on": date(2026, 3, 14)},
]


@pytest.fixture
def busy_case(facilitator):
    """A case with an outcome, three open actions, an open escalation and a planned review."""
    case = CaseFactory(facilitator=facilitator)
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=ACTIONS)
    log(StepKind.ESCALATION, case=case, actor=facilitator)
    followups.plan_review(
        case=case, actor=facilitator, due_on=date(2026, 4, 1), owner=facilitator, what_to_check="Evaluatie"
    )
    log(StepKind.OUTCOME, case=case, actor=facilitator)
    return case


def decisions_for(case, facilitator_other) -> dict:
    items = closing.open_items(case)
    bellen, mailen, zoeken = items.actions
    return {
        f"action-{bellen.pk}": Decision(do=closing.FINISH),
        f"action-{mailen.pk}": Decision(do=closing.HAND_OVER, note="Casushouder gemeente"),
        f"action-{zoeken.pk}": Decision(do=closing.CANCEL, note="Niet meer nodig"),
        f"escalation-{items.escalations[0].pk}": Decision(
            do=closing.FINISH, result_kind=Escalation.ResultKind.ALTERNATIVE_FOUND, note="Maatwerk"
        ),
        f"followup-{items.follow_ups[0].pk}": Decision(do=closing.HAND_OVER, to=facilitator_other),
    }


def test_closing_lists_the_open_actions_escalations_and_moments(busy_case):
    items = closing.open_items(busy_case)

    assert [a.description for a in items.actions] == ["Bellen", "Mailen", "Plek zoeken"]
    assert len(items.escalations) == 1 and len(items.follow_ups) == 1


def test_closing_without_a_decision_for_each_open_item_is_refused_and_changes_nothing(
    busy_case, facilitator, facilitator_other
):
    decisions = decisions_for(busy_case, facilitator_other)
    decisions.pop(next(iter(decisions)))

    with pytest.raises(ValidationError):
        closing.close_case(case=busy_case, actor=facilitator, decisions=decisions)

    busy_case.refresh_from_db()
    assert busy_case.status == CaseStatus.ACTIVE
    assert ActionItem.objects.filter(done_at__isnull=True).count() == 3
    assert not FollowUp.objects.filter(kind="nazorg").exists()


@pytest.mark.parametrize(
    "decision", [Decision(do=closing.CANCEL), Decision(do=closing.HAND_OVER), Decision(do="weggooien")]
)
def test_a_cancellation_needs_a_reason_and_a_hand_over_someone(
    busy_case, facilitator, facilitator_other, decision
):
    decisions = decisions_for(busy_case, facilitator_other)
    decisions[next(iter(decisions))] = decision

    with pytest.raises(ValidationError):
        closing.close_case(case=busy_case, actor=facilitator, decisions=decisions)
    assert Case.objects.get(pk=busy_case.pk).status == CaseStatus.ACTIVE


def test_closing_handles_each_item_as_decided_and_plans_aftercare(busy_case, facilitator, facilitator_other):
    closing.close_case(
        case=busy_case,
        actor=facilitator,
        decisions=decisions_for(busy_case, facilitator_other),
        reason="Uitkomst bereikt",
        today=date(2026, 5, 1),
    )

    busy_case.refresh_from_db()
    assert busy_case.status == CaseStatus.CLOSED
    assert dict(ActionItem.objects.values_list("description", "resolution")) == {
        "Bellen": "afgerond",
        "Mailen": "overgedragen",
        "Plek zoeken": "geannuleerd",
    }
    assert ActionItem.objects.get(description="Mailen").resolution_note == "Casushouder gemeente"
    assert not ActionItem.objects.filter(done_at__isnull=True).exists()
    escalation = Escalation.objects.get()
    assert (escalation.status, escalation.result_kind, escalation.closed_on) == (
        "closed",
        "alternative_found",
        date(2026, 5, 1),
    )
    review = FollowUp.objects.get(kind="evaluatie")
    assert review.is_planned and review.owner == facilitator_other
    assert FollowUp.objects.filter(kind="nazorg", owner=facilitator).count() == 3
    assert not busy_case.open_escalation and busy_case.next_action_due is None


def test_closing_page_lists_the_items_and_closes_with_the_choices(client_for, busy_case, facilitator):
    client = client_for(facilitator)
    url = reverse("expertteams:close_case", args=[busy_case.reference])
    html = client.get(url).content.decode()
    assert html.count('class="border rounded p-3 mb-3 open-item"') == 5

    post = {"reason": "Klaar"}
    for key in closing.open_items(busy_case).item_keys():
        post[f"{key}-do"] = closing.CANCEL
        post[f"{key}-note"] = "Vervalt bij afsluiten"
    refused = client.post(url, {**post, next(k for k in post if k.endswith("-do")): ""})
    assert refused.status_code == 200 and not Case.objects.get(pk=busy_case.pk).is_closed

    response = client.post(url, post)

    assert response.status_code == 302
    assert Case.objects.get(pk=busy_case.pk).is_closed


def test_closed_actions_leave_my_actions_and_show_how_they_were_handled(
    busy_case, facilitator, facilitator_other
):
    closing.close_case(
        case=busy_case, actor=facilitator, decisions=decisions_for(busy_case, facilitator_other)
    )

    assert not selectors.open_actions_for_user(facilitator).exists()


def test_a_raad_escalation_is_closed_with_result_and_date_without_a_correction(facilitator):
    case = CaseFactory(facilitator=facilitator)
    step = log(StepKind.ESCALATION, case=case, actor=facilitator)

    services.close_escalation(
        escalation=step.escalation,
        actor=facilitator,
        closed_on=date(2026, 4, 1),
        result_kind=Escalation.ResultKind.NO_MEASURE,
        result="Geen maatregel nodig",
    )

    step.refresh_from_db()
    assert step.version == 1 and not StepRevision.objects.exists()
    assert Escalation.objects.get().result == "Geen maatregel nodig"
    case.refresh_from_db()
    assert case.open_escalation is False
    with pytest.raises(ValidationError):
        services.close_escalation(
            escalation=step.escalation,
            actor=facilitator,
            closed_on=date(2026, 4, 2),
            result_kind="no_measure",
        )


def test_escalation_close_page_asks_result_and_date_not_a_reason(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    step = log(StepKind.ESCALATION, case=case, actor=facilitator)
    client = client_for(facilitator)
    # The step's details, with its "Afsluiten", are on the full timeline.
    page = client.get(reverse("expertteams:timeline", args=[case.reference])).content.decode()
    url = reverse("expertteams:close_escalation", args=[case.reference, step.escalation.pk])
    assert url in page

    response = client.post(url, {"closed_on": "2026-04-01", "result_kind": "alternative_found"})

    assert response.status_code == 302
    assert response["Location"] == step_url(step)  # the step's page of the timeline, however old
    assert Escalation.objects.get().status == "closed"


def test_escalation_close_page_is_404_for_another_facilitator(client_for, facilitator, facilitator_other):
    case = CaseFactory(facilitator=facilitator)
    step = log(StepKind.ESCALATION, case=case, actor=facilitator)
    url = reverse("expertteams:close_escalation", args=[case.reference, step.escalation.pk])

    assert (
        client_for(facilitator_other)
        .post(url, {"closed_on": "2026-04-01", "result_kind": "no_measure"})
        .status_code
        == 404
    )
    assert Escalation.objects.get().is_open


@pytest.mark.parametrize("status", [CaseStatus.REFERRED, CaseStatus.INTAKE])
def test_the_first_step_moves_the_case_into_treatment_with_the_reason(facilitator, status):
    case = CaseFactory(facilitator=facilitator, status=status)

    log(StepKind.CONTACT_MUNICIPALITY, case=case, actor=facilitator)

    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE
    last = CaseStatusChange.objects.filter(case=case).last()
    assert last.to_status == CaseStatus.ACTIVE
    assert last.reason == "Eerste stap vastgelegd: Contact met gemeente (casushouder)"


def test_a_step_on_a_paused_case_leaves_the_status_alone(facilitator):
    case = CaseFactory(facilitator=facilitator, status=CaseStatus.PAUSED)

    log(StepKind.NOTE, case=case, actor=facilitator)

    assert Case.objects.get(pk=case.pk).status == CaseStatus.PAUSED
    assert not CaseStatusChange.objects.exists()


def test_case_page_shows_the_status_reason_and_ready_to_close(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator, status=CaseStatus.INTAKE)
    log(StepKind.NOTE, case=case, actor=facilitator)
    client = client_for(facilitator)

    before = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    log(StepKind.OUTCOME, case=case, actor=facilitator, occurred_on=date(2026, 3, 3) + timedelta(days=1))
    after = client.get(reverse("cases:detail", args=[case.reference])).content.decode()

    assert "Eerste stap vastgelegd: Notitie" in before
    assert "Klaar om af te sluiten" not in before
    assert "Klaar om af te sluiten" in after


def test_the_plain_status_change_refuses_to_close_over_open_actions_or_escalations(facilitator):
    with_action = CaseFactory(facilitator=facilitator)
    log(StepKind.CONTACT_FAMILY, case=with_action, actor=facilitator, actions=ACTIONS[:1])
    with_escalation = CaseFactory(facilitator=facilitator)
    log(StepKind.ESCALATION, case=with_escalation, actor=facilitator)
    for case in (with_action, with_escalation):
        log(StepKind.OUTCOME, case=case, actor=facilitator)

        with pytest.raises(TransitionError, match="Afsluiten"):
            change_status(case=case, to_status=CaseStatus.CLOSED, actor=facilitator)
        assert Case.objects.get(pk=case.pk).status == CaseStatus.ACTIVE
