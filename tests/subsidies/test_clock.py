"""The committee clock: a quorum per scheme, reminders only to those who must act, the "at risk" state,
and the overdue escalation to the chair and the team's coordinator (each mail exactly once)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import Role, RoleAssignment, User
from subsidies import selectors, services
from subsidies.models import Reminder, ReminderKind
from subsidies.reminders import send_due_reminders
from tests.factories import user_with_role
from tests.subsidies.conftest import RECEIVED
from tests.subsidies.factories import CallFactory, amsterdam

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(db, reference_data):
    return [user_with_role(Role.COMMITTEE, f"lid{n}") for n in range(1, 4)]


@pytest.fixture
def proposal(members, provider_user, family_home):
    """A submitted network-style proposal (scored scheme, 20 working days), received 9 March 2026."""
    call = CallFactory()
    call.scheme.committee_members.add(*members)
    return services.submit_call_application(
        call=call,
        organisation=family_home,
        actor=provider_user,
        now=RECEIVED,
        data={"purpose": "Netwerkzorg.", "motivation": "Samen dragen."},
        cost_lines=[{"description": "Coördinatie", "amount": Decimal("20000"), "is_investment": False}],
    )


def score_all(application, member):
    services.score_application(
        application=application,
        actor=member,
        scores={criterion.pk: 3 for criterion in application.scheme.criteria.all()},
    )


def recipients(kind):
    return set(Reminder.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_the_quorum_of_the_scheme_decides_how_many_scores_are_needed(proposal, members):
    proposal.scheme.quorum = 3
    proposal.scheme.save()
    score_all(proposal, members[0])
    score_all(proposal, members[1])
    with pytest.raises(ValidationError, match="Ten minste drie commissieleden"):
        services.decide(application=proposal, actor=members[0], outcome="rejected", reason="Nee.")
    score_all(proposal, members[2])
    services.decide(application=proposal, actor=members[0], outcome="rejected", reason="Nee.")


def test_a_quorum_of_one_lets_one_scorer_decide(proposal, members):
    proposal.scheme.quorum = 1
    proposal.scheme.save()
    score_all(proposal, members[0])
    decision = services.decide(
        application=proposal, actor=members[0], outcome="granted", amount=Decimal("100")
    )
    assert decision.amount == Decimal("100")


def test_reminders_go_only_to_members_who_still_have_to_score(proposal, members):
    score_all(proposal, members[0])
    # Due 20 working days after 9 March 2026: Wednesday 8 April. Good Friday and Easter Monday do not
    # count, so on Thursday 2 April two working days are left.
    send_due_reminders(now=amsterdam(2026, 4, 2, 10, 0))
    assert recipients(ReminderKind.TWO_DAYS_BEFORE) == {members[1].pk, members[2].pk}
    assert recipients(ReminderKind.RECEIVED) == {members[1].pk, members[2].pk}


def test_once_the_quorum_is_reached_every_member_may_decide_and_is_reminded(proposal, members):
    score_all(proposal, members[0])
    score_all(proposal, members[1])
    send_due_reminders(now=amsterdam(2026, 4, 2, 10, 0))
    assert recipients(ReminderKind.TWO_DAYS_BEFORE) == {member.pk for member in members}


def test_a_member_of_the_submitting_team_gets_no_reminder(submitted, committee_member, scheme, team_utr):
    recused = user_with_role(Role.COMMITTEE, "commissie-utr")
    RoleAssignment.objects.create(user=recused, role=Role.COORDINATOR, expert_team=team_utr)
    scheme.committee_members.add(recused)
    send_due_reminders(now=amsterdam(2026, 3, 12, 9, 0))
    assert recipients(ReminderKind.RECEIVED) == {committee_member.pk}
    assert recipients(ReminderKind.TWO_DAYS_BEFORE) == {committee_member.pk}


def test_overdue_escalates_to_the_chair_and_the_team_coordinator_exactly_once(
    submitted, scheme, committee_member, coordinator, mailoutbox
):
    chair = user_with_role(Role.COMMITTEE, "voorzitter")
    scheme.chair = chair
    scheme.save()
    for _ in range(3):
        send_due_reminders(now=amsterdam(2026, 3, 17, 9, 0))  # due 16 March
    assert recipients(ReminderKind.OVERDUE_CHAIR) == {chair.pk}
    assert recipients(ReminderKind.OVERDUE_COORDINATOR) == {coordinator.pk}
    escalations = [m for m in mailoutbox if m.subject.startswith("Beslistermijn verstreken")]
    assert sorted(m.to[0] for m in escalations) == sorted([chair.email, coordinator.email])


@pytest.mark.parametrize(
    ("today", "at_risk"),
    [
        (date(2026, 3, 12), False),  # two working days left
        (date(2026, 3, 13), True),  # one working day left (Monday 16 March)
        (date(2026, 3, 16), True),  # due today
        (date(2026, 3, 17), False),  # overdue is overdue, not at risk
    ],
)
def test_a_case_bound_request_is_at_risk_under_two_working_days(submitted, committee_member, today, at_risk):
    (row,) = selectors.committee_queue(committee_member, today=today)
    assert row.at_risk is at_risk


def test_a_scored_request_with_its_quorum_reached_is_not_at_risk(proposal, members):
    today = date(2026, 4, 7)  # one working day left before Wednesday 8 April
    (row,) = selectors.committee_queue(members[0], today=today)
    assert row.at_risk and row.waiting_for == 3
    score_all(proposal, members[0])
    score_all(proposal, members[1])
    (row,) = selectors.committee_queue(members[0], today=today)
    assert not row.at_risk


def test_the_queue_and_the_dashboard_show_the_risk(client_for, members, provider_user, family_home):
    call = CallFactory(opens_at=amsterdam(2020, 1, 1, 0, 0), closes_at=amsterdam(2099, 1, 1, 0, 0))
    call.scheme.committee_members.add(*members)
    call.scheme.decision_working_days = 1
    call.scheme.save()
    services.submit_call_application(
        call=call,
        organisation=family_home,
        actor=provider_user,
        data={"purpose": "Netwerkzorg.", "motivation": "Samen dragen."},
        cost_lines=[{"description": "Coördinatie", "amount": Decimal("20000"), "is_investment": False}],
    )
    client = client_for(User.objects.get(pk=members[0].pk))
    assert "in gevaar" in client.get("/subsidies/commissie/").content.decode()
    assert selectors.committee_at_risk(members[0]) == 1
    assert 'data-count-kind="at_risk"' in client.get("/").content.decode()
