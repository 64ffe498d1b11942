"""The Celery application. Tasks live in each app's ``tasks.py``; the beat schedule in settings.

``JeugdcasusTask`` is the one place that sets how every task behaves when something goes wrong: a
transient error (the database restarting, SMTP or Redis unreachable) is retried with exponential
backoff and jitter up to a cap; every task has a soft and a hard time limit; a message is acknowledged
only after the task ran, and put back when the worker dies under it. Tasks therefore must be safe to run
twice, which they are: they load ids and call services that claim their work in the database.
"""

import os
import smtplib

from celery import Celery, Task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.logging import connect_task_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    smtplib.SMTPException,
    ConnectionError,
    TimeoutError,
    BrokerError,
    RedisConnectionError,
    RedisTimeoutError,
)


class JeugdcasusTask(Task):
    autoretry_for = TRANSIENT_ERRORS
    max_retries = 5
    retry_backoff = 10  # seconds before the first retry; doubled each time
    retry_backoff_max = 600
    retry_jitter = True
    acks_late = True
    reject_on_worker_lost = True
    # Soft and hard time limits: CELERY_TASK_SOFT_TIME_LIMIT / CELERY_TASK_TIME_LIMIT in settings.


app = Celery("jeugdcasus", task_cls=JeugdcasusTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
connect_task_logging()
