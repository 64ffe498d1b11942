"""Celery tasks of the timeline: thin and safe to run twice (retries and time limits come from
``config.celery.JeugdcasusTask``). ``send_due_reminders`` runs from the beat schedule on the
``reminders`` queue; what is due is found in the database. ``build_case_file`` builds a printed case
file (``expertteams.dossier``) through the job runner; ``remove_expired_case_files`` deletes the files
past ``CASE_FILE_RETENTION_DAYS`` (hourly, ``case-file-expiry``)."""

from celery import shared_task
from django.utils import timezone

from core.jobs import run_job
from core.services import expire_files
from expertteams import reminders
from expertteams.models import CaseFileExport


@shared_task(name="expertteams.tasks.send_due_reminders")
def send_due_reminders() -> int:
    return reminders.send_due_reminders()


@shared_task(name="expertteams.tasks.build_case_file", ignore_result=True)
def build_case_file(export_id: int) -> None:
    run_job(CaseFileExport, export_id)


@shared_task(name="expertteams.tasks.remove_expired_case_files")
def remove_expired_case_files() -> int:
    return expire_files(CaseFileExport, now=timezone.now())
