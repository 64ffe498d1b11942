"""selectors.application_page: what the application page shows and offers, per user."""

from datetime import date
from decimal import Decimal

import pytest

from core.models import Role, RoleAssignment
from subsidies import selectors, services
from subsidies.models import ApplicationStatus

pytestmark = pytest.mark.django_db


def reload(user):
    return type(user).objects.get(pk=user.pk)  # the role cache is filled once per user object


def test_the_provider_edits_a_draft_without_the_case_or_the_committee_check(draft, provider_user):
    page = selectors.application_page(draft, provider_user)

    assert page.can_edit
    assert not page.can_submit  # a case-bound application is submitted by the team
    assert not page.on_team
    assert not page.sits_on_committee
    assert page.committee is None
    assert page.decision is None and page.letter is None


def test_the_team_links_to_the_case_and_submits(draft, facilitator):
    page = selectors.application_page(draft, facilitator)

    assert page.on_team
    assert page.can_submit
    assert page.can_withdraw


def test_a_committee_member_gets_the_check_and_the_countdown(submitted, committee_member):
    page = selectors.application_page(submitted, committee_member, today=date(2026, 3, 9))

    assert page.sits_on_committee
    assert page.can_decide
    assert not page.decision_blocked
    assert page.requested == Decimal("15000.00")
    assert page.committee.remaining == "nog 5 werkdagen"
    assert page.committee.remaining_budget == Decimal("250000.00")
    assert page.committee.within_maximum
    assert page.committee.within_budget


def test_a_committee_member_of_the_submitting_team_is_blocked_and_told_why(
    submitted, committee_member, team_utr
):
    RoleAssignment.objects.create(user=committee_member, role=Role.FACILITATOR, expert_team=team_utr)

    page = selectors.application_page(submitted, reload(committee_member))

    assert page.sits_on_committee
    assert page.conflict_of_interest
    assert not page.can_decide
    assert page.decision_blocked


def test_after_the_decision_the_page_shows_it_and_no_countdown(submitted, committee_member):
    services.decide(application=submitted, actor=committee_member, outcome="granted", amount=Decimal("100"))

    page = selectors.application_page(submitted, committee_member)

    assert submitted.status == ApplicationStatus.GRANTED
    assert page.decision.amount == Decimal("100")
    assert page.committee.remaining is None
    assert not page.can_decide and not page.decision_blocked
