"""Writes of the learning network. Each function is one transaction and logs to the access log."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, Consent, ConsentPurpose
from cases.selectors import cases_for_user
from core import audit
from core.formatting import format_date
from core.models import AccessLog, User
from learning import tasks
from learning.models import (
    DEFAULT_PREPARATION_MINUTES,
    Finding,
    LearningCase,
    LearningSession,
    LearningTeam,
    LearningTrack,
    ProjectGroupMeeting,
    SessionAction,
    SessionInterview,
    TrackReport,
)

CODE_PATTERN = re.compile(r"^LC-\d{2,4}$")
# What a learning case must never contain: a case reference such as UTR-2026-0001.
CASE_REFERENCE_PATTERN = re.compile(r"\b[A-Z]{2,4}-\d{4}-\d{4}\b", re.IGNORECASE)


# --- Learning cases ---------------------------------------------------------------------------------


def next_learning_case_code(track: LearningTrack) -> str:
    """The next free ``LC-NN`` code in ``track``."""
    numbers = [
        int(code[3:])
        for code in track.learning_cases.values_list("code", flat=True)
        if CODE_PATTERN.match(code)
    ]
    return f"LC-{max(numbers, default=0) + 1:02d}"


def _validate_learning_case(*, track: LearningTrack, code: str, summary: str, exclude_pk: int | None = None):
    errors = {}
    if not CODE_PATTERN.match(code):
        errors["code"] = _("Gebruik een code als LC-07.")
    elif track.learning_cases.filter(code=code).exclude(pk=exclude_pk).exists():
        errors["code"] = _("Deze code bestaat al in dit traject.")
    if CASE_REFERENCE_PATTERN.search(summary):
        errors["summary"] = _(
            "Noem geen casusnummer in de samenvatting: schrijf zonder herleidbare gegevens."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_learning_case(*, track: LearningTrack, actor: User, code: str, summary: str) -> LearningCase:
    """A pseudonymised learning case. Refuses a malformed or duplicate code and a case reference in
    the summary (``ValidationError``, Dutch)."""
    code, summary = code.strip().upper(), summary.strip()
    _validate_learning_case(track=track, code=code, summary=summary)
    learning_case = LearningCase.objects.create(track=track, code=code, summary=summary, created_by=actor)
    audit.record(actor, AccessLog.Action.CREATE, learning_case)
    return learning_case


@transaction.atomic
def update_learning_case(
    *, learning_case: LearningCase, actor: User, code: str, summary: str, reviewed: bool = False
) -> LearningCase:
    """Change the code or summary; ``reviewed`` clears the review flag set by a withdrawn consent."""
    code, summary = code.strip().upper(), summary.strip()
    _validate_learning_case(
        track=learning_case.track, code=code, summary=summary, exclude_pk=learning_case.pk
    )
    learning_case.code, learning_case.summary = code, summary
    fields = ["code", "summary", "updated_at"]
    if reviewed and learning_case.needs_review:
        learning_case.needs_review, learning_case.review_reason = False, ""
        fields += ["needs_review", "review_reason"]
    learning_case.save(update_fields=fields)
    audit.record(actor, AccessLog.Action.CHANGE, learning_case, detail="nagekeken" if reviewed else "")
    return learning_case


def active_learning_consents(case: Case):
    """Consents for the learning network on ``case`` that are given and not withdrawn."""
    return Consent.objects.filter(
        case=case, purpose=ConsentPurpose.LEARNING_NETWORK, given=True, withdrawn_on__isnull=True
    )


@transaction.atomic
def link_learning_case(*, learning_case: LearningCase, case: Case, actor: User) -> LearningCase:
    """Link ``learning_case`` to ``case``. Only the case's facilitator or coordinator may (the case is
    in ``cases_for_user(actor)``), and only while consent for the learning network is active.

    Raises ``ValidationError`` (Dutch) otherwise; nothing is changed then.
    """
    if not cases_for_user(actor).filter(pk=case.pk).exists():
        raise ValidationError(
            _("Alleen de procesbegeleider of coördinator van de casus kan een leercasus koppelen."),
            code="not_allowed",
        )
    if not active_learning_consents(case).exists():
        raise ValidationError(
            _(
                "Er is geen geldige toestemming van jongere of ouders voor bespreking in het leernetwerk. "
                "Leg eerst de toestemming vast in de casus."
            ),
            code="no_consent",
        )
    if learning_case.case_id is not None and learning_case.case_id != case.pk:
        raise ValidationError(_("Deze leercasus is al aan een andere casus gekoppeld."), code="linked")
    learning_case.case = case
    learning_case.needs_review, learning_case.review_reason = False, ""
    learning_case.save(update_fields=["case", "needs_review", "review_reason", "updated_at"])
    audit.record(actor, AccessLog.Action.CHANGE, learning_case, detail="gekoppeld aan casus")
    audit.record(actor, AccessLog.Action.CHANGE, case, detail=f"gekoppeld aan leercasus {learning_case.pk}")
    return learning_case


@transaction.atomic
def unlink_learning_case(*, learning_case: LearningCase, actor: User) -> LearningCase:
    """Remove the link; only the linked case's facilitator or coordinator may."""
    if learning_case.case_id is None:
        return learning_case
    if not cases_for_user(actor).filter(pk=learning_case.case_id).exists():
        raise ValidationError(
            _("Alleen de procesbegeleider of coördinator van de casus kan de koppeling verwijderen."),
            code="not_allowed",
        )
    case = learning_case.case
    learning_case.case = None
    learning_case.save(update_fields=["case", "updated_at"])
    audit.record(actor, AccessLog.Action.CHANGE, learning_case, detail="koppeling verwijderd")
    audit.record(
        actor, AccessLog.Action.CHANGE, case, detail=f"koppeling leercasus {learning_case.pk} verwijderd"
    )
    return learning_case


@transaction.atomic
def on_consent_withdrawn(*, case: Case, actor: User | None = None) -> int:
    """Unlink every learning case of ``case`` at once when no active learning-network consent remains,
    and flag them for review. Called by the ``post_save``/``post_delete`` hook on ``cases.Consent``
    (``learning.apps``). Returns how many learning cases were unlinked."""
    if active_learning_consents(case).exists():
        return 0
    linked = list(LearningCase.objects.select_for_update().filter(case=case).order_by("pk"))
    if not linked:
        return 0
    reason = _("Toestemming voor het leernetwerk is ingetrokken op %(date)s; de koppeling is verwijderd.") % {
        "date": format_date(timezone.localdate())
    }
    LearningCase.objects.filter(pk__in=[lc.pk for lc in linked]).update(
        case=None, needs_review=True, review_reason=reason[:300], updated_at=timezone.now()
    )
    for learning_case in linked:
        audit.record(
            actor,
            AccessLog.Action.CHANGE,
            learning_case,
            detail="koppeling verwijderd: toestemming ingetrokken",
        )
    return len(linked)


# --- Sessions ---------------------------------------------------------------------------------------


def _validate_session_children(
    *, team: LearningTeam, attendees, learning_cases, findings: Iterable[Mapping[str, Any]]
) -> None:
    errors = []
    if any(member.team_id != team.pk for member in attendees):
        errors.append(_("Alleen leden van dit team kunnen aanwezig zijn."))
    if any(lc.track_id != team.track_id for lc in learning_cases):
        errors.append(_("Alleen leercasussen van dit traject kunnen worden besproken."))
    for finding in findings:
        if not finding.get("themes"):
            errors.append(_("Kies bij elke bevinding minstens één thema."))
            break
        learning_case = finding.get("learning_case")
        if learning_case is not None and learning_case.track_id != team.track_id:
            errors.append(_("Een bevinding kan alleen over een leercasus van dit traject gaan."))
            break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_session(
    *,
    team: LearningTeam,
    actor: User,
    session: LearningSession | None = None,
    date: date,
    place: str = "",
    agenda: str = "",
    duration_minutes: int,
    preparation_minutes: int = DEFAULT_PREPARATION_MINUTES,
    alternative_plan: str = "",
    attendees: Iterable = (),
    learning_cases: Iterable = (),
    interviews: Iterable[Mapping[str, Any]] = (),
    findings: Iterable[Mapping[str, Any]] = (),
    actions: Iterable[Mapping[str, Any]] = (),
) -> LearningSession:
    """Record a held session of ``team`` (or replace the record of ``session``): attendance, the
    learning cases discussed, interviews, findings (each with at least one theme) and the actions of
    the alternative plan. A session lasts at most 3 hours (``ValidationError`` in Dutch otherwise)."""
    attendees, learning_cases = list(attendees), list(learning_cases)
    interviews, findings, actions = list(interviews), list(findings), list(actions)
    _validate_session_children(
        team=team, attendees=attendees, learning_cases=learning_cases, findings=findings
    )
    is_new = session is None
    session = session or LearningSession(team=team, created_by=actor)
    session.date, session.place, session.agenda = date, place.strip(), agenda.strip()
    session.duration_minutes, session.preparation_minutes = duration_minutes, preparation_minutes
    session.alternative_plan = alternative_plan.strip()
    session.full_clean()
    session.save()
    session.attendees.set(attendees)
    session.learning_cases.set(learning_cases)
    if not is_new:
        session.interviews.all().delete()
        session.findings.all().delete()
        session.actions.all().delete()
    SessionInterview.objects.bulk_create(
        SessionInterview(session=session, with_whom=i["with_whom"], perspective=i["perspective"].strip())
        for i in interviews
    )
    for f in findings:
        finding = Finding.objects.create(
            session=session,
            learning_case=f.get("learning_case"),
            text=f["text"].strip(),
            recommendation=f.get("recommendation", "").strip(),
        )
        finding.themes.set(f["themes"])
    SessionAction.objects.bulk_create(
        SessionAction(
            session=session,
            description=a["description"].strip(),
            owner=a.get("owner", "").strip(),
            due_on=a.get("due_on"),
            done=a.get("done", False),
        )
        for a in actions
    )
    audit.record(actor, AccessLog.Action.CREATE if is_new else AccessLog.Action.CHANGE, session)
    return session


# --- Project group ----------------------------------------------------------------------------------


@transaction.atomic
def save_project_group_meeting(
    *,
    track: LearningTrack,
    actor: User,
    meeting: ProjectGroupMeeting | None = None,
    date: date,
    held: bool = False,
    notes: str = "",
) -> ProjectGroupMeeting:
    is_new = meeting is None
    meeting = meeting or ProjectGroupMeeting(track=track)
    meeting.date, meeting.held, meeting.notes = date, held, notes.strip()
    meeting.save()
    audit.record(actor, AccessLog.Action.CREATE if is_new else AccessLog.Action.CHANGE, meeting)
    return meeting


# --- Track report -----------------------------------------------------------------------------------


@transaction.atomic
def request_track_report(*, track: LearningTrack, actor: User) -> TrackReport:
    """Queue a PDF of the track's findings; ``learning.tasks.build_track_report`` makes it after commit."""
    report = TrackReport.objects.create(track=track, requested_by=actor)
    audit.record(actor, AccessLog.Action.CREATE, report)
    transaction.on_commit(lambda: tasks.build_track_report.delay(report.pk))
    return report
