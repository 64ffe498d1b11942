"""The reminder sweep through a real Celery worker on Redis, on the ``reminders`` queue."""

import time

import pytest
from django.core import mail

from subsidies.models import Reminder, ReminderKind


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_due_reminders_over_redis(submitted, committee_member):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from subsidies.tasks import send_due_reminders

    # The submission's on-commit sweep ran eagerly while the fixtures were built; start afresh.
    Reminder.objects.all().delete()
    mail.outbox.clear()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, queues=["reminders"], shutdown_timeout=30):
            send_due_reminders.delay()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not Reminder.objects.filter(sent_at__isnull=False).exists():
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = eager

    reminder = Reminder.objects.get(
        application=submitted, recipient=committee_member, kind=ReminderKind.RECEIVED
    )
    assert reminder.sent_at is not None
    assert len(mail.outbox) == 1
