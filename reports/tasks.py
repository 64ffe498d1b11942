from celery import shared_task

from reports import generation


@shared_task(ignore_result=True, max_retries=3)
def build_report(report_id: int) -> None:
    generation.run_report(report_id)


@shared_task(ignore_result=True, max_retries=3)
def remove_expired_reports() -> None:
    generation.remove_expired_reports()
