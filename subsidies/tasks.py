"""Celery tasks of the grant pipeline: thin, loading ids and calling a service, safe to run twice.

Retries with backoff on transient errors and time limits come from ``config.celery.JeugdcasusTask``.
``send_due_reminders`` runs every five minutes from the beat schedule on the ``reminders`` queue
(``CELERY_TASK_ROUTES``); deadlines are found in the database, never through an ETA or countdown.
"""

from celery import shared_task

from subsidies import letters, lifecycle, reminders


@shared_task(name="subsidies.tasks.send_due_reminders")
def send_due_reminders() -> int:
    """End suspensions whose completion term lapsed (the clock resumes), then send what is due."""
    lifecycle.lapse_completion_requests()
    return reminders.send_due_reminders()


@shared_task(name="subsidies.tasks.generate_decision_letter")
def generate_decision_letter(letter_id: int) -> None:
    """Build a queued decision letter (``core.jobs.run_job``); ``core.tasks.recover_stuck_jobs`` starts
    it again when its worker died or its message got lost."""
    letters.run_letter(letter_id)
