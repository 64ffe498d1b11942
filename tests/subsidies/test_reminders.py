"""Reminders: each kind at the right moment, exactly once however often the sweep runs, and never
personal data. The application fixture is received Monday 9 March 2026 and due Monday 16 March."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail

from subsidies import completion, provider, services
from subsidies.models import GrantApplication, Reminder, ReminderKind
from subsidies.reminders import send_due_reminders
from tests.subsidies.conftest import RECEIVED, fill
from tests.subsidies.factories import amsterdam

pytestmark = pytest.mark.django_db


def kinds(now):
    send_due_reminders(now=now)
    return sorted(Reminder.objects.values_list("kind", flat=True))


def test_committee_hears_when_a_request_arrives(submitted, committee_member):
    assert send_due_reminders(now=RECEIVED + timedelta(minutes=1)) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [committee_member.email]
    assert submitted.reference in mail.outbox[0].subject


def test_running_the_sweep_twice_sends_each_reminder_once(submitted, second_member):
    now = RECEIVED + timedelta(minutes=1)
    assert send_due_reminders(now=now) == 2
    assert send_due_reminders(now=now) == 0
    assert send_due_reminders(now=now + timedelta(minutes=5)) == 0
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2


def test_no_reminder_for_a_draft(draft):
    assert send_due_reminders(now=RECEIVED) == 0


def test_two_working_days_before_the_deadline(submitted):
    send_due_reminders(now=RECEIVED)
    assert ReminderKind.TWO_DAYS_BEFORE not in kinds(amsterdam(2026, 3, 11, 9, 0))  # 3 working days left
    assert ReminderKind.TWO_DAYS_BEFORE in kinds(amsterdam(2026, 3, 12, 0, 5))  # Thu: Fri and Mon left


def test_the_members_reminder_offset_is_one_setting_for_the_sweeps_sql_and_its_check(submitted, monkeypatch):
    # With three working days instead of two, Wednesday 11 March (Thu, Fri, Mon left) qualifies: the
    # sweep's SQL pre-selection and its Python check must both follow, or nothing is sent.
    monkeypatch.setattr("subsidies.reminders.REMINDER_WORKING_DAYS_BEFORE", 3)
    send_due_reminders(now=RECEIVED)
    assert ReminderKind.TWO_DAYS_BEFORE not in kinds(amsterdam(2026, 3, 10, 9, 0))  # 4 working days left
    assert ReminderKind.TWO_DAYS_BEFORE in kinds(amsterdam(2026, 3, 11, 9, 0))


def test_deadline_morning_from_eight_oclock_amsterdam(submitted):
    assert ReminderKind.DEADLINE_MORNING not in kinds(amsterdam(2026, 3, 16, 7, 59))
    assert ReminderKind.DEADLINE_MORNING in kinds(amsterdam(2026, 3, 16, 8, 0))
    mail_of_morning = [m for m in mail.outbox if m.subject.startswith("Vandaag beslissen")]
    assert len(mail_of_morning) == 1


def test_chair_hears_when_the_deadline_passed_undecided(submitted, scheme, second_member):
    scheme.chair = second_member
    scheme.save()
    assert ReminderKind.OVERDUE_CHAIR not in kinds(amsterdam(2026, 3, 16, 23, 59))
    send_due_reminders(now=amsterdam(2026, 3, 17, 0, 1))
    overdue = Reminder.objects.get(kind=ReminderKind.OVERDUE_CHAIR)
    assert overdue.recipient == second_member
    assert any("Beslistermijn verstreken" in m.subject and m.to == [second_member.email] for m in mail.outbox)


def test_no_overdue_reminder_once_decided(submitted, scheme, committee_member, second_member):
    scheme.chair = second_member
    scheme.save()
    services.decide(
        application=submitted,
        actor=committee_member,
        outcome="granted",
        amount=Decimal("100"),
        now=RECEIVED + timedelta(days=1),
    )
    send_due_reminders(now=amsterdam(2026, 3, 18, 9, 0))
    assert not Reminder.objects.filter(kind=ReminderKind.OVERDUE_CHAIR).exists()


def grant_and_sweep(application, member):
    """The committee grants ``application`` on Wednesday 11 March; the sweep runs five minutes later."""
    decided_at = amsterdam(2026, 3, 11, 15, 0)
    services.decide(
        application=application, actor=member, outcome="granted", amount=Decimal("100"), now=decided_at
    )
    send_due_reminders(now=decided_at + timedelta(minutes=5))


def test_team_and_provider_hear_the_decision(
    submitted, committee_member, facilitator, coordinator, provider_user
):
    grant_and_sweep(submitted, committee_member)
    team = set(Reminder.objects.filter(kind=ReminderKind.DECIDED_TEAM).values_list("recipient", flat=True))
    providers = set(
        Reminder.objects.filter(kind=ReminderKind.DECIDED_PROVIDER).values_list("recipient", flat=True)
    )
    assert team == {facilitator.pk, coordinator.pk}
    assert providers == {provider_user.pk}
    decided_mails = [m for m in mail.outbox if m.subject.startswith("Besluit genomen")]
    assert sorted(m.to[0] for m in decided_mails) == sorted(
        [facilitator.email, coordinator.email, provider_user.email]
    )


def test_people_who_lost_their_role_hear_nothing_of_the_application(
    submitted, scheme, committee_member, facilitator, coordinator, provider_user
):
    # Mail follows who may open the application (``applications_for_user``), not old listings: a user
    # still on the scheme's committee list without the committee role, an invited user without the
    # provider role and a case facilitator who left the team are not mailed.
    from core.models import Role, RoleAssignment
    from tests.factories import user_with_role

    listed_only = user_with_role(Role.MUNICIPAL, "was_commissielid")
    scheme.committee_members.add(listed_only)
    RoleAssignment.objects.filter(user__in=[provider_user, facilitator]).delete()

    send_due_reminders(now=RECEIVED + timedelta(minutes=1))
    grant_and_sweep(submitted, committee_member)

    recipients = set(Reminder.objects.values_list("recipient", flat=True))
    assert recipients == {committee_member.pk, coordinator.pk}


def test_mails_carry_reference_and_link_but_no_personal_data(
    draft, scheme, committee_member, second_member, facilitator, coordinator, provider_user
):
    scheme.chair = second_member
    scheme.save()
    # The draft phase: the provider is invited and marks the draft ready; the team submits it.
    GrantApplication.objects.filter(pk=draft.pk).update(created_at=RECEIVED - timedelta(hours=2))
    fill(draft, provider_user, "12000.00", "3000.00")
    provider.mark_ready(application=draft, actor=provider_user, now=RECEIVED - timedelta(hours=1))
    send_due_reminders(now=RECEIVED - timedelta(minutes=30))
    submitted = services.submit_application(application=draft, actor=facilitator, now=RECEIVED)
    send_due_reminders(now=RECEIVED)
    # Asked on Tuesday and completed on Wednesday: no date lies strictly between, the due date stays.
    completion.request_completion(
        application=submitted,
        actor=committee_member,
        message="Amy's begroting ontbreekt.",
        now=amsterdam(2026, 3, 10, 9),
    )
    send_due_reminders(now=amsterdam(2026, 3, 10, 9, 5))
    completion.complete_request(application=submitted, actor=provider_user, now=amsterdam(2026, 3, 11, 9))
    for now in (amsterdam(2026, 3, 11, 9, 5), amsterdam(2026, 3, 12, 9), amsterdam(2026, 3, 16, 9)):
        send_due_reminders(now=now)
    send_due_reminders(now=amsterdam(2026, 3, 17, 9))
    services.decide(
        application=submitted,
        actor=committee_member,
        outcome="granted",
        amount=Decimal("100"),
        now=amsterdam(2026, 3, 17, 10),
    )
    send_due_reminders(now=amsterdam(2026, 3, 17, 10, 5))
    assert {r.kind for r in Reminder.objects.all()} == set(ReminderKind.values)
    link = f"{settings.SITE_URL}/subsidies/aanvragen/{submitted.reference}/"
    people = [committee_member, second_member, facilitator, coordinator, provider_user]
    forbidden = (
        {"Amy", submitted.case.youth_initials}
        | {p.first_name for p in people}
        | {p.last_name for p in people}
    )
    for message in mail.outbox:
        assert submitted.reference in message.subject
        assert link in message.body
        for word in forbidden:
            assert word not in message.subject and word not in message.body


def test_a_claim_left_unsent_is_retried_after_ten_minutes(submitted, committee_member):
    now = RECEIVED + timedelta(hours=1)
    Reminder.objects.create(
        application=submitted,
        kind=ReminderKind.RECEIVED,
        recipient=committee_member,
        created_at=now - timedelta(minutes=5),
    )
    assert send_due_reminders(now=now) == 0  # claimed by a sender that may still be busy
    assert send_due_reminders(now=now + timedelta(minutes=6)) == 1
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().sent_at is not None


def test_a_failed_send_releases_the_claim_and_fails_the_sweep_for_a_retry(
    submitted, committee_member, monkeypatch
):
    from subsidies import reminders

    def broken(*args, **kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(reminders.ReminderNotSent):
        send_due_reminders(now=RECEIVED)
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    assert send_due_reminders(now=RECEIVED + timedelta(seconds=20)) == 1
    assert send_due_reminders(now=RECEIVED + timedelta(minutes=11)) == 0
    assert len(mail.outbox) == 1


def test_smtp_failing_twice_still_sends_the_reminder_exactly_once(submitted, committee_member, monkeypatch):
    import smtplib

    from config.celery import app
    from subsidies import reminders
    from subsidies.tasks import send_due_reminders as task

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)  # eager retries run nested, at once
    real, failures = reminders.send_mail, [smtplib.SMTPServerDisconnected("down")] * 2
    attempts = []

    def flaky(*args, **kwargs):
        attempts.append(args[0])
        if failures:
            raise failures.pop()
        return real(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", flaky)
    monkeypatch.setattr(reminders.timezone, "now", lambda: RECEIVED + timedelta(minutes=1))

    result = task.apply()

    assert result.get() == 1 and len(attempts) == 3
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [committee_member.email]
    assert Reminder.objects.get().sent_at is not None
    assert task.apply().get() == 0 and len(mail.outbox) == 1


def test_the_task_runs_the_sweep(submitted):
    from subsidies.tasks import send_due_reminders as task

    task.delay()  # eager without a broker; now = the real clock, long after March 2026
    assert Reminder.objects.filter(kind=ReminderKind.RECEIVED).exists()
