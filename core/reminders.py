"""Sending claimed reminder e-mails, the step ``expertteams.reminders`` and ``subsidies.reminders`` share.

Each sweep claims its reminders by inserting their rows first (its own module says how); ``deliver``
then sends the ones it claimed, and any claim left unsent by a crash for more than
``RETRY_UNSENT_AFTER``, under a row lock and stamps ``sent_at``. A failed send deletes its row, so the
claim is released, and the sweep ends with ``ReminderNotSent``: the task's retry (or the next sweep)
claims and sends it again.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Collection
from datetime import datetime, timedelta

from django.db import models, transaction
from django.db.models import Q

# A claim older than this without ``sent_at`` was left by a crash between the claim and the send.
RETRY_UNSENT_AFTER = timedelta(minutes=10)


class ReminderNotSent(smtplib.SMTPException):
    """One or more reminders could not be sent in this sweep; their claims stay for the next try."""


def deliver(
    queryset: models.QuerySet,
    *,
    claimed: Collection[int],
    now: datetime,
    compose: Callable[[models.Model], tuple[str, str]],
    send: Callable[..., object],
    logger: logging.Logger,
    describe: Callable[[models.Model], str],
    noun: str,
) -> int:
    """Send the unsent reminders of ``queryset`` (rows with ``recipient``, ``created_at`` and ``sent_at``)
    that this sweep ``claimed`` (their pks) or that were claimed more than ``RETRY_UNSENT_AFTER`` before
    ``now``, under a row lock, skipping rows another sender holds, and stamp ``sent_at``. ``compose``
    gives a reminder's subject and body and ``send`` mails them (the caller's ``send_mail``, so a test
    can replace it in the caller's module); a failed send is logged as "``describe(reminder)`` not
    sent". Returns how many were sent; raises ``ReminderNotSent`` ("n ``noun``\\(s) not sent") after
    trying all when a send failed."""
    model = queryset.model
    stale = Q(sent_at__isnull=True, created_at__lte=now - RETRY_UNSENT_AFTER)
    sent = failed = 0
    with transaction.atomic():
        rows = (
            queryset.filter(Q(pk__in=claimed) | stale, sent_at__isnull=True)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")  # one lock order for every sweep
        )
        for reminder in rows:
            subject, body = compose(reminder)
            try:
                if reminder.recipient.email:
                    send(subject, body, None, [reminder.recipient.email])
            except Exception:
                # Release the claim: the task's retry (or the next sweep) claims and sends it again.
                logger.warning("%s not sent", describe(reminder), exc_info=True)
                model.objects.filter(pk=reminder.pk).delete()
                failed += 1
                continue
            model.objects.filter(pk=reminder.pk).update(sent_at=now)
            sent += 1
    if failed:
        raise ReminderNotSent(f"{failed} {noun}(s) not sent, {sent} sent")
    return sent
