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
def generate_decision_letter(application_id: int) -> str | None:
    letter = letters.generate_decision_letter(application_id)
    return letter.sha256 if letter is not None else None


@shared_task(name="subsidies.tasks.generate_missing_letters")
def generate_missing_letters() -> int:
    """Every quarter of an hour: make the letters of decisions whose letter task never finished."""
    return letters.generate_missing_letters()
