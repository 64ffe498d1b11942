"""Celery tasks of the timeline: thin and safe to run twice (retries and time limits come from
``config.celery.JeugdcasusTask``). ``send_due_reminders`` runs from the beat schedule on the
``reminders`` queue; what is due is found in the database."""

from celery import shared_task

from expertteams import reminders


@shared_task(name="expertteams.tasks.send_due_reminders")
def send_due_reminders() -> int:
    return reminders.send_due_reminders()


@shared_task(name="expertteams.tasks.build_case_file", ignore_result=True)
def build_case_file(export_id: int) -> None:
    from core.jobs import run_job  # noqa: PLC0415
    from expertteams.models import CaseFileExport  # noqa: PLC0415

    run_job(CaseFileExport, export_id)


@shared_task(name="expertteams.tasks.remove_expired_case_files")
def remove_expired_case_files() -> int:
    from django.utils import timezone  # noqa: PLC0415

    from core.services import expire_files  # noqa: PLC0415
    from expertteams.models import CaseFileExport  # noqa: PLC0415

    return expire_files(CaseFileExport, now=timezone.now())
