"""Thin Celery tasks of the regional reports (routed to the ``reports`` queue by the settings)."""

from celery import shared_task

from reports import generation


@shared_task(name="reports.tasks.build_report", ignore_result=True)
def build_report(report_id: int) -> None:
    generation.run_report(report_id)


@shared_task(name="reports.tasks.remove_expired_reports", ignore_result=True)
def remove_expired_reports() -> None:
    generation.remove_expired_reports()
