"""Declared conflicts of interest: a member tied to the applying organisation or the submitting team
cannot score, ask for completion or decide, sees why, and the refused attempt is in the access log;
the chair sees who is recused."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLog, Role
from subsidies import committee, completion, selectors, services
from subsidies.models import ConflictDeclaration, Decision, Reminder, ReminderKind
from subsidies.reminders import send_due_reminders
from tests.factories import user_with_role
from tests.subsidies.factories import amsterdam

pytestmark = pytest.mark.django_db


@pytest.fixture
def tied_member(scheme, family_home):
    member = user_with_role(Role.COMMITTEE, "commissie-gebonden")
    scheme.committee_members.add(member)
    committee.declare_conflict(
        actor=member,
        organisation=family_home,
        description="lid raad van toezicht",
        valid_from=date(2025, 1, 1),
    )
    return member


def test_a_member_tied_to_the_provider_cannot_decide_and_the_attempt_is_logged(submitted, tied_member):
    with pytest.raises(PermissionDenied, match="Gezinshuis De Linde") as refused:
        services.decide(application=submitted, actor=tied_member, outcome="rejected", reason="Nee.")
    assert "lid raad van toezicht" in str(refused.value)
    assert not Decision.objects.exists()
    assert AccessLog.objects.filter(
        user=tied_member, object_id=str(submitted.pk), detail="geweigerd: besluiten (belangenverstrengeling)"
    ).exists()


def test_a_tied_member_cannot_ask_for_completion_either(submitted, tied_member):
    with pytest.raises(PermissionDenied):
        completion.request_completion(
            application=submitted, actor=tied_member, message="Offerte.", now=amsterdam(2026, 3, 10, 9)
        )
    assert AccessLog.objects.filter(detail__startswith="geweigerd: om aanvulling vragen").exists()


def test_a_tie_to_the_submitting_team_recuses_too(submitted, scheme, team_utr):
    member = user_with_role(Role.COMMITTEE, "commissie-team")
    scheme.committee_members.add(member)
    committee.declare_conflict(
        actor=member, expert_team=team_utr, description="oud-teamlid", valid_from=date(2025, 6, 1)
    )
    with pytest.raises(PermissionDenied, match="oud-teamlid"):
        services.decide(application=submitted, actor=member, outcome="granted", amount=Decimal("100"))


def test_an_ended_tie_no_longer_recuses(submitted, scheme, family_home):
    member = user_with_role(Role.COMMITTEE, "commissie-vroeger")
    scheme.committee_members.add(member)
    committee.declare_conflict(
        actor=member,
        organisation=family_home,
        description="vroeger werkzaam",
        valid_from=date(2020, 1, 1),
        valid_until=date(2021, 12, 31),
    )
    services.decide(application=submitted, actor=member, outcome="granted", amount=Decimal("100"))
    assert Decision.objects.get().decided_by == member


def test_a_declaration_names_one_tie_with_dates_in_order(committee_member, family_home, team_utr):
    with pytest.raises(ValidationError, match="organisatie of een expertteam"):
        committee.declare_conflict(
            actor=committee_member,
            organisation=family_home,
            expert_team=team_utr,
            description="x",
            valid_from=date(2026, 1, 1),
        )
    with pytest.raises(ValidationError):
        committee.declare_conflict(
            actor=committee_member,
            organisation=family_home,
            description="x",
            valid_from=date(2026, 1, 1),
            valid_until=date(2025, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        committee.declare_conflict(
            actor=user_with_role(Role.FACILITATOR, "geen-lid"),
            organisation=family_home,
            description="x",
            valid_from=date(2026, 1, 1),
        )
    assert not ConflictDeclaration.objects.exists()


def test_the_member_sees_why_and_the_chair_sees_who_is_recused(submitted, scheme, tied_member, client_for):
    chair = user_with_role(Role.COMMITTEE, "voorzitter")
    scheme.committee_members.add(chair)
    scheme.chair = chair
    scheme.save()
    page = selectors.application_page(submitted, tied_member)
    assert not page.can_decide and page.decision_blocked
    assert "lid raad van toezicht" in page.recusal
    html = (
        client_for(tied_member).get(reverse("subsidies:detail", args=[submitted.reference])).content.decode()
    )
    assert "lid raad van toezicht" in html
    chair_page = selectors.application_page(submitted, chair)
    assert [member for member, _reason in chair_page.recusals] == [tied_member]
    html = client_for(chair).get(reverse("subsidies:detail", args=[submitted.reference])).content.decode()
    assert "Verschoonde commissieleden" in html and "Gezinshuis De Linde" in html


def test_a_recused_member_gets_no_reminders(submitted, committee_member, tied_member):
    send_due_reminders(now=amsterdam(2026, 3, 12, 9, 0))
    reminded = set(Reminder.objects.filter(kind=ReminderKind.RECEIVED).values_list("recipient_id", flat=True))
    assert reminded == {committee_member.pk}


def test_a_member_declares_a_tie_on_their_page(committee_member, family_home, client_for):
    client = client_for(committee_member)
    response = client.post(
        reverse("subsidies:conflicts"),
        {"organisation": family_home.pk, "description": "familielid werkt er", "valid_from": "2026-01-01"},
    )
    assert response.status_code == 302
    declaration = ConflictDeclaration.objects.get()
    assert declaration.member == committee_member
    assert AccessLog.objects.filter(detail__startswith="belang gemeld").exists()
    assert "familielid werkt er" in client.get(reverse("subsidies:conflicts")).content.decode()


def test_only_committee_members_have_the_declarations_page(facilitator, client_for):
    assert client_for(facilitator).get(reverse("subsidies:conflicts")).status_code == 404


def test_declarations_today_are_active(committee_member, family_home):
    committee.declare_conflict(
        actor=committee_member, organisation=family_home, description="x", valid_from=timezone.localdate()
    )
    assert ConflictDeclaration.objects.active_on(timezone.localdate()).count() == 1


def test_the_chairs_page_needs_no_query_per_member_or_declaration(submitted, scheme, family_home, client_for):
    chair = user_with_role(Role.COMMITTEE, "voorzitter")
    scheme.committee_members.add(chair)
    scheme.chair = chair
    scheme.save()
    client = client_for(chair)
    url = reverse("subsidies:detail", args=[submitted.reference])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        member = user_with_role(Role.COMMITTEE, f"lid-met-belang-{n}")
        scheme.committee_members.add(member)
        committee.declare_conflict(
            actor=member, organisation=family_home, description="bestuurder", valid_from=date(2025, 1, 1)
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count("bestuurder") == 4
    assert len(many) == len(few)
