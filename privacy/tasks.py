"""Thin Celery tasks of the privacy app (safe to run twice: they claim their work in the database)."""

from celery import shared_task

from core.jobs import run_job
from privacy import notifications, retention
from privacy.models import AccessReport


@shared_task(name="privacy.tasks.build_access_report", ignore_result=True)
def build_access_report(report_id: int) -> None:
    run_job(AccessReport, report_id)


@shared_task(name="privacy.tasks.review_retention", ignore_result=True)
def review_retention() -> None:
    """Daily: list closed files past their retention period (and tell the administrators), and remove
    the files of expired access reports."""
    listed = retention.list_due_files()
    if listed:
        notifications.tell_administrators_files_due(listed)
    retention.remove_expired_access_reports()
