"""Reminder e-mails about due actions and planned review or aftercare moments, each sent exactly once.

The same design as ``subsidies.reminders``: a sweep (Celery beat, ``expertteams.tasks``) finds what is
due, claims each reminder by inserting its ``CaseReminder`` row in a transaction of its own (the unique
constraints let exactly one claim win, however often or in parallel the sweep runs), sends under a row
lock and stamps ``sent_at``. A failed send releases its claim and the sweep raises ``ReminderNotSent``
so the task retries; a claim left unsent by a crash is retried after ``core.reminders.RETRY_UNSENT_AFTER``.

Due: an open action on an open case on or after its due date, to its owner (a user); a planned moment
on or after its date, to its owner. Only to an owner who may open the case (``cases.selectors.works_on_case_condition``):
owning an action gives no access of its own, and someone replaced on the case or moved to another
team is not mailed its reference. The mail carries the case reference, the date and a link: no
description, names or other personal data.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import CaseStatus
from cases.selectors import works_on_case_condition
from core.formatting import amsterdam_date, format_date
from core.reminders import ReminderNotSent as ReminderNotSent  # what send_due_reminders raises
from core.reminders import deliver
from expertteams.models import ActionItem, CaseReminder, FollowUp

logger = logging.getLogger(__name__)


def due_reminders(*, today: date) -> list[tuple[str, int, int]]:
    """(kind, action or moment id, recipient id) of every reminder due on ``today`` without a row yet."""
    actions = (
        ActionItem.objects.filter(done_at__isnull=True, owner__isnull=False, due_on__lte=today)
        .filter(works_on_case_condition("owner_id", "step__case"))
        .exclude(step__case__status=CaseStatus.CLOSED)
        .exclude(pk__in=CaseReminder.objects.filter(action__isnull=False).values("action_id"))
        .values_list("pk", "owner_id")
    )
    moments = (
        FollowUp.objects.filter(resolved_at__isnull=True, owner__isnull=False, due_on__lte=today)
        .filter(works_on_case_condition("owner_id", "case"))
        .exclude(pk__in=CaseReminder.objects.filter(follow_up__isnull=False).values("follow_up_id"))
        .values_list("pk", "owner_id")
    )
    return [(CaseReminder.Kind.ACTION_DUE, pk, owner) for pk, owner in actions] + [
        (CaseReminder.Kind.FOLLOW_UP_DUE, pk, owner) for pk, owner in moments
    ]


def _claim(kind: str, object_id: int, recipient_id: int, now: datetime) -> CaseReminder | None:
    field = "action_id" if kind == CaseReminder.Kind.ACTION_DUE else "follow_up_id"
    try:
        with transaction.atomic():
            return CaseReminder.objects.create(
                kind=kind, recipient_id=recipient_id, created_at=now, **{field: object_id}
            )
    except IntegrityError:
        return None


def compose(reminder: CaseReminder) -> tuple[str, str]:
    """Subject and body: the case reference, the date and a link; nothing else about the case."""
    if reminder.kind == CaseReminder.Kind.ACTION_DUE:
        case, day = reminder.action.step.case, reminder.action.due_on
        subject = _("Actie op casus %(ref)s verloopt") % {"ref": case.reference}
        text = _("Een actie van u op casus %(ref)s moest uiterlijk %(day)s klaar zijn.")
        link = settings.SITE_URL + reverse("expertteams:my_actions")
    else:
        case, day = reminder.follow_up.case, reminder.follow_up.due_on
        subject = _("Evaluatie of nazorg voor casus %(ref)s") % {"ref": case.reference}
        text = _(
            "Op %(day)s staat een evaluatie- of nazorgmoment gepland voor casus %(ref)s: gaat het nog goed?"
        )
        link = settings.SITE_URL + reverse("expertteams:record_follow_up", args=[reminder.follow_up_id])
    values = {"ref": case.reference, "day": format_date(day)}
    body = "\n\n".join(
        [_("Goedendag,"), text % values, link, _("Dit is een automatisch bericht van Jeugdcasus.")]
    )
    return subject, body


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Claim and send every reminder due at ``now``; safe to run any number of times, also in parallel.
    Returns the mails sent; raises ``ReminderNotSent`` (after trying all) when a send failed."""
    now = now or timezone.now()
    claimed = [
        reminder.pk
        for kind, object_id, recipient_id in due_reminders(today=amsterdam_date(now))
        if (reminder := _claim(kind, object_id, recipient_id, now)) is not None
    ]
    return deliver(
        CaseReminder.objects.select_related("recipient", "action__step__case", "follow_up__case"),
        claimed=claimed,
        now=now,
        compose=compose,
        send=send_mail,
        logger=logger,
        describe=lambda reminder: f"Case reminder {reminder.pk}",
        noun="case reminder",
    )
