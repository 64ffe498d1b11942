"""Run the Celery beat schedule in-process, for ``make run`` without a broker.

Every entry of ``CELERY_BEAT_SCHEDULE`` has an interval (``timedelta``): what is due is decided by
the jobs from the database, not by the schedule, so calling them often is harmless.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the periodic jobs (reminders, clean-up) in-process, without Celery beat or a broker."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and stop.")

    def handle(self, *args, once=False, **options):
        from config.celery import app

        app.loader.import_default_modules()
        schedule = settings.CELERY_BEAT_SCHEDULE
        next_run = dict.fromkeys(schedule, 0.0)
        while True:
            for name, entry in schedule.items():
                if time.monotonic() < next_run[name]:
                    continue
                interval: timedelta = entry["schedule"]
                try:
                    app.tasks[entry["task"]].apply(args=entry.get("args", ()), throw=True)
                except Exception as exc:  # keep the loop alive; the failure is shown to the developer
                    self.stderr.write(f"{name}: {exc!r}")
                next_run[name] = time.monotonic() + interval.total_seconds()
            if once:
                return
            time.sleep(5)
