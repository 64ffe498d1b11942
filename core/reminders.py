"""Sending claimed reminder e-mails, the step ``expertteams.reminders`` and ``subsidies.reminders`` share.

Each sweep claims its reminders by inserting their rows first (its own module says how); ``deliver``
then sends the unsent ones under a row lock and stamps ``sent_at``. A failed send deletes its row, so
the claim is released and the task's retry (or the next sweep) claims and sends it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import models, transaction


def deliver(
    queryset: models.QuerySet,
    *,
    now: datetime,
    compose: Callable[[models.Model], tuple[str, str]],
    send: Callable[..., object],
    logger: logging.Logger,
    describe: Callable[[models.Model], str],
) -> tuple[int, int]:
    """Send the unsent reminders of ``queryset`` (rows with ``recipient`` and ``sent_at``) under a row
    lock, skipping rows another sender holds, and stamp ``sent_at``. ``compose`` gives a reminder's
    subject and body and ``send`` mails them (the caller's ``send_mail``, so a test can replace it
    in the caller's module); a failed send is logged as "``describe(reminder)`` not sent". Returns how many
    were sent and how many failed."""
    model = queryset.model
    sent = failed = 0
    with transaction.atomic():
        rows = (
            queryset.filter(sent_at__isnull=True)
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
    return sent, failed
