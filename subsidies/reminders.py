"""Reminder e-mails of the grant pipeline, sent exactly once by a periodic sweep.

The deadlines live in the database (``GrantApplication.decision_due``); every run of the sweep
works out which reminders are due at ``now`` and claims each one by inserting its ``Reminder`` row in
a transaction of its own. The unique constraint (application, kind, recipient) lets exactly one
claim win, however often the sweep runs, retries or runs in parallel; a loser skips. The winner
sends the mail under a row lock and stamps ``sent_at``. A send that fails (SMTP down) releases its
claim and the sweep ends with ``ReminderNotSent``, a transient error, so the task retries with backoff
(``config.celery.JeugdcasusTask``) and claims it again. A claim left unsent by a crash between the
insert and the send is picked up by a later sweep after ``RETRY_UNSENT_AFTER``.

E-mails carry the application reference and a link, never personal data.
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import AMSTERDAM, amsterdam_date
from core.models import Role, RoleAssignment
from core.workdays import WorkingDayCalendar, get_calendar
from subsidies.models import ApplicationStatus, GrantApplication, GrantScheme, Reminder, ReminderKind

logger = logging.getLogger(__name__)

RETRY_UNSENT_AFTER = timedelta(minutes=10)


class ReminderNotSent(smtplib.SMTPException):
    """One or more reminders could not be sent in this sweep; their claims stay for the next try."""


MORNING = time(8, 0)
# Decisions older than this get no "decided" mail (e.g. after importing history).
DECIDED_WINDOW = timedelta(days=14)
# A calendar window wide enough to hold two working days around Christmas and Easter.
TWO_DAYS_WINDOW = timedelta(days=10)


def _committee_by_scheme() -> dict[int, list[int]]:
    members = defaultdict(list)
    rows = GrantScheme.committee_members.through.objects.values_list("grantscheme_id", "user_id")
    for scheme_id, user_id in rows:
        members[scheme_id].append(user_id)
    return members


def _open_reminders(now: datetime, calendar: WorkingDayCalendar) -> list[tuple[int, str, int]]:
    """(application id, kind, recipient id) due for undecided applications at ``now``."""
    today = amsterdam_date(now)
    morning = now.astimezone(AMSTERDAM).time() >= MORNING
    committee = _committee_by_scheme()
    due = []
    applications = GrantApplication.objects.filter(
        status=ApplicationStatus.SUBMITTED, received_at__lte=now, decision_due__isnull=False
    ).select_related("scheme")
    for application in applications:
        members = committee.get(application.scheme_id, [])
        due += [(application.pk, ReminderKind.RECEIVED, member) for member in members]
        deadline = application.decision_due
        if (
            today < deadline <= today + TWO_DAYS_WINDOW
            and calendar.working_days_between(today, deadline) <= 2
        ):
            due += [(application.pk, ReminderKind.TWO_DAYS_BEFORE, member) for member in members]
        if deadline == today and morning:
            due += [(application.pk, ReminderKind.DEADLINE_MORNING, member) for member in members]
        if deadline < today and application.scheme.chair_id:
            due.append((application.pk, ReminderKind.OVERDUE_CHAIR, application.scheme.chair_id))
    return due


def _decided_reminders(now: datetime) -> list[tuple[int, str, int]]:
    """(application id, kind, recipient id) for recent decisions: the team and the invited providers."""
    applications = list(
        GrantApplication.objects.filter(
            status__in=(ApplicationStatus.GRANTED, ApplicationStatus.REJECTED),
            decision__decided_at__lte=now,
            decision__decided_at__gte=now - DECIDED_WINDOW,
        ).select_related("case")
    )
    if not applications:
        return []
    ids = [application.pk for application in applications]
    coordinators = defaultdict(set)
    team_ids = {application.expert_team_id for application in applications if application.expert_team_id}
    for team_id, user_id in RoleAssignment.objects.filter(
        role=Role.COORDINATOR, expert_team_id__in=team_ids
    ).values_list("expert_team_id", "user_id"):
        coordinators[team_id].add(user_id)
    invited = defaultdict(set)
    through = GrantApplication.invited_users.through
    for application_id, user_id in through.objects.filter(grantapplication_id__in=ids).values_list(
        "grantapplication_id", "user_id"
    ):
        invited[application_id].add(user_id)
    due = []
    for application in applications:
        team = set(coordinators.get(application.expert_team_id, set()))
        if application.case_id and application.case.facilitator_id:
            team.add(application.case.facilitator_id)
        due += [(application.pk, ReminderKind.DECIDED_TEAM, user_id) for user_id in sorted(team)]
        due += [
            (application.pk, ReminderKind.DECIDED_PROVIDER, user_id)
            for user_id in sorted(invited.get(application.pk, ()))
        ]
    return due


def due_reminders(*, now: datetime) -> list[tuple[int, str, int]]:
    """Every reminder due at ``now`` that has no ``Reminder`` row yet."""
    calendar = get_calendar()
    due = _open_reminders(now, calendar) + _decided_reminders(now)
    if not due:
        return []
    claimed = set(
        Reminder.objects.filter(
            application_id__in={application_id for application_id, _k, _r in due}
        ).values_list("application_id", "kind", "recipient_id")
    )
    return [key for key in due if key not in claimed]


def _claim(application_id: int, kind: str, recipient_id: int, now: datetime) -> Reminder | None:
    """Insert the reminder's row in its own transaction; ``None`` when someone else has it."""
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                application_id=application_id, kind=kind, recipient_id=recipient_id, created_at=now
            )
    except IntegrityError:
        return None


def _link(application: GrantApplication) -> str:
    return settings.SITE_URL + reverse("subsidies:detail", args=[application.reference])


def compose(reminder: Reminder) -> tuple[str, str]:
    """Subject and body of a reminder: the reference, dates, a link; no personal data."""
    application = reminder.application
    reference = application.reference
    due = f"{application.decision_due:%d-%m-%Y}" if application.decision_due else "-"
    lines = {
        ReminderKind.RECEIVED: (
            _("Nieuwe subsidieaanvraag %(ref)s"),
            _("Er is een aanvraag ontvangen voor de regeling %(scheme)s. Beslis uiterlijk op %(due)s."),
        ),
        ReminderKind.TWO_DAYS_BEFORE: (
            _("Nog twee werkdagen: aanvraag %(ref)s"),
            _("Over twee werkdagen verloopt de beslistermijn van deze aanvraag (uiterlijk %(due)s)."),
        ),
        ReminderKind.DEADLINE_MORNING: (
            _("Vandaag beslissen: aanvraag %(ref)s"),
            _("Vandaag (%(due)s) is de laatste dag om over deze aanvraag te beslissen."),
        ),
        ReminderKind.OVERDUE_CHAIR: (
            _("Beslistermijn verstreken: aanvraag %(ref)s"),
            _("De beslistermijn van deze aanvraag is op %(due)s verstreken zonder besluit."),
        ),
        ReminderKind.DECIDED_TEAM: (
            _("Besluit genomen over aanvraag %(ref)s"),
            _("De beoordelingscommissie heeft over deze aanvraag besloten: %(outcome)s."),
        ),
        ReminderKind.DECIDED_PROVIDER: (
            _("Besluit genomen over aanvraag %(ref)s"),
            _("De beoordelingscommissie heeft over deze aanvraag besloten: %(outcome)s."),
        ),
    }
    subject, text = lines[reminder.kind]
    values = {
        "ref": reference,
        "due": due,
        "scheme": application.scheme.name,
        "outcome": application.get_status_display().lower(),
    }
    body = "\n\n".join(
        [
            _("Goedendag,"),
            _("Aanvraag %(ref)s.") % values + " " + text % values,
            _("Bekijk de aanvraag: %(link)s") % {"link": _link(application)},
            _("Dit is een automatisch bericht van Jeugdcasus."),
        ]
    )
    return subject % values, body


def _deliver(queryset, now: datetime) -> tuple[int, int]:
    """Send the unsent reminders of ``queryset`` under a row lock (rows locked by another sender are
    skipped) and stamp ``sent_at``. Returns how many were sent and how many failed."""
    sent = failed = 0
    with transaction.atomic():
        rows = (
            queryset.filter(sent_at__isnull=True)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("application", "application__scheme", "recipient")
            .order_by("pk")  # one lock order for every sweep
        )
        for reminder in rows:
            subject, body = compose(reminder)
            try:
                if reminder.recipient.email:
                    send_mail(subject, body, None, [reminder.recipient.email])
            except Exception:
                # Release the claim: the task's retry (or the next sweep) claims and sends it again.
                logger.warning("Reminder %s (%s) not sent", reminder.pk, reminder.kind, exc_info=True)
                Reminder.objects.filter(pk=reminder.pk).delete()
                failed += 1
                continue
            Reminder.objects.filter(pk=reminder.pk).update(sent_at=now)
            sent += 1
    return sent, failed


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Claim and send every reminder due at ``now``, then retry claims left unsent for more than
    ``RETRY_UNSENT_AFTER``. Safe to run any number of times, also in parallel. Returns the mails sent;
    raises ``ReminderNotSent`` (after trying all) when a send failed."""
    now = now or timezone.now()
    claimed = [
        reminder.pk
        for application_id, kind, recipient_id in due_reminders(now=now)
        if (reminder := _claim(application_id, kind, recipient_id, now)) is not None
    ]
    stale = Q(sent_at__isnull=True, created_at__lte=now - RETRY_UNSENT_AFTER)
    sent, failed = _deliver(Reminder.objects.filter(Q(pk__in=claimed) | stale), now)
    if failed:
        raise ReminderNotSent(f"{failed} reminder(s) not sent, {sent} sent")
    return sent
