"""Generated-file jobs recover: a transient error is retried with backoff, a worker that dies half-way
is taken up by the sweep, a job that fails for good tells its requester, and every task shares one set
of retry and time-limit defaults."""

import smtplib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from config.celery import JeugdcasusTask, app
from core import jobs
from core.jobs import JobStatus
from reports import generation
from reports.models import ReportFormat, ReportRequest

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside: the build stops and nothing after it runs."""


@pytest.fixture(autouse=True)
def _eager_retries(monkeypatch):
    # In eager mode a retry runs at once, nested; it must not propagate as an error in between.
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


@pytest.fixture
def queued(municipal_user, region_utr):
    return ReportRequest.objects.create(
        requested_by=municipal_user,
        region=region_utr,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        format=ReportFormat.CSV,
    )


def failing_then_working(monkeypatch, failures: list[BaseException]):
    real = generation.build_file
    calls = []

    def build(report, progress):
        calls.append(report.pk)
        if failures:
            raise failures.pop(0)
        return real(report, progress)

    monkeypatch.setattr(generation, "build_file", build)
    return calls


def test_a_worker_killed_half_way_leaves_the_job_running_and_the_sweep_completes_it(
    queued, monkeypatch, django_capture_on_commit_callbacks
):
    calls = failing_then_working(monkeypatch, [WorkerDied()])
    with pytest.raises(WorkerDied):
        generation.run_report(queued.pk)
    queued.refresh_from_db()
    assert queued.status == JobStatus.RUNNING and queued.attempts == 1

    # Before the hard time limit has passed the job may still be running somewhere: left alone.
    assert jobs.recover_stuck_jobs(now=timezone.now()) == 0
    later = timezone.now() + timedelta(seconds=app.conf.task_time_limit + 120)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.recover_stuck_jobs(now=later) == 1

    queued.refresh_from_db()
    assert queued.status == JobStatus.DONE and queued.progress == 100 and queued.file
    assert queued.attempts == 2 and len(calls) == 2
    assert len(mail.outbox) == 1 and "staat klaar" in mail.outbox[0].subject
    assert jobs.recover_stuck_jobs(now=later + timedelta(hours=1)) == 0


def test_a_lost_task_message_is_sent_again(queued, django_capture_on_commit_callbacks):
    assert jobs.recover_stuck_jobs(now=timezone.now()) == 0  # just queued: its task may be on its way
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.recover_stuck_jobs(now=timezone.now() + jobs.LOST_AFTER + timedelta(minutes=1)) == 1
    queued.refresh_from_db()
    assert queued.status == JobStatus.DONE


def test_a_transient_error_is_retried_by_the_task(queued, monkeypatch):
    calls = failing_then_working(monkeypatch, [OperationalError("server closed the connection")])
    from reports.tasks import build_report

    build_report.apply(args=[queued.pk])

    queued.refresh_from_db()
    assert queued.status == JobStatus.DONE and queued.attempts == 2 and len(calls) == 2


def test_a_job_that_fails_for_good_tells_its_requester(queued, monkeypatch, settings):
    settings.JOB_MAX_ATTEMPTS = 2
    failing_then_working(monkeypatch, [OperationalError("a"), OperationalError("b"), OperationalError("c")])
    from reports.tasks import build_report

    build_report.apply(args=[queued.pk])

    queued.refresh_from_db()
    assert queued.status == JobStatus.FAILED and queued.attempts == 2
    assert queued.error == "OperationalError"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [queued.requested_by.email]
    assert "kon niet worden gemaakt" in message.subject
    assert str(queued.public_id) in message.body
    # Failed for good is final: neither the task nor the sweep builds it again.
    build_report.apply(args=[queued.pk])
    assert jobs.recover_stuck_jobs(now=timezone.now() + timedelta(days=1)) == 0
    assert ReportRequest.objects.get(pk=queued.pk).status == JobStatus.FAILED


def test_a_job_stuck_after_its_last_attempt_is_failed_and_its_requester_told(
    queued, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_ATTEMPTS = 1
    failing_then_working(monkeypatch, [WorkerDied()])
    with pytest.raises(WorkerDied):
        generation.run_report(queued.pk)

    with django_capture_on_commit_callbacks(execute=True):
        jobs.recover_stuck_jobs(now=timezone.now() + timedelta(hours=1))

    queued.refresh_from_db()
    assert queued.status == JobStatus.FAILED and queued.error == "WorkerLost"
    assert len(mail.outbox) == 1 and "kon niet worden gemaakt" in mail.outbox[0].subject


def test_every_project_task_retries_transient_errors_with_backoff_and_jitter():
    app.loader.import_default_modules()
    project_tasks = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert {
        "core.tasks.recover_stuck_jobs",
        "reports.tasks.build_report",
        "learning.tasks.build_track_report",
        "subsidies.tasks.send_due_reminders",
        "subsidies.tasks.generate_decision_letter",
    } <= set(project_tasks)
    for name, task in project_tasks.items():
        assert isinstance(task, JeugdcasusTask), name
        for error in (OperationalError, smtplib.SMTPException, ConnectionError):
            assert issubclass(error, task.autoretry_for), (name, error)
        assert task.retry_backoff and task.retry_jitter and task.max_retries == 5, name
        assert task.acks_late and task.reject_on_worker_lost, name


def test_every_task_has_soft_and_hard_time_limits():
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit


def test_the_backoff_grows_and_is_capped(monkeypatch):
    from celery.app import autoretry

    from subsidies import reminders
    from subsidies.tasks import send_due_reminders

    countdowns = []
    real = autoretry.get_exponential_backoff_interval

    def recording(**kwargs):
        countdowns.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(autoretry, "get_exponential_backoff_interval", recording)
    failures = [OperationalError("down")] * 3
    monkeypatch.setattr(reminders, "send_due_reminders", lambda: _fail(failures))

    result = send_due_reminders.apply(throw=False)

    assert result.get() == 0
    assert [c["retries"] for c in countdowns] == [0, 1, 2]
    assert all(c["factor"] == JeugdcasusTask.retry_backoff and c["full_jitter"] for c in countdowns)
    assert all(c["maximum"] == JeugdcasusTask.retry_backoff_max for c in countdowns)


def _fail(failures):
    if failures:
        raise failures.pop()
    return 0
