"""Thin Celery tasks of the foundation: the calendar warning and the generated-file job sweep."""

from celery import shared_task

from core import jobs, services


@shared_task(name="core.tasks.warn_missing_decree_days", ignore_result=True)
def warn_missing_decree_days() -> None:
    """Daily: e-mail the administrators once per year when next year has no decree days yet."""
    services.warn_missing_decree_days()


@shared_task(name="core.tasks.recover_stuck_jobs", ignore_result=True)
def recover_stuck_jobs() -> int:
    """Every few minutes: start again the generated-file jobs whose worker died or whose message got lost."""
    return jobs.recover_stuck_jobs()
