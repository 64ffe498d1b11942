import time
from datetime import date

import pytest
from django.core import mail

from core.models import CalendarWarning, NonWorkingDay
from core.services import warn_missing_decree_days


@pytest.mark.django_db
def test_administrators_are_warned_once_when_next_year_has_no_decree_days(admin_user):
    NonWorkingDay.objects.filter(date__year=2031).delete()

    assert warn_missing_decree_days(today=date(2030, 11, 1)) is True
    assert warn_missing_decree_days(today=date(2030, 12, 1)) is False

    assert len(mail.outbox) == 1
    assert "2031" in mail.outbox[0].subject
    assert mail.outbox[0].to == [admin_user.email]


@pytest.mark.django_db
def test_no_warning_when_decree_days_are_known(admin_user):
    assert warn_missing_decree_days(today=date(2027, 6, 1)) is False  # 2028 has decree days
    assert mail.outbox == []


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_runs_a_periodic_job_over_redis(admin_user):
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from core.tasks import warn_missing_decree_days as task

    next_year = date.today().year + 1
    NonWorkingDay.objects.filter(date__year=next_year).delete()
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, queues=["default"], shutdown_timeout=30):
            task.delay()
            deadline = time.monotonic() + 30
            while not CalendarWarning.objects.filter(year=next_year).exists() and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = True

    assert CalendarWarning.objects.filter(year=next_year).exists()
    assert len(mail.outbox) == 1
