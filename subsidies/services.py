"""Writes on grant applications. Each function is one transaction, takes keyword arguments, checks
the permission with ``rules.has_perm`` and logs to the access log.

The application statuses (``concept`` → ``ingediend`` → ``toegekend`` / ``afgewezen``; ``ingetrokken``)
change only through ``subsidies.lifecycle`` (``TRANSITIONS`` and ``change_status``), called by
``submit_application``, ``withdraw_application`` and ``decide`` here and by ``subsidies.completion``
(``opgeschort`` and ``buiten behandeling``). After a
submission or a decision the reminder sweep is enqueued on commit; after a decision also the decision
letter (``subsidies.tasks``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case
from cases.selectors import cases_for_user
from core import audit
from core.formatting import dutch_date, format_amount
from core.models import AccessLog, Organisation, Role, RoleAssignment, User
from core.private_files import delete_private_file, store_upload
from subsidies import letters, lifecycle, tasks
from subsidies.committee import check_committee, records_refusal
from subsidies.deadlines import decision_due_date
from subsidies.models import (
    ApplicationCounter,
    ApplicationStatus,
    Attachment,
    Call,
    CostLine,
    Decision,
    DecisionOutcome,
    GrantApplication,
    GrantScheme,
    SchemeBudget,
    SchemeKind,
    Score,
)
from subsidies.selectors import budget_year, complete_scorers

DRAFT_FIELDS = ("title", "purpose", "motivation")
NUMBER_WORDS = {1: "één", 2: "twee", 3: "drie", 4: "vier", 5: "vijf"}
SUBMITTED_FIELDS = ("status", "submitted_by", "received_at", "decision_due", "requested_amount", "updated_at")


def next_reference(*, year: int | None = None) -> str:
    """Allocate the next application reference, e.g. ``SIM-2026-0007``.

    The counter row is locked and incremented in the database, so two concurrent starts never get
    the same number. Call inside the transaction that saves the application.
    """
    year = year or timezone.localdate().year
    with transaction.atomic():
        ApplicationCounter.objects.get_or_create(year=year)
        counter = ApplicationCounter.objects.select_for_update().get(year=year)
        ApplicationCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
        counter.refresh_from_db(fields=["last_number"])
    return f"SIM-{year}-{counter.last_number:04d}"


def _require(perm: str, actor: User, application: GrantApplication | None, message: str) -> None:
    if not rules.has_perm(perm, actor, application):
        raise PermissionDenied(message)


def _provider_users(organisation: Organisation):
    return User.objects.filter(
        pk__in=RoleAssignment.objects.filter(role=Role.PROVIDER, organisation=organisation).values("user_id")
    )


def _check_invited(organisation: Organisation, invited_users: Iterable[User]) -> list[User]:
    invited = list(invited_users)
    allowed = set(_provider_users(organisation).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in invited):
        raise ValidationError(
            {"invited_users": _("Nodig alleen medewerkers van de gekozen zorgaanbieder uit.")}, code="invited"
        )
    return invited


@transaction.atomic
def start_application(
    *,
    case: Case,
    scheme: GrantScheme,
    provider_organisation: Organisation,
    invited_users: Iterable[User],
    actor: User,
    title: str = "",
    purpose: str = "",
) -> GrantApplication:
    """Start a case-bound application (``concept``) and invite provider users to draft it.

    Only the case's facilitator or a coordinator of its team, on an open case
    (``PermissionDenied`` otherwise). The invited users must work for ``provider_organisation``; they
    get an invitation e-mail (the reference and a link) from the sweep enqueued on commit.
    """
    if not cases_for_user(actor).filter(pk=case.pk).exists() or not rules.has_perm(
        "subsidies.start_application", actor, case
    ):
        raise PermissionDenied(_("Alleen het expertteam van een open casus kan een aanvraag starten."))
    if scheme.kind != SchemeKind.CASE_BOUND or not scheme.active:
        raise ValidationError({"scheme": _("Kies een actieve casuïstiekgebonden regeling.")}, code="scheme")
    invited = _check_invited(provider_organisation, invited_users)
    application = GrantApplication.objects.create(
        reference=next_reference(),
        scheme=scheme,
        case=case,
        expert_team=case.expert_team,
        provider_organisation=provider_organisation,
        title=title.strip(),
        purpose=purpose.strip(),
        created_by=actor,
    )
    application.invited_users.set(invited)
    audit.record(actor, AccessLog.Action.CREATE, application)
    # The invited provider users get their invitation from the sweep (``reminders``).
    transaction.on_commit(lambda: tasks.send_due_reminders.delay())
    return application


@transaction.atomic
def start_call_application(
    *, call: Call, organisation: Organisation, actor: User, now: datetime | None = None, title: str = ""
) -> GrantApplication:
    """Start a draft proposal of ``organisation`` within a call (non-case-bound or network scheme).

    Only a provider user of the organisation; only while the call is open.
    """
    if organisation.pk not in actor.organisation_ids(Role.PROVIDER):
        raise PermissionDenied(_("U kunt alleen een voorstel indienen namens uw eigen organisatie."))
    _check_call_open(call, now or timezone.now())
    application = GrantApplication.objects.create(
        reference=next_reference(),
        scheme=call.scheme,
        call=call,
        provider_organisation=organisation,
        title=title.strip(),
        created_by=actor,
    )
    application.invited_users.add(actor)
    audit.record(actor, AccessLog.Action.CREATE, application)
    return application


def _check_call_open(call: Call, now: datetime) -> None:
    if now > call.closes_at:
        closes = call.closes_at.astimezone(timezone.get_default_timezone())
        raise ValidationError(
            _("De indieningstermijn sloot op %(date)s om %(time)s.")
            % {"date": dutch_date(closes.date()), "time": closes.strftime("%H:%M:%S")},
            code="late",
        )
    if now < call.opens_at:
        raise ValidationError(_("Deze ronde is nog niet open."), code="not_open")


@transaction.atomic
def update_draft(
    *,
    application: GrantApplication,
    actor: User,
    data: Mapping[str, Any],
    cost_lines: Iterable[Mapping[str, Any]] | None = None,
) -> GrantApplication:
    """Change a draft: ``data`` holds ``title``, ``purpose``, ``motivation``; ``cost_lines`` (dicts
    with ``description``, ``amount``, ``is_investment``), when given, replace the current ones.

    Only while ``concept``, by the team of the case or the provider (``PermissionDenied`` otherwise).
    """
    locked = lifecycle.lock(application)
    lifecycle.check_draft(locked)
    _require("subsidies.change_application", actor, locked, _("U kunt deze aanvraag niet wijzigen."))
    for field in DRAFT_FIELDS:
        if field in data:
            setattr(locked, field, (data[field] or "").strip())
    locked.save(update_fields=[*DRAFT_FIELDS, "updated_at"])
    if cost_lines is not None:
        locked.cost_lines.all().delete()
        CostLine.objects.bulk_create(
            CostLine(
                application=locked,
                description=line["description"].strip(),
                amount=line["amount"],
                is_investment=bool(line.get("is_investment", False)),
            )
            for line in cost_lines
        )
    lifecycle.refresh(application, locked, (*DRAFT_FIELDS, "updated_at"))
    audit.record(actor, AccessLog.Action.CHANGE, locked, detail="concept")
    return application


@transaction.atomic
def add_attachment(
    *, application: GrantApplication, actor: User, uploaded_file, description: str = ""
) -> Attachment:
    """Store an uploaded file with a draft after checking its content (``core.uploads``)."""
    locked = lifecycle.lock(application)
    lifecycle.check_draft(locked)
    _require("subsidies.change_application", actor, locked, _("U kunt deze aanvraag niet wijzigen."))
    return store_upload(Attachment(application=locked), uploaded_file, actor=actor, description=description)


@transaction.atomic
def delete_attachment(*, attachment: Attachment, actor: User) -> None:
    locked = lifecycle.lock(attachment.application)
    lifecycle.check_draft(locked)
    _require("subsidies.change_application", actor, locked, _("U kunt deze aanvraag niet wijzigen."))
    delete_private_file(attachment, actor=actor)


def completeness_errors(application: GrantApplication) -> list[str]:
    """What a complete request still lacks (Dutch messages); empty when it can be (re)submitted."""
    errors = []
    if not application.purpose.strip():
        errors.append(_("Beschrijf waarvoor het geld is."))
    if not application.motivation.strip():
        errors.append(_("Geef een motivatie."))
    lines = list(application.cost_lines.all())
    if not lines:
        errors.append(_("Voeg ten minste één kostenregel toe."))
    if any(line.amount is None or line.amount <= 0 for line in lines):
        errors.append(_("Elk bedrag moet groter zijn dan nul."))
    total = sum((line.amount for line in lines if line.amount), Decimal("0"))
    maximum = application.scheme.max_per_application
    if not application.scheme.within_maximum(total):
        errors.append(
            _("Het totaal van %(total)s is hoger dan het maximum van %(max)s per aanvraag.")
            % {"total": format_amount(total), "max": format_amount(maximum)}
        )
    return errors


def _freeze(locked: GrantApplication, actor: User, now: datetime) -> None:
    locked.submitted_by = actor
    locked.received_at = now
    locked.decision_due = decision_due_date(now, locked.scheme.decision_working_days)
    locked.requested_amount = locked.cost_lines_total()
    lifecycle.change_status(
        locked,
        ApplicationStatus.SUBMITTED,
        actor=actor,
        fields=("submitted_by", "received_at", "decision_due", "requested_amount"),
    )
    transaction.on_commit(lambda: tasks.send_due_reminders.delay())


@transaction.atomic
def submit_application(
    *, application: GrantApplication, actor: User, now: datetime | None = None
) -> GrantApplication:
    """Submit a draft: check it, freeze it, store the moment of receipt and the decision deadline.

    A case-bound application is submitted by the expert team (the case's facilitator or a team
    coordinator) on an open case; a call application by its organisation before the call closes.
    Checks: purpose, motivation, at least one cost line, every amount above zero, the total within the
    scheme's maximum. Raises ``ValidationError`` (Dutch messages) or ``PermissionDenied``; then nothing
    changes. ``decision_due`` is ``decision_due_date(received_at, scheme.decision_working_days)``.
    """
    now = now or timezone.now()
    locked = lifecycle.lock(application)
    if locked.status == ApplicationStatus.SUSPENDED:  # resubmitted through ``completion.complete_request``
        raise lifecycle.TransitionError(_("Deze aanvraag is opgeschort: vul haar aan."), code="suspended")
    lifecycle.check_transition(locked, ApplicationStatus.SUBMITTED)
    if locked.case_id is not None and locked.case.is_closed:
        raise ValidationError(_("De casus is afgesloten; de aanvraag kan niet meer worden ingediend."))
    if locked.case_id is not None:
        _require(
            "subsidies.submit_application",
            actor,
            locked,
            _("Alleen de procesbegeleider of teamcoördinator van de casus kan deze aanvraag indienen."),
        )
    else:
        _require(
            "subsidies.submit_application",
            actor,
            locked,
            _("Alleen de aanvragende organisatie kan dit voorstel indienen."),
        )
        _check_call_open(locked.call, now)
    errors = completeness_errors(locked)
    if errors:
        raise ValidationError(errors, code="incomplete")
    _freeze(locked, actor, now)
    lifecycle.refresh(application, locked, SUBMITTED_FIELDS)
    return application


@transaction.atomic
def submit_call_application(
    *,
    call: Call,
    organisation: Organisation,
    actor: User,
    now: datetime | None = None,
    data: Mapping[str, Any] | None = None,
    cost_lines: Iterable[Mapping[str, Any]] = (),
) -> GrantApplication:
    """Start, fill and submit a proposal within a call in one go (see ``submit_application``).

    A late submission is refused with the closing moment in the message, e.g. "De indieningstermijn
    sloot op 1 juni 2026 om 23:59:59."
    """
    now = now or timezone.now()
    _check_call_open(call, now)
    application = start_call_application(call=call, organisation=organisation, actor=actor, now=now)
    update_draft(application=application, actor=actor, data=data or {}, cost_lines=cost_lines)
    return submit_application(application=application, actor=actor, now=now)


@transaction.atomic
def withdraw_application(*, application: GrantApplication, actor: User, reason: str = "") -> GrantApplication:
    """Withdraw a draft or an undecided submitted application (``ingetrokken``)."""
    locked = lifecycle.lock(application)
    lifecycle.check_transition(locked, ApplicationStatus.WITHDRAWN)
    _require("subsidies.withdraw_application", actor, locked, _("U kunt deze aanvraag niet intrekken."))
    locked.withdrawn_at = timezone.now()
    lifecycle.change_status(
        locked, ApplicationStatus.WITHDRAWN, actor=actor, fields=("withdrawn_at",), reason=reason.strip()
    )
    lifecycle.refresh(application, locked, ("status", "withdrawn_at", "updated_at"))
    return application


@records_refusal("scoren")
@transaction.atomic
def score_application(
    *, application: GrantApplication, actor: User, scores: Mapping[int, int]
) -> list[Score]:
    """Record the actor's scores (criterion id → score) on a submitted non-case-bound or network
    application. A member may change their scores until the decision."""
    locked = lifecycle.lock(application)
    check_committee(actor, locked, "subsidies.score_application")
    criteria = {criterion.pk: criterion for criterion in locked.scheme.criteria.all()}
    missing = set(criteria) - set(scores)
    if missing:
        raise ValidationError(_("Geef een score voor elk criterium."), code="missing")
    saved = []
    for criterion_id, value in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise ValidationError(_("Onbekend criterium."), code="criterion")
        if value is None or not 0 <= int(value) <= criterion.max_score:
            raise ValidationError(
                _("De score voor '%(name)s' ligt tussen 0 en %(max)d.")
                % {"name": criterion.name, "max": criterion.max_score},
                code="range",
            )
        score, _created = Score.objects.update_or_create(
            application=locked, member=actor, criterion=criterion, defaults={"score": int(value)}
        )
        saved.append(score)
    audit.record(actor, AccessLog.Action.CHANGE, locked, detail="scores")
    return saved


def _locked_budget(scheme: GrantScheme, year: int) -> SchemeBudget:
    """The scheme's budget row of ``year``, locked until the transaction ends (created from the
    scheme's yearly ceiling when it is the first grant of the year)."""
    SchemeBudget.objects.get_or_create(scheme=scheme, year=year, defaults={"ceiling": scheme.yearly_budget})
    return SchemeBudget.objects.select_for_update().get(scheme=scheme, year=year)


def _check_grant_amount(amount: Decimal | None, requested: Decimal) -> Decimal:
    if amount is None:
        raise ValidationError({"amount": _("Vul het toe te kennen bedrag in.")}, code="amount_required")
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("Het bedrag moet groter zijn dan nul.")}, code="amount_positive")
    if amount > requested:
        raise ValidationError(
            {
                "amount": _("Het bedrag is hoger dan het aangevraagde bedrag van %(requested)s.")
                % {"requested": format_amount(requested)}
            },
            code="amount_above_requested",
        )
    return amount


@records_refusal("besluiten")
@transaction.atomic
def decide(
    *,
    application: GrantApplication,
    actor: User,
    outcome: str,
    amount: Decimal | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> Decision:
    """Decide on a submitted application: grant (``amount`` at most the requested amount and at most
    the remaining budget of the scheme this year) or reject (a ``reason`` is required). Final.

    Only a committee member of the scheme who has no role in the submitting expert team
    (``PermissionDenied`` with a clear message otherwise). The application row is locked, and the
    ``Decision`` is one-to-one: of two members deciding at once exactly one wins; the other gets
    "Er is al een besluit genomen over deze aanvraag.". The budget row is locked while granting, so
    racing grants never exceed the ceiling. Non-case-bound and network applications first need the
    complete scores of the scheme's quorum of members. The decision letter and the reminders follow on commit.
    """
    now = now or timezone.now()
    locked = lifecycle.lock(application)
    check_committee(actor, locked, "subsidies.decide_application")
    if outcome not in (DecisionOutcome.GRANTED, DecisionOutcome.REJECTED):
        raise ValidationError({"outcome": _("Kies toekennen of afwijzen.")}, code="outcome")
    quorum = locked.scheme.quorum
    if locked.scheme.needs_scores and complete_scorers(locked) < quorum:
        raise ValidationError(
            _(
                "Ten minste %(n)s commissieleden moeten deze aanvraag op alle criteria scoren voor het besluit."
            )
            % {"n": NUMBER_WORDS.get(quorum, str(quorum))},
            code="scores",
        )
    reason = reason.strip()
    year = budget_year(now)
    if outcome == DecisionOutcome.GRANTED:
        amount = _check_grant_amount(amount, locked.requested_amount or Decimal("0"))
        budget = _locked_budget(locked.scheme, year)
        if amount > budget.remaining:
            raise ValidationError(
                {
                    "amount": _(
                        "Het resterende budget van deze regeling in %(year)d is %(remaining)s; "
                        "dit bedrag past daar niet in."
                    )
                    % {"year": year, "remaining": format_amount(budget.remaining)}
                },
                code="budget",
            )
        SchemeBudget.objects.filter(pk=budget.pk).update(granted_total=F("granted_total") + amount)
    else:
        if not reason:
            raise ValidationError({"reason": _("Geef een reden voor de afwijzing.")}, code="reason_required")
        amount = Decimal("0")
    decision = lifecycle.record_decision(
        locked,
        application,
        actor=actor,
        outcome=outcome,
        amount=amount,
        reason=reason,
        budget_year=year if outcome == DecisionOutcome.GRANTED else None,
        now=now,
    )
    enqueue_after_decision(locked.pk)
    return decision


def enqueue_after_decision(application_id: int) -> None:
    """Queue the decision letter's job; on commit build it and send the reminders (the team and the provider)."""
    letter = letters.queue_decision_letter(application_id)
    transaction.on_commit(lambda: tasks.generate_decision_letter.delay(letter.pk))
    transaction.on_commit(lambda: tasks.send_due_reminders.delay())
