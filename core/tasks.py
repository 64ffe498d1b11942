from celery import shared_task

from core import services


@shared_task(ignore_result=True, max_retries=3)
def warn_missing_decree_days() -> None:
    """Daily: e-mail the administrators once per year when next year has no decree days yet."""
    services.warn_missing_decree_days()
