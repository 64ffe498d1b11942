"""Reminder e-mails of the grant pipeline, sent exactly once by a periodic sweep.

Every run of the sweep selects in SQL the applications with a reminder due at ``now`` that has no
``Reminder`` row yet: for undecided applications by windows on the stored ``decision_due`` (which
holds the suspensions), for decisions, requests for completion and drafts by the moment of the event.
It works out the recipients of those applications only (``subsidies.clock``: members who still have
to act and are not recused), then claims the reminders by inserting their rows in one statement per
batch, ``ON CONFLICT DO NOTHING``: the unique constraints (application, kind, recipient; per request
for completion for its mails) let exactly one claim win, however often the sweep runs, retries or runs
in parallel. A rerun finds nothing to claim and sends nothing. Only the rows this sweep inserted are
sent, under a row lock, and stamped ``sent_at``. A send that fails (SMTP down) releases its claim and
the sweep ends with ``ReminderNotSent``, a transient error, so the task retries with backoff
(``config.celery.JeugdcasusTask``) and claims it again. A claim left unsent by a crash between the
insert and the send is picked up by a later sweep after ``core.reminders.RETRY_UNSENT_AFTER``.

E-mails carry the application reference and a link, never personal data.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import AMSTERDAM, amsterdam_date, format_date
from core.models import Role, RoleAssignment
from core.reminders import ReminderNotSent as ReminderNotSent  # what send_due_reminders raises
from core.reminders import deliver
from core.workdays import WorkingDayCalendar, get_calendar
from subsidies.clock import clock_states
from subsidies.models import (
    DECIDED_STATUSES,
    ApplicationStatus,
    CompletionRequest,
    ConflictDeclaration,
    GrantApplication,
    GrantScheme,
    Reminder,
    ReminderKind,
)

logger = logging.getLogger(__name__)

# The members' reminder goes out when this many working days (or fewer) are left before the deadline
# (``ReminderKind.TWO_DAYS_BEFORE``); the sweep's SQL and its Python check both read it.
REMINDER_WORKING_DAYS_BEFORE = 2

MORNING = time(8, 0)
# Decisions older than this get no "decided" mail (e.g. after importing history).
DECIDED_WINDOW = timedelta(days=14)
# How long after the arrival or the due date a recipient added later still gets those mails.
RECIPIENT_WINDOW = timedelta(days=14)


# (application id, kind, recipient id, completion request id or None): one e-mail.
Key = tuple[int, str, int, int | None]


def _unclaimed(kind: str, recipients: QuerySet, recipient: str = "user_id") -> Exists:
    """Some recipient of the application in the outer query has no ``kind`` reminder yet. ``recipients``
    is a subquery correlated to the application (``OuterRef("...")``), ``recipient`` its user column."""
    claimed = Reminder.objects.filter(
        application=OuterRef(OuterRef("pk")),
        kind=kind,
        recipient=OuterRef(recipient),
        completion_request__isnull=True,
    )
    return Exists(recipients.exclude(Exists(claimed)))


def _open_candidates(now: datetime, calendar: WorkingDayCalendar) -> list[GrantApplication]:
    """The submitted applications with a committee reminder due at ``now`` that someone has not been
    sent yet, chosen in SQL: the arrival mail, and on the stored ``decision_due`` (the index
    ``grant_status_due_idx``) two working days before, the morning of the last day and the escalation
    once overdue. A rerun finds none of them, except those whose missing recipient is recused or has
    scored (the clock leaves them out in Python).

    The arrival mail and the escalation are looked for per recipient only within ``RECIPIENT_WINDOW``
    of the event (a member or coordinator who joins later hears of recent applications only); an
    application that never had one is found however old it is. So a sweep reads the recent
    applications and probes one index per older one, not every recipient of every open application.
    """
    today = amsterdam_date(now)
    # The scheme's members who are not recused (``subsidies.clock``): no role in the submitting team,
    # no tie declared for today to the team or the provider. The clock decides the rest in Python.
    in_team = RoleAssignment.objects.filter(
        user_id=OuterRef("user_id"), expert_team_id=OuterRef(OuterRef("expert_team_id"))
    )
    tied = (
        ConflictDeclaration.objects.active_on(today)
        .tying(
            organisation=OuterRef(OuterRef("provider_organisation_id")),
            expert_team=OuterRef(OuterRef("expert_team_id")),
        )
        .filter(member_id=OuterRef("user_id"))
    )
    members = GrantScheme.committee_members.through.objects.filter(
        grantscheme_id=OuterRef("scheme_id"), user__roles__role=Role.COMMITTEE
    ).exclude(Exists(in_team) | Exists(tied))
    coordinators = RoleAssignment.objects.filter(
        role=Role.COORDINATOR, expert_team_id=OuterRef("expert_team_id")
    )
    chair_unclaimed = Q(scheme__chair__isnull=False) & ~Exists(
        Reminder.objects.filter(
            application=OuterRef("pk"),
            kind=ReminderKind.OVERDUE_CHAIR,
            recipient=OuterRef("scheme__chair_id"),
        )
    )
    since = now - RECIPIENT_WINDOW
    wanted = [
        Q(received_at__gte=since) & _unclaimed(ReminderKind.RECEIVED, members),
        ~_any_claim(ReminderKind.RECEIVED),
        Q(
            decision_due__gt=today,
            decision_due__lt=calendar.add_working_days(today, REMINDER_WORKING_DAYS_BEFORE + 1),
        )
        & _unclaimed(ReminderKind.TWO_DAYS_BEFORE, members),
        Q(decision_due__lt=today, decision_due__gte=amsterdam_date(since))
        & (chair_unclaimed | _unclaimed(ReminderKind.OVERDUE_COORDINATOR, coordinators)),
        Q(decision_due__lt=today) & ~_any_claim(ReminderKind.OVERDUE_CHAIR, ReminderKind.OVERDUE_COORDINATOR),
    ]
    if now.astimezone(AMSTERDAM).time() >= MORNING:
        wanted.append(Q(decision_due=today) & _unclaimed(ReminderKind.DEADLINE_MORNING, members))
    # One query per window (each on its own index or one anti-join) rather than one OR over them all,
    # which PostgreSQL can only evaluate row by row.
    submitted = GrantApplication.objects.filter(status=ApplicationStatus.SUBMITTED, received_at__lte=now)
    ids = set()
    for condition in wanted:
        ids.update(submitted.filter(condition).values_list("pk", flat=True))
    return list(GrantApplication.objects.filter(pk__in=sorted(ids)).select_related("scheme").order_by("pk"))


def _any_claim(*kinds: str) -> Exists:
    """The application in the outer query has a reminder of one of ``kinds``."""
    return Exists(Reminder.objects.filter(application=OuterRef("pk"), kind__in=kinds))


def _open_reminders(now: datetime, calendar: WorkingDayCalendar) -> list[Key]:
    """The reminders due for undecided applications at ``now`` (``_open_candidates``), counted from the
    stored due date, which holds the suspensions (none while suspended). They go only to the members
    who still have to act and are not recused (``subsidies.clock``); an overdue application escalates
    to the scheme's chair and the coordinators of the submitting team."""
    today = amsterdam_date(now)
    morning = now.astimezone(AMSTERDAM).time() >= MORNING
    applications = _open_candidates(now, calendar)
    states = clock_states(applications, today)
    roles = _team_roles(applications)
    due = []
    for application in applications:
        deadline = application.decision_due
        members = sorted(states[application.pk].must_act)
        due += [(application.pk, ReminderKind.RECEIVED, member, None) for member in members]
        if (
            today < deadline
            and calendar.working_days_between(today, deadline) <= REMINDER_WORKING_DAYS_BEFORE
        ):
            due += [(application.pk, ReminderKind.TWO_DAYS_BEFORE, member, None) for member in members]
        if deadline == today and morning:
            due += [(application.pk, ReminderKind.DEADLINE_MORNING, member, None) for member in members]
        if deadline < today:
            if application.scheme.chair_id:
                due.append((application.pk, ReminderKind.OVERDUE_CHAIR, application.scheme.chair_id, None))
            due += [
                (application.pk, ReminderKind.OVERDUE_COORDINATOR, user_id, None)
                for user_id in sorted(roles.get((application.expert_team_id, Role.COORDINATOR), ()))
            ]
    return due


def _team_roles(applications: list[GrantApplication]) -> dict[tuple[int, str], set[int]]:
    """Per (expert team id, role) of ``applications``: its coordinators and facilitators. One query."""
    people = defaultdict(set)
    team_ids = {application.expert_team_id for application in applications if application.expert_team_id}
    if team_ids:
        for team_id, user_id, role in RoleAssignment.objects.filter(
            role__in=(Role.COORDINATOR, Role.FACILITATOR), expert_team_id__in=team_ids
        ).values_list("expert_team_id", "user_id", "role"):
            people[team_id, role].add(user_id)
    return people


def _team_and_providers(applications: list[GrantApplication]) -> tuple[dict, dict]:
    """Per application id: the team (coordinators of its expert team and the case's facilitator while
    still a facilitator of that team) and the invited users who hold the provider role: the people
    ``applications_for_user`` shows the application. Two queries however many applications."""
    roles = _team_roles(applications)
    invited = defaultdict(set)
    through = GrantApplication.invited_users.through
    for application_id, user_id in (
        through.objects.filter(
            grantapplication_id__in=[application.pk for application in applications],
            user__roles__role=Role.PROVIDER,
        )
        .values_list("grantapplication_id", "user_id")
        .distinct()
    ):
        invited[application_id].add(user_id)
    team = {}
    for application in applications:
        team[application.pk] = set(roles.get((application.expert_team_id, Role.COORDINATOR), set()))
        facilitator = application.case.facilitator_id if application.case_id else None
        if facilitator in roles.get((application.expert_team_id, Role.FACILITATOR), set()):
            team[application.pk].add(facilitator)
    return team, invited


def _decided_reminders(now: datetime) -> list[Key]:
    """The mails for recent decisions: the team and the invited providers."""
    applications = list(
        GrantApplication.objects.filter(
            status__in=DECIDED_STATUSES,
            decision__decided_at__lte=now,
            decision__decided_at__gte=now - DECIDED_WINDOW,
        ).select_related("case")
    )
    if not applications:
        return []
    team, invited = _team_and_providers(applications)
    due = []
    for application in applications:
        due += [
            (application.pk, ReminderKind.DECIDED_TEAM, user_id, None)
            for user_id in sorted(team[application.pk])
        ]
        due += [
            (application.pk, ReminderKind.DECIDED_PROVIDER, user_id, None)
            for user_id in sorted(invited.get(application.pk, ()))
        ]
    return due


def _completion_reminders(now: datetime) -> list[Key]:
    """The mails of recent requests for completion: the invitation to the provider and the team, and the
    completion to the committee members who still have to act."""
    since = now - DECIDED_WINDOW
    requests = list(
        CompletionRequest.objects.filter(
            Q(invited_at__range=(since, now)) | Q(completed_at__range=(since, now))
        ).select_related("application", "application__case", "application__scheme")
    )
    if not requests:
        return []
    applications = list({r.application_id: r.application for r in requests}.values())
    team, invited = _team_and_providers(applications)
    states = clock_states(applications, amsterdam_date(now))
    due = []
    for request in requests:
        application = request.application
        if since <= request.invited_at <= now:
            recipients = team[application.pk] | invited.get(application.pk, set())
            due += [
                (application.pk, ReminderKind.COMPLETION_REQUESTED, user_id, request.pk)
                for user_id in sorted(recipients)
            ]
        if request.completed_at is not None and since <= request.completed_at <= now:
            due += [
                (application.pk, ReminderKind.COMPLETED, member, request.pk)
                for member in sorted(states[application.pk].must_act)
            ]
    return due


def _draft_reminders(now: datetime) -> list[Key]:
    """The mails of recent case-bound drafts: the invitation to each invited provider user, and the
    signal to the team (the case's facilitator and the team's coordinators) once the provider marked
    the draft ready to submit."""
    since = now - DECIDED_WINDOW
    applications = list(
        GrantApplication.objects.filter(status=ApplicationStatus.DRAFT, case__isnull=False)
        .filter(Q(created_at__range=(since, now)) | Q(ready_at__range=(since, now)))
        .select_related("case")
    )
    if not applications:
        return []
    team, invited = _team_and_providers(applications)
    due = []
    for application in applications:
        if since <= application.created_at <= now:
            due += [
                (application.pk, ReminderKind.INVITED, user_id, None)
                for user_id in sorted(invited.get(application.pk, ()))
            ]
        if application.ready_at is not None and since <= application.ready_at <= now:
            due += [
                (application.pk, ReminderKind.READY, user_id, None)
                for user_id in sorted(team[application.pk])
            ]
    return due


def due_reminders(*, now: datetime) -> list[Key]:
    """Every reminder due at ``now`` that has no ``Reminder`` row yet."""
    calendar = get_calendar()
    due = (
        _open_reminders(now, calendar)
        + _decided_reminders(now)
        + _completion_reminders(now)
        + _draft_reminders(now)
    )
    if not due:
        return []
    claimed = set(
        Reminder.objects.filter(application_id__in={key[0] for key in due}).values_list(
            "application_id", "kind", "recipient_id", "completion_request_id"
        )
    )
    return [key for key in due if key not in claimed]


# Claims inserted per statement.
CLAIM_BATCH = 1000


def _claim_all(keys: list[Key], now: datetime) -> list[int]:
    """Insert a ``Reminder`` row per key in one statement per ``CLAIM_BATCH``, skipping the keys someone
    else claimed first (``ON CONFLICT DO NOTHING`` on the unique constraints); returns the ids of the
    rows this sweep inserted, so only their mails are sent here."""
    table = connection.ops.quote_name(Reminder._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(Reminder._meta.get_field(name).column)
        for name in ("application", "kind", "recipient", "completion_request", "created_at")
    )
    moment = Reminder._meta.get_field("created_at").get_db_prep_value(now, connection)
    # One order for every sweep, so two sweeps inserting the same keys never wait on each other in a circle.
    keys = sorted(keys, key=lambda key: (key[0], key[1], key[2], key[3] or 0))
    claimed = []
    for first in range(0, len(keys), CLAIM_BATCH):
        batch = keys[first : first + CLAIM_BATCH]
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
        params = [value for key in batch for value in (*key, moment)]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} ON CONFLICT DO NOTHING RETURNING id",  # noqa: S608
                params,
            )
            claimed += [row[0] for row in cursor.fetchall()]
    return claimed


def _link(application: GrantApplication) -> str:
    return settings.SITE_URL + reverse("subsidies:detail", args=[application.reference])


def compose(reminder: Reminder, *, calendar: WorkingDayCalendar | None = None) -> tuple[str, str]:
    """Subject and body of a reminder: the reference, dates, a link; no personal data (not even the
    committee's message asking for completion: the link leads to it)."""
    application = reminder.application
    reference = application.reference
    due_date = application.due_date(calendar=calendar or get_calendar())
    due = format_date(due_date) if due_date else "-"
    request = reminder.completion_request
    term = format_date(request.completion_due) if request else "-"
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
        ReminderKind.OVERDUE_COORDINATOR: (
            _("Beslistermijn verstreken: aanvraag %(ref)s"),
            _(
                "De beslistermijn van deze aanvraag van uw team is op %(due)s verstreken zonder besluit. "
                "De voorzitter van de commissie is ingelicht."
            ),
        ),
        ReminderKind.DECIDED_TEAM: (
            _("Besluit genomen over aanvraag %(ref)s"),
            _("De beoordelingscommissie heeft over deze aanvraag besloten: %(outcome)s."),
        ),
        ReminderKind.DECIDED_PROVIDER: (
            _("Besluit genomen over aanvraag %(ref)s"),
            _("De beoordelingscommissie heeft over deze aanvraag besloten: %(outcome)s."),
        ),
        ReminderKind.COMPLETION_REQUESTED: (
            _("Verzoek om aanvulling: aanvraag %(ref)s"),
            _(
                "De beoordelingscommissie vraagt de aanvraag aan te vullen, uiterlijk op %(term)s. De "
                "beslistermijn is opgeschort tot de aanvulling is ingediend. In de aanvraag staat wat er ontbreekt."
            ),
        ),
        ReminderKind.COMPLETED: (
            _("Aanvraag %(ref)s is aangevuld"),
            _(
                "De aanvrager heeft de aanvraag aangevuld; de beslistermijn loopt weer. Beslis uiterlijk op %(due)s."
            ),
        ),
        ReminderKind.INVITED: (
            _("Uitnodiging: subsidieaanvraag %(ref)s opstellen"),
            _(
                "Een expertteam nodigt u uit deze aanvraag voor de regeling %(scheme)s op te stellen. Vul "
                "de aanvraag en de kosten in en meld haar klaar om in te dienen; het expertteam dient haar in."
            ),
        ),
        ReminderKind.READY: (
            _("Klaar om in te dienen: aanvraag %(ref)s"),
            _("De zorgaanbieder meldt deze aanvraag klaar om in te dienen. Controleer haar en dien haar in."),
        ),
    }
    subject, text = lines[reminder.kind]
    values = {
        "ref": reference,
        "due": due,
        "term": term,
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


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Claim and send every reminder due at ``now``, then retry claims left unsent for more than
    ``core.reminders.RETRY_UNSENT_AFTER``. Safe to run any number of times, also in parallel. Returns the mails sent;
    raises ``ReminderNotSent`` (after trying all) when a send failed."""
    now = now or timezone.now()
    claimed = _claim_all(due_reminders(now=now), now)
    calendar = get_calendar()
    return deliver(
        Reminder.objects.select_related(
            "application", "application__scheme", "recipient", "completion_request"
        ).prefetch_related("application__completion_requests"),
        claimed=claimed,
        now=now,
        compose=lambda reminder: compose(reminder, calendar=calendar),
        send=send_mail,
        logger=logger,
        describe=lambda reminder: f"Reminder {reminder.pk} ({reminder.kind})",
        noun="reminder",
    )
