"""Writes on cases. Each function is one transaction, takes keyword arguments, and logs to the access log.

The status workflow (DESIGN.md, "The case and its workflow") lives here and nowhere else:
``change_status`` checks a transition, writes it, logs it and returns the case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.locking import lock_open_case, refuse_when_closed
from cases.models import (
    Assignment,
    Case,
    CaseStatus,
    CaseStatusChange,
    Consent,
    Document,
    InvolvedPerson,
    InvolvedProfessional,
    ReferenceCounter,
)
from core import audit
from core.models import AccessLog, Municipality, Region, Role, RoleAssignment, User
from core.private_files import delete_private_file, store_upload

# The intake about the referral, the youth and the request, in the order of the form and the case file
# (``expertteams.dossier``): every intake field but the municipality.
INTAKE_DETAIL_FIELDS = (
    "referrer_name",
    "referrer_organisation",
    "referrer_role",
    "case_holder_name",
    "case_holder_contact",
    "youth_name",
    "youth_initials",
    "youth_birth_year",
    "history_admissions",
    "history_crisis_placements",
    "history_school",
    "living_situation",
    "living_situation_notes",
    "help_question",
    "wishes_youth",
    "wishes_parents",
    "risk_out_of_home",
    "risk_secure_care",
    "child_protection_board_involved",
    "risk_notes",
    "urgency",
)
# The intake fields a caller may set on a case (``create_case``/``update_case``). The hand-kept counters
# ``placement_changes`` and ``professional_changes`` are history now: the placement history
# (``cases.placements``) replaces them, so no caller sets them any more.
INTAKE_FIELDS = ("municipality", *INTAKE_DETAIL_FIELDS)
PERSON_FIELDS = ("name", "relation", "has_parental_authority", "notes")
PROFESSIONAL_FIELDS = ("name", "organisation", "organisation_name", "role")

# Where a case may go from each status. Leaving ``gepauzeerd`` is only possible back to the status the
# case was paused from (see ``resume_status``); closing also needs a recorded outcome.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.REFERRED: (CaseStatus.INTAKE, CaseStatus.PAUSED, CaseStatus.CLOSED),
    CaseStatus.INTAKE: (CaseStatus.ACTIVE, CaseStatus.PAUSED, CaseStatus.CLOSED),
    CaseStatus.ACTIVE: (CaseStatus.PAUSED, CaseStatus.CLOSED),
    CaseStatus.PAUSED: (CaseStatus.REFERRED, CaseStatus.INTAKE, CaseStatus.ACTIVE),
    CaseStatus.CLOSED: (),
}


class TransitionError(ValidationError):
    """A status change that the workflow does not allow; nothing was changed."""


class DuplicateCaseWarning(ValidationError):
    """A likely duplicate exists and the user did not confirm saving anyway."""

    def __init__(self, duplicates: list[Case]):
        self.duplicates = duplicates
        super().__init__(
            _(
                "Er bestaat mogelijk al een casus voor deze jongere. Controleer dit en bevestig 'toch opslaan'."
            ),
            code="duplicate",
        )


def next_reference(*, region: Region, year: int | None = None) -> str:
    """Allocate the next case reference for a region, e.g. ``UTR-2026-0042``.

    The counter row is locked (``select_for_update``) and incremented in the database, so two
    concurrent intakes never get the same number. Call inside the transaction that saves the case.
    """
    year = year or timezone.localdate().year
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(region=region, year=year)
        counter = ReferenceCounter.objects.select_for_update().get(region=region, year=year)
        ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
        counter.refresh_from_db(fields=["last_number"])
    return f"{region.code}-{year}-{counter.last_number:04d}"


def assign_reference(case: Case) -> None:
    if not case.reference:
        case.reference = next_reference(region=case.region)


def normalise_initials(initials: str = "", *, name: str = "") -> str:
    """Initials as stored and compared: capitals, each followed by a dot (``"a b"`` → ``"A.B."``).

    Without ``initials`` they are derived from ``name`` (``"Amy"`` → ``"A."``, ``"Anna Maria"`` → ``"A.M."``).
    """
    source = initials.strip()
    if source:
        letters = re.findall(r"[^\W\d_]", source)
    else:
        letters = [part[0] for part in re.findall(r"[^\W\d_]+", name)]
    return "".join(f"{letter.upper()}." for letter in letters)[:10]


def likely_duplicates(*, municipality: Municipality, initials: str, birth_year: int, exclude_pk=None):
    """Cases in the same municipality (so the same team) with the same initials and birth year.

    Deliberately not filtered by the user's access: the warning must also catch a case the user cannot
    open. Callers show only the reference and status of the result, never names.
    """
    duplicates = Case.objects.filter(
        municipality=municipality, youth_initials=initials, youth_birth_year=birth_year
    ).only("reference", "status")
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return duplicates.order_by("reference")


def _check_can_create_for(actor: User, municipality: Municipality) -> None:
    team_id = municipality.region.expert_team.pk
    if team_id not in actor.team_ids(Role.FACILITATOR, Role.COORDINATOR):
        raise PermissionDenied(_("U kunt alleen casussen aanmelden voor uw eigen expertteam."))


@transaction.atomic
def create_case(
    *,
    actor: User,
    data: Mapping[str, Any],
    persons: Iterable[Mapping[str, Any]] = (),
    professionals: Iterable[Mapping[str, Any]] = (),
    consents: Iterable[Mapping[str, Any]] = (),
    confirm_duplicate: bool = False,
) -> Case:
    """Register a referral as a new case and return it.

    ``data`` holds the intake fields (``INTAKE_FIELDS``); region and expert team follow from the
    municipality. ``consents`` are dicts with ``purpose``, ``given_on`` and ``person``: the index of the
    person in ``persons``, or ``None`` for the youth. A facilitator who registers a case becomes its
    facilitator. Raises ``PermissionDenied`` for a municipality outside the actor's teams and
    ``DuplicateCaseWarning`` for a likely duplicate unless ``confirm_duplicate``.
    """
    fields = {key: value for key, value in data.items() if key in INTAKE_FIELDS}
    municipality = fields["municipality"]
    _check_can_create_for(actor, municipality)
    fields["youth_initials"] = normalise_initials(
        fields.get("youth_initials", ""), name=fields.get("youth_name", "")
    )
    duplicates = list(
        likely_duplicates(
            municipality=municipality,
            initials=fields["youth_initials"],
            birth_year=fields["youth_birth_year"],
        )
    )
    if duplicates and not confirm_duplicate:
        raise DuplicateCaseWarning(duplicates)

    region = municipality.region
    team = region.expert_team
    facilitator = actor if team.pk in actor.team_ids(Role.FACILITATOR) else None
    case = Case(
        **fields,
        region=region,
        expert_team=team,
        facilitator=facilitator,
        created_by=actor,
        reference=next_reference(region=region),
    )
    case.full_clean()
    case.save()
    saved_persons = [
        InvolvedPerson.objects.create(case=case, **{k: p[k] for k in PERSON_FIELDS if k in p})
        for p in persons
    ]
    for professional in professionals:
        InvolvedProfessional.objects.create(
            case=case, **{k: professional[k] for k in PROFESSIONAL_FIELDS if k in professional}
        )
    for consent in consents:
        index = consent.get("person")
        Consent.objects.create(
            case=case,
            person=saved_persons[index] if index is not None else None,
            purpose=consent["purpose"],
            given=consent.get("given", True),
            given_on=consent.get("given_on") or timezone.localdate(),
            recorded_by=actor,
        )
    if facilitator is not None:
        Assignment.objects.create(case=case, facilitator=facilitator, assigned_by=actor)
    audit.record(actor, AccessLog.Action.CREATE, case)
    return case


@transaction.atomic
def update_case(*, case: Case, actor: User, data: Mapping[str, Any], confirm_duplicate: bool = False) -> Case:
    """Change the intake data of an open case. The municipality must stay within the case's team."""
    case = lock_open_case(case)
    fields = {key: value for key, value in data.items() if key in INTAKE_FIELDS}
    if "municipality" in fields and fields["municipality"].region_id != case.region_id:
        raise ValidationError(
            {"municipality": _("Kies een gemeente in de regio van deze casus.")}, code="region"
        )
    for key, value in fields.items():
        setattr(case, key, value)
    case.youth_initials = normalise_initials(case.youth_initials, name=case.youth_name)
    duplicates = list(
        likely_duplicates(
            municipality=case.municipality,
            initials=case.youth_initials,
            birth_year=case.youth_birth_year,
            exclude_pk=case.pk,
        )
    )
    if duplicates and not confirm_duplicate:
        raise DuplicateCaseWarning(duplicates)
    case.full_clean()
    case.save()
    audit.record(actor, AccessLog.Action.CHANGE, case, detail="intake")
    return case


def resume_status(case: Case) -> str:
    """The status a paused case returns to: the one it was paused from (``aangemeld`` when unknown)."""
    last_pause = (
        CaseStatusChange.objects.filter(case=case, to_status=CaseStatus.PAUSED)
        .order_by("-changed_at", "-id")
        .first()
    )
    return last_pause.from_status if last_pause else CaseStatus.REFERRED


def offered_transitions(case: Case) -> list[str]:
    """The statuses to offer for ``case``: its transitions, or for a paused case the status it was
    paused from. Closing is offered even without an outcome; ``change_status`` then explains why not.
    """
    if case.status == CaseStatus.PAUSED:
        return [resume_status(case)]
    return list(TRANSITIONS[case.status])


def require_outcome(case: Case) -> None:
    """A case closes only with its outcome recorded: ``TransitionError`` (``outcome_required``) if not."""
    if case.outcome_recorded_at is None:
        raise TransitionError(
            _("Leg eerst de uitkomst vast voordat u de casus afsluit."), code="outcome_required"
        )


def _check_transition(case: Case, to_status: str, reason: str) -> None:
    labels = dict(CaseStatus.choices)
    if to_status not in labels:
        raise TransitionError(_("Onbekende status."), code="unknown_status")
    if case.status == CaseStatus.PAUSED and to_status in TRANSITIONS[CaseStatus.PAUSED]:
        previous = resume_status(case)
        if to_status != previous:
            raise TransitionError(
                _("Een gepauzeerde casus gaat terug naar de status van voor de pauze: %(status)s.")
                % {"status": labels[previous]},
                code="resume",
            )
        return
    if to_status not in TRANSITIONS[case.status]:
        raise TransitionError(
            _("Een casus met status '%(from)s' kan niet naar '%(to)s'.")
            % {"from": labels[case.status], "to": labels[to_status]},
            code="invalid_transition",
        )
    if to_status == CaseStatus.PAUSED and not reason.strip():
        raise TransitionError(_("Geef een reden op om de casus te pauzeren."), code="reason_required")
    if to_status == CaseStatus.CLOSED:
        require_outcome(case)
    # Open actions and escalations are handled on the closing page first (``expertteams.closing``),
    # so they never vanish silently with the case; the timeline keeps these two fields up to date.
    if to_status == CaseStatus.CLOSED and (case.next_action_due is not None or case.open_escalation):
        raise TransitionError(
            _(
                "Er staan nog acties of een escalatie bij de Raad open. Sluit de casus af via 'Afsluiten': "
                "daar kiest u per punt afronden, overdragen of annuleren."
            ),
            code="open_items",
        )


@transaction.atomic
def change_status(*, case: Case, to_status: str, actor: User, reason: str = "") -> Case:
    """Move ``case`` to ``to_status`` and return it; the one place where a case's status changes.

    Raises ``TransitionError`` (a ``ValidationError`` with a Dutch message) for a transition the
    workflow does not allow; then nothing is written. Each change is recorded as a
    ``CaseStatusChange`` (who, when, reason) and in the access log.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    _check_transition(locked, to_status, reason)
    return _write_status(case, locked, to_status, actor, reason)


def _write_status(case: Case, locked: Case, to_status: str, actor: User, reason: str) -> Case:
    """Write a checked transition of the locked row ``locked``, record and log it, copy it onto ``case``."""
    now = timezone.now()
    from_status = locked.status
    locked.status = to_status
    locked.status_changed_at = now
    locked.paused_reason = reason.strip() if to_status == CaseStatus.PAUSED else ""
    locked.closed_at = now if to_status == CaseStatus.CLOSED else None
    locked.save(update_fields=["status", "status_changed_at", "paused_reason", "closed_at", "updated_at"])
    CaseStatusChange.objects.create(
        case=locked, from_status=from_status, to_status=to_status, reason=reason.strip(), changed_by=actor
    )
    audit.record(actor, AccessLog.Action.CHANGE, locked, detail=f"status {from_status} -> {to_status}")
    for field in ("status", "status_changed_at", "paused_reason", "closed_at", "updated_at"):
        setattr(case, field, getattr(locked, field))
    return case


# The rule "the first step moves the case into treatment": from these statuses, along the workflow.
FIRST_STEP_PATH: dict[str, tuple[str, ...]] = {
    CaseStatus.REFERRED: (CaseStatus.INTAKE, CaseStatus.ACTIVE),
    CaseStatus.INTAKE: (CaseStatus.ACTIVE,),
}


@transaction.atomic
def start_treatment(*, case: Case, actor: User, reason: str) -> Case:
    """Move a referred or intake case to ``in_behandeling`` because work on it began (the timeline calls
    this when a step is logged); every transition along the way is recorded with ``reason``. A case in
    any other status (active, paused, closed) is left alone."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    for to_status in FIRST_STEP_PATH.get(locked.status, ()):
        _check_transition(locked, to_status, reason)
        _write_status(case, locked, to_status, actor, reason)
    return case


@transaction.atomic
def reopen_case(*, case: Case, actor: User, reason: str) -> Case:
    """Reopen a closed case (``afgesloten`` → ``in_behandeling``), e.g. when a follow-up finds it is not
    going well. The one way back from ``afgesloten``; ``reason`` is required and recorded.

    Raises ``TransitionError`` when the case is not closed or the reason is empty.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.CLOSED:
        raise TransitionError(_("Alleen een afgesloten casus kan worden heropend."), code="not_closed")
    if not reason.strip():
        raise TransitionError(_("Geef een reden op om de casus te heropenen."), code="reason_required")
    return _write_status(case, locked, CaseStatus.ACTIVE, actor, reason)


def facilitators_of_team(team_id: int):
    """The users with the facilitator role in the expert team ``team_id``."""
    return User.objects.filter(
        pk__in=RoleAssignment.objects.filter(role=Role.FACILITATOR, expert_team_id=team_id).values("user_id")
    ).order_by("first_name", "last_name", "username")


@transaction.atomic
def assign_facilitator(*, case: Case, facilitator: User, actor: User) -> Assignment:
    """Make ``facilitator`` the case's facilitator; the previous assignment is ended, not removed.

    Only a coordinator of the case's team may assign (``PermissionDenied`` otherwise), and only to a
    facilitator of that team (``ValidationError`` otherwise).
    """
    if not rules.has_perm("cases.assign_case", actor, case):
        raise PermissionDenied(_("Alleen de teamcoördinator van het expertteam kan een casus toewijzen."))
    locked = lock_open_case(case)
    if not facilitators_of_team(locked.expert_team_id).filter(pk=facilitator.pk).exists():
        raise ValidationError(
            _("Kies een procesbegeleider van het expertteam van deze casus."), code="not_in_team"
        )
    if locked.facilitator_id == facilitator.pk:
        raise ValidationError(_("Deze procesbegeleider is al toegewezen."), code="unchanged")
    now = timezone.now()
    Assignment.objects.filter(case=locked, ended_at__isnull=True).update(ended_at=now)
    assignment = Assignment.objects.create(case=locked, facilitator=facilitator, assigned_by=actor)
    locked.facilitator = facilitator
    locked.save(update_fields=["facilitator", "updated_at"])
    case.facilitator = facilitator
    audit.record(actor, AccessLog.Action.CHANGE, locked, detail="toegewezen")
    return assignment


@transaction.atomic
def withdraw_consent(*, consent: Consent, actor: User, on: date | None = None) -> Consent:
    """Record that a consent was withdrawn (the row stays: consent history is evidence)."""
    if consent.withdrawn_on is not None:
        raise ValidationError(_("Deze toestemming is al ingetrokken."), code="withdrawn")
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    audit.record(actor, AccessLog.Action.CHANGE, consent.case, detail="toestemming ingetrokken")
    return consent


@transaction.atomic
def add_document(*, case: Case, actor: User, uploaded_file, description: str = "") -> Document:
    """Store an uploaded file with the case after checking its content (``core.uploads``).

    Raises ``ValidationError`` with a Dutch message for a refused file; then nothing is stored.
    """
    refuse_when_closed(case)
    return store_upload(Document(case=case), uploaded_file, actor=actor, description=description)


@transaction.atomic
def delete_document(*, document: Document, actor: User) -> None:
    """Remove a document and its stored file (after the transaction commits)."""
    refuse_when_closed(document.case)
    delete_private_file(document, actor=actor)
