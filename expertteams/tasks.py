"""Celery tasks of the timeline: thin and safe to run twice (retries and time limits come from
``config.celery.JeugdcasusTask``). ``send_due_reminders`` runs from the beat schedule on the
``reminders`` queue; what is due is found in the database."""

from celery import shared_task

from expertteams import reminders


@shared_task(name="expertteams.tasks.send_due_reminders")
def send_due_reminders() -> int:
    return reminders.send_due_reminders()
