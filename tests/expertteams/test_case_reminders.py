"""Reminder e-mails about due actions and follow-up moments: once each, reference only, retried."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from expertteams import followups, reminders
from expertteams.models import CaseReminder, StepKind
from tests.expertteams.factories import CaseFactory, log

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=AMS)


@pytest.fixture
def case(facilitator):
    facilitator.email = "pb@example.org"
    facilitator.save()
    return CaseFactory(facilitator=facilitator, youth_name="Amy")


def due_action(case, facilitator, due_on):
    action = {
        "description": "Gezinshuis Amy bellen",
        "owner_name": "",
        "owner": facilitator,
        "due_on": due_on,
    }
    log(StepKind.CONTACT_FAMILY, case=case, actor=facilitator, actions=[action])


def test_a_due_action_and_a_due_moment_are_mailed_once_however_often_the_sweep_runs(case, facilitator):
    due_action(case, facilitator, date(2026, 3, 19))
    followups.plan_review(
        case=case, actor=facilitator, due_on=date(2026, 3, 20), owner=facilitator, what_to_check="x"
    )

    assert reminders.send_due_reminders(now=NOW) == 2
    assert reminders.send_due_reminders(now=NOW + timedelta(hours=1)) == 0
    assert reminders.send_due_reminders(now=NOW + timedelta(days=3)) == 0

    assert len(mail.outbox) == 2
    assert CaseReminder.objects.filter(sent_at__isnull=False).count() == 2


def test_nothing_is_sent_before_the_due_date(case, facilitator):
    due_action(case, facilitator, date(2026, 3, 21))
    followups.plan_review(
        case=case, actor=facilitator, due_on=date(2026, 3, 25), owner=facilitator, what_to_check="x"
    )

    assert reminders.send_due_reminders(now=NOW) == 0
    assert not mail.outbox


def test_the_mail_carries_the_reference_and_a_link_but_no_personal_data(case, facilitator):
    due_action(case, facilitator, date(2026, 3, 19))

    reminders.send_due_reminders(now=NOW)

    (message,) = mail.outbox
    text = message.subject + message.body
    assert case.reference in text and "19-03-2026" in text and "/acties/" in text
    assert "Amy" not in text and "Gezinshuis" not in text


def test_a_failed_send_releases_the_claim_and_is_retried(case, facilitator, monkeypatch):
    due_action(case, facilitator, date(2026, 3, 19))

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(reminders.ReminderNotSent):
        reminders.send_due_reminders(now=NOW)
    assert not CaseReminder.objects.exists()

    monkeypatch.undo()
    assert reminders.send_due_reminders(now=NOW) == 1


def test_a_claim_is_unique_per_action_and_recipient(case, facilitator):
    due_action(case, facilitator, date(2026, 3, 19))
    ((kind, object_id, recipient),) = reminders.due_reminders(today=date(2026, 3, 20))

    assert reminders._claim(kind, object_id, recipient, NOW) is not None
    assert reminders._claim(kind, object_id, recipient, NOW) is None


def test_the_sweep_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "expertteams.tasks.send_due_reminders" in tasks


def test_only_an_owner_who_may_open_the_case_is_reminded(case, facilitator, facilitator_other, coordinator):
    # Owning an action gives no access of its own: a facilitator of the team who is not assigned to the
    # case is not mailed its reference; the assigned facilitator and the team's coordinator are.
    for owner in (facilitator, facilitator_other, coordinator):
        due_action(case, facilitator, date(2026, 3, 19))
        case.steps.latest("pk").actions.update(owner=owner)

    reminders.send_due_reminders(now=NOW)

    recipients = set(CaseReminder.objects.values_list("recipient__username", flat=True))
    assert recipients == {facilitator.username, coordinator.username}


def test_a_facilitator_replaced_on_the_case_is_no_longer_reminded(case, facilitator, facilitator_other):
    due_action(case, facilitator, date(2026, 3, 19))
    case.facilitator = facilitator_other
    case.save(update_fields=["facilitator"])

    assert reminders.send_due_reminders(now=NOW) == 0
