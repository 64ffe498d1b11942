"""Thin Celery tasks of the learning network (routed to the ``reports`` queue by the settings)."""

from celery import shared_task

from learning import reporting


@shared_task(ignore_result=True, max_retries=3)
def build_track_report(report_id: int) -> None:
    reporting.run_track_report(report_id)
