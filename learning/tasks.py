"""Thin Celery tasks of the learning network (routed to the ``reports`` queue by the settings)."""

from celery import shared_task

from learning import reporting


@shared_task(name="learning.tasks.build_track_report", ignore_result=True)
def build_track_report(report_id: int) -> None:
    reporting.run_track_report(report_id)
