"""Asking for completion (Awb 4:5) suspends the decision term (Awb 4:15): the services, the lapse of
the completion term, not considering a request, and where the moved due date shows."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AccessLog, Role, RoleAssignment, User
from subsidies import completion, lifecycle, selectors, services
from subsidies.models import ApplicationStatus, CompletionRequest, Decision, DecisionOutcome
from subsidies.reminders import send_due_reminders
from tests.factories import user_with_role
from tests.subsidies.conftest import RECEIVED
from tests.subsidies.factories import ApplicationFactory, CostLineFactory, amsterdam

pytestmark = pytest.mark.django_db

INVITED = amsterdam(2026, 3, 11, 9, 0)  # Wednesday; the term would end Monday 16 March


def ask(application, member, *, now=INVITED, completion_due=None):
    return completion.request_completion(
        application=application,
        actor=member,
        message="De offerte van de aannemer ontbreekt.",
        completion_due=completion_due,
        now=now,
    )


@pytest.fixture
def suspended(submitted, committee_member):
    ask(submitted, committee_member)
    return submitted


def test_asking_for_completion_suspends_the_application_without_a_due_date(suspended, committee_member):
    suspended.refresh_from_db()
    assert suspended.status == ApplicationStatus.SUSPENDED
    assert suspended.decision_due is None
    request = CompletionRequest.objects.get(application=suspended)
    assert request.invited_by == committee_member
    assert request.completion_due == date(2026, 3, 25)  # two weeks by default
    assert suspended.due_date(today=date(2026, 3, 12)) is None
    assert AccessLog.objects.filter(detail__contains="ingediend -> opgeschort").exists()


def test_only_a_committee_member_without_a_conflict_may_ask(submitted, facilitator, scheme, team_utr):
    with pytest.raises(PermissionDenied):
        ask(submitted, facilitator)
    member_of_team = user_with_role(Role.COMMITTEE, "commissie-utr")
    RoleAssignment.objects.create(user=member_of_team, role=Role.COORDINATOR, expert_team=team_utr)
    scheme.committee_members.add(member_of_team)
    with pytest.raises(PermissionDenied, match="expertteam"):
        ask(submitted, User.objects.get(pk=member_of_team.pk))
    assert not CompletionRequest.objects.exists()


def test_a_request_needs_a_message_and_a_term_after_today(submitted, committee_member):
    with pytest.raises(ValidationError, match="ontbreekt"):
        completion.request_completion(application=submitted, actor=committee_member, message=" ", now=INVITED)
    with pytest.raises(ValidationError, match="na vandaag"):
        ask(submitted, committee_member, completion_due=date(2026, 3, 11))
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED


def test_a_suspended_application_cannot_be_decided_or_submitted_again(
    suspended, committee_member, facilitator
):
    with pytest.raises(ValidationError, match="opgeschort"):
        services.decide(application=suspended, actor=committee_member, outcome="rejected", reason="Nee")
    with pytest.raises(ValidationError, match="opgeschort"):
        services.submit_application(application=suspended, actor=facilitator)
    with pytest.raises(ValidationError, match="opgeschort"):
        ask(suspended, committee_member, now=INVITED + timedelta(hours=1))


def test_the_provider_and_team_are_mailed_the_reference_only(
    suspended, provider_user, facilitator, coordinator
):
    send_due_reminders(now=INVITED + timedelta(minutes=5))
    asked = [m for m in mail.outbox if m.subject.startswith("Verzoek om aanvulling")]
    assert sorted(m.to[0] for m in asked) == sorted(
        [provider_user.email, facilitator.email, coordinator.email]
    )
    for message in asked:
        assert suspended.reference in message.subject
        assert "25-03-2026" in message.body
        assert "offerte" not in message.body  # the committee's words stay in the application
    send_due_reminders(now=INVITED + timedelta(minutes=10))
    assert len([m for m in mail.outbox if m.subject.startswith("Verzoek om aanvulling")]) == 3


def test_completing_resumes_the_term_moved_by_the_suspended_working_days(
    suspended, provider_user, committee_member
):
    services.update_draft(
        application=suspended,
        actor=provider_user,
        data={"motivation": "Met offerte."},
        cost_lines=[{"description": "Verbouwing", "amount": Decimal("16000.00"), "is_investment": True}],
    )
    # Completed on Monday 16 March: Thursday 12 and Friday 13 March were suspended.
    completion.complete_request(application=suspended, actor=provider_user, now=amsterdam(2026, 3, 16, 9, 0))
    suspended.refresh_from_db()
    assert suspended.status == ApplicationStatus.SUBMITTED
    assert suspended.decision_due == date(2026, 3, 18)
    assert suspended.requested_amount == Decimal("16000.00")
    assert suspended.motivation == "Met offerte."
    send_due_reminders(now=amsterdam(2026, 3, 16, 9, 5))
    (completed_mail,) = [m for m in mail.outbox if "is aangevuld" in m.subject]
    assert completed_mail.to == [committee_member.email]
    assert "18-03-2026" in completed_mail.body


def test_an_incomplete_completion_is_refused(suspended, provider_user):
    services.update_draft(application=suspended, actor=provider_user, data={"motivation": ""})
    with pytest.raises(ValidationError, match="motivatie"):
        completion.complete_request(application=suspended, actor=provider_user, now=amsterdam(2026, 3, 12, 9))
    suspended.refresh_from_db()
    assert suspended.status == ApplicationStatus.SUSPENDED


def test_the_committee_cannot_complete_it(suspended, committee_member):
    with pytest.raises(PermissionDenied):
        completion.complete_request(
            application=suspended, actor=committee_member, now=amsterdam(2026, 3, 12, 9)
        )


def test_a_lapsed_term_ends_the_suspension_on_the_lapse_day(submitted, committee_member, provider_user):
    ask(submitted, committee_member, completion_due=date(2026, 3, 13))
    assert lifecycle.lapse_completion_requests(now=amsterdam(2026, 3, 13, 20, 0)) == 0  # still its last day
    assert lifecycle.lapse_completion_requests(now=amsterdam(2026, 3, 14, 8, 0)) == 1
    assert lifecycle.lapse_completion_requests(now=amsterdam(2026, 3, 14, 8, 5)) == 0
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.decision_due == date(2026, 3, 17)  # only Thursday 12 March was suspended
    assert CompletionRequest.objects.get().lapsed_at is not None
    with pytest.raises(ValidationError, match="niet opgeschort"):
        completion.complete_request(application=submitted, actor=provider_user, now=amsterdam(2026, 3, 14, 9))


def test_after_a_lapsed_term_the_committee_may_leave_it_unconsidered(
    submitted, committee_member, django_capture_on_commit_callbacks
):
    ask(submitted, committee_member, completion_due=date(2026, 3, 13))
    with pytest.raises(ValidationError, match="ongebruikt"):
        completion.not_consider(application=submitted, actor=committee_member, now=amsterdam(2026, 3, 13, 12))
    with django_capture_on_commit_callbacks(execute=True):
        completion.not_consider(application=submitted, actor=committee_member, now=amsterdam(2026, 3, 16, 10))
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.NOT_CONSIDERED
    decision = Decision.objects.get(application=submitted)
    assert decision.outcome == DecisionOutcome.NOT_CONSIDERED
    assert decision.amount == 0
    assert submitted.decision_letter.sha256


def test_not_considering_needs_a_request(submitted, committee_member):
    with pytest.raises(ValidationError, match="ongebruikt"):
        completion.not_consider(application=submitted, actor=committee_member, now=amsterdam(2026, 3, 12))


def test_a_suspended_application_can_be_withdrawn(suspended, facilitator):
    services.withdraw_application(application=suspended, actor=facilitator)
    suspended.refresh_from_db()
    assert suspended.status == ApplicationStatus.WITHDRAWN


def test_the_queue_puts_suspended_applications_last_with_their_term(
    scheme, facilitator, committee_member, suspended
):
    other = ApplicationFactory(scheme=scheme, case__facilitator=facilitator)
    CostLineFactory(application=other)
    services.submit_application(application=other, actor=facilitator, now=RECEIVED)
    rows = selectors.committee_queue(committee_member, today=date(2026, 3, 12))
    assert [row.application for row in rows] == [other, suspended]
    assert rows[1].due is None
    assert rows[1].remaining == "opgeschort, aanvullen uiterlijk 25-03-2026"


def test_the_queue_counts_down_from_the_moved_due_date(suspended, committee_member, provider_user):
    completion.complete_request(application=suspended, actor=provider_user, now=amsterdam(2026, 3, 16, 9, 0))
    (row,) = selectors.committee_queue(committee_member, today=date(2026, 3, 16))
    assert row.due == date(2026, 3, 18)
    assert row.remaining == "nog 2 werkdagen"


def test_the_queue_needs_no_query_per_suspended_application(scheme, facilitator, committee_member):
    def add(day):
        application = ApplicationFactory(scheme=scheme, case__facilitator=facilitator)
        CostLineFactory(application=application)
        services.submit_application(
            application=application, actor=facilitator, now=RECEIVED + timedelta(days=day)
        )
        ask(application, committee_member, now=INVITED + timedelta(days=day))

    add(0)
    with CaptureQueriesContext(connection) as one:
        selectors.committee_queue(committee_member, today=date(2026, 3, 20))
    for day in range(1, 6):
        add(day)
    with CaptureQueriesContext(connection) as six:
        rows = selectors.committee_queue(committee_member, today=date(2026, 3, 20))
    assert len(rows) == 6
    assert len(six) == len(one)


@pytest.fixture
def suspended_today(submitted, committee_member):
    """Received an hour ago and suspended now, so the completion term runs at the real today."""
    type(submitted).objects.filter(pk=submitted.pk).update(received_at=timezone.now() - timedelta(hours=1))
    submitted.refresh_from_db()
    ask(submitted, committee_member, now=timezone.now())
    return submitted


def test_the_application_page_shows_the_suspension_with_reason_and_dates(
    suspended_today, client_for, provider_user
):
    response = client_for(provider_user).get(reverse("subsidies:detail", args=[suspended_today.reference]))
    content = response.content.decode()
    request = CompletionRequest.objects.get()
    assert "Opgeschort" in content
    assert "De offerte van de aannemer ontbreekt." in content
    assert f"{request.invited_at:%d-%m-%Y}" in content
    assert f"{request.completion_due:%d-%m-%Y}" in content
    assert "Aanvulling indienen" in content
    assert "opgeschort tot de aanvulling" in content


def test_the_provider_completes_through_the_page(suspended_today, client_for, provider_user):
    response = client_for(provider_user).post(reverse("subsidies:complete", args=[suspended_today.reference]))
    assert response.status_code == 302
    suspended_today.refresh_from_db()
    assert suspended_today.status == ApplicationStatus.SUBMITTED


def test_the_committee_asks_through_the_page(submitted, client_for, committee_member):
    response = client_for(committee_member).post(
        reverse("subsidies:request_completion", args=[submitted.reference]),
        # A date in the plausible range (core.validation: up to thirty years ahead).
        {
            "message": "Offerte ontbreekt.",
            "completion_due": (timezone.localdate() + timedelta(days=60)).isoformat(),
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.SUSPENDED


def test_decision_figures_count_the_suspension_out(suspended, provider_user, committee_member):
    completion.complete_request(application=suspended, actor=provider_user, now=amsterdam(2026, 3, 16, 9, 0))
    services.decide(
        application=suspended,
        actor=committee_member,
        outcome="granted",
        amount=Decimal("1000"),
        now=amsterdam(2026, 3, 18, 15, 0),
    )
    (figure,) = selectors.decision_figures(type(suspended).objects.all())
    assert figure.on_time  # due 18 March after the suspension, 16 March without
    assert figure.working_days == 5  # 10, 11, 16, 17, 18 March; 12 and 13 were suspended


def test_after_a_lapsed_term_the_page_offers_not_considering(submitted, committee_member, client_for):
    # Asked long ago with a term that has passed (the real today lies after 25 March 2026).
    ask(submitted, committee_member)
    client = client_for(committee_member)
    detail = client.get(reverse("subsidies:detail", args=[submitted.reference])).content.decode()
    assert "Buiten behandeling laten" in detail
    response = client.post(reverse("subsidies:not_consider", args=[submitted.reference]), {"reason": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ApplicationStatus.NOT_CONSIDERED


def test_before_the_term_lapses_the_page_does_not_offer_it(suspended_today, committee_member, client_for):
    detail = client_for(committee_member).get(reverse("subsidies:detail", args=[suspended_today.reference]))
    assert "Buiten behandeling laten" not in detail.content.decode()
