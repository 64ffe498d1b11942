"""Writes on the timeline: logging and correcting steps, closing escalations, actions. Each function
takes keyword arguments, runs in one transaction, refuses when the case is closed, logs to the access
log and keeps the case's signal fields up to date. What differs per step kind is declared in
``expertteams.kinds``.

The signal fields on ``cases.Case`` (``last_step_at``, ``outcome_recorded_at``, ``open_escalation``,
``next_action_due``) are written here and nowhere else, so the case list can filter on signals in SQL.
``last_step_at`` moves only when a new step is logged: a correction or a completed action is not
progress on the case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.locking import lock_open_case
from cases.models import Case
from core import audit
from core.formatting import format_date
from core.models import AccessLog
from expertteams.kinds import KINDS, STEP_FIELDS, StepKindSpec, case_signals, history_lines
from expertteams.models import ActionItem, Escalation, FollowUp, Resolution, Step, StepKind, StepRevision

SIGNAL_FIELDS = (
    "last_step_at",
    "outcome_recorded_at",
    "open_escalation",
    "next_action_due",
    "next_review_due",
    "next_aftercare_due",
)


def closed_case_message() -> str:
    return _(
        "Deze casus is afgesloten: er kunnen geen stappen of acties meer worden vastgelegd of gewijzigd."
    )


# --- Logging a step ----------------------------------------------------------------------------------


def log_step(*, step_kind: str, case: Case, actor, **fields: Any) -> Step:
    """Log a new step of ``step_kind`` on ``case`` and return it.

    ``fields`` are the kind's step fields, detail fields and child lists (``expertteams.kinds``) and,
    for kinds that take them, ``actions``: dicts with ``description``, ``owner_name``, ``owner`` (a user
    or None) and ``due_on``. Fields left out take the model's defaults; an empty title becomes the
    kind's label. Raises ``TypeError`` for a missing required or an unknown field, ``ValidationError``
    on a closed case.
    """
    spec = KINDS[step_kind]
    _check_fields(spec, fields, allowed=spec.loggable_fields())
    missing = [name for name in spec.required if name not in fields]
    if missing:
        raise TypeError(f"Missing fields for a {step_kind} step: {', '.join(missing)}")
    with transaction.atomic():
        _lock_open_case(case)
        step_fields = {k: v for k, v in fields.items() if k in spec.step_fields and v is not None}
        step_fields["title"] = step_fields.get("title") or spec.label
        step = Step.objects.create(case=case, kind=spec.kind, author=actor, **step_fields)
        detail = None
        if spec.detail_model is not None:
            values = {k: v for k, v in fields.items() if k in spec.detail_fields}
            if spec.complete_detail:
                values = spec.complete_detail(case, values)
            detail = spec.detail_model.objects.create(step=step, **values)
        for child in spec.children:
            if child.name in fields:
                child.write(detail, fields[child.name], replace=False)
        _add_actions(step, fields.get("actions", ()))
        if spec.on_logged:
            spec.on_logged(step, detail, actor)
        audit.record(actor, AccessLog.Action.CREATE, step, detail=step_kind)
        _start_treatment(case, actor, spec)
        refresh_case_signals(case, step_logged=True)
    return step


def _start_treatment(case: Case, actor, spec: StepKindSpec) -> None:
    """The status rule "first step → in behandeling", with the reason recorded in the status history."""
    if case.status in case_services.FIRST_STEP_PATH:
        case_services.start_treatment(
            case=case, actor=actor, reason=_("Eerste stap vastgelegd: %(kind)s") % {"kind": spec.label}
        )


# Shorthands, one per kind, e.g. ``log_interview(case=..., actor=..., occurred_on=..., party_kind=...)``.
log_contact_municipality = partial(log_step, step_kind=StepKind.CONTACT_MUNICIPALITY)
log_contact_family = partial(log_step, step_kind=StepKind.CONTACT_FAMILY)
log_interview = partial(log_step, step_kind=StepKind.INTERVIEW)
log_joint_meeting = partial(log_step, step_kind=StepKind.JOINT_MEETING)
log_help_question = partial(log_step, step_kind=StepKind.HELP_QUESTION)
log_solution_search = partial(log_step, step_kind=StepKind.SOLUTION_SEARCH)
log_escalation = partial(log_step, step_kind=StepKind.ESCALATION)
log_consultation = partial(log_step, step_kind=StepKind.CONSULTATION)
log_outcome = partial(log_step, step_kind=StepKind.OUTCOME)
log_note = partial(log_step, step_kind=StepKind.NOTE)
log_placement_change = partial(log_step, step_kind=StepKind.PLACEMENT_CHANGE)
log_follow_up = partial(log_step, step_kind=StepKind.FOLLOW_UP)


# --- Corrections, escalations and actions ----------------------------------------------------------


def correct_step(*, step: Step, actor, reason: str = "", **changes: Any) -> Step:
    """Correct a step. The version as it was is kept as a ``StepRevision``; ``version`` goes up by one.

    ``changes`` may name the step's own fields, the fields of its kind's detail, its child lists
    (which replace the old lists as a whole) and ``actions`` (new action items to add).
    Raises ``TypeError`` for a field the kind does not have, ``ValidationError`` on a closed case.
    """
    spec = KINDS[step.kind]
    _check_fields(spec, changes, allowed=spec.correctable_fields())
    with transaction.atomic():
        _lock_open_case(step.case)
        step = Step.objects.select_for_update().get(pk=step.pk)
        StepRevision.objects.create(
            step=step, version=step.version, data=snapshot(step), reason=reason, replaced_by=actor
        )
        for name in STEP_FIELDS:
            if name in changes:
                setattr(step, name, changes[name])
        step.title = step.title or step.get_kind_display()
        step.version += 1
        step.save()
        values = {k: v for k, v in changes.items() if k in spec.detail_fields}
        if values:
            spec.detail_model.objects.filter(step=step).update(**values)
        for child in spec.children:
            if child.name in changes:
                child.write(spec.detail(step), changes[child.name], replace=True)
        _add_actions(step, changes.get("actions", ()))
        if spec.on_corrected:
            spec.on_corrected(step, spec.detail_model.objects.get(step=step), actor)
        audit.record(actor, AccessLog.Action.CHANGE, step, detail=f"correctie naar versie {step.version}")
        refresh_case_signals(step.case)
    return step


def close_escalation(
    *, escalation: Escalation, actor, closed_on: date, result_kind: str, result: str = ""
) -> Escalation:
    """Close a Raad escalation with its result and date ("afsluiten"): not a correction, so no earlier
    version is kept and no reason is asked. Refused (``ValidationError``) when it is already closed,
    without a result, or on a closed case."""
    if result_kind not in Escalation.ResultKind.values:
        raise ValidationError({"result_kind": _("Kies het resultaat van de escalatie.")})
    with transaction.atomic():
        _lock_open_case(escalation.step.case)
        locked = Escalation.objects.select_for_update().select_related("step__case").get(pk=escalation.pk)
        if not locked.is_open:
            raise ValidationError(_("Deze escalatie is al afgesloten."), code="closed")
        locked.status = Escalation.Status.CLOSED
        locked.closed_on = closed_on
        locked.result_kind = result_kind
        locked.result = result.strip()
        locked.save(update_fields=["status", "closed_on", "result_kind", "result"])
        audit.record(actor, AccessLog.Action.CHANGE, locked.step, detail="escalatie afgesloten")
        refresh_case_signals(locked.step.case)
    for name in ("status", "closed_on", "result_kind", "result"):
        setattr(escalation, name, getattr(locked, name))
    return escalation


def add_action(
    *, step: Step, actor, description: str, owner_name: str, due_on: date, owner=None
) -> ActionItem:
    with transaction.atomic():
        _lock_open_case(step.case)
        (action,) = _add_actions(
            step, [{"description": description, "owner_name": owner_name, "owner": owner, "due_on": due_on}]
        )
        audit.record(actor, AccessLog.Action.CREATE, action)
        refresh_case_signals(step.case)
    return action


def complete_action(*, action: ActionItem, actor) -> ActionItem:
    """Mark an action as done (doing it twice keeps the first moment)."""
    with transaction.atomic():
        _lock_open_case(action.step.case)
        action = ActionItem.objects.select_for_update().select_related("step__case").get(pk=action.pk)
        if action.done_at is None:
            action.resolve(by=actor, at=timezone.now(), resolution=Resolution.DONE)
            audit.record(actor, AccessLog.Action.CHANGE, action, detail="actie afgerond")
        refresh_case_signals(action.step.case)
    return action


# --- The history of a step ----------------------------------------------------------------------------


def snapshot(step: Step) -> dict:
    """The step as it is now, as JSON: raw ``values`` and the ``display`` pairs shown in the history."""
    spec = KINDS[step.kind]
    values: dict[str, Any] = {name: getattr(step, name) for name in STEP_FIELDS}
    display: list[list[str]] = []
    for name in STEP_FIELDS:
        _add_display(display, step, name)
    detail = spec.detail(step)
    if detail is not None:
        for name in spec.detail_fields:
            values[name] = getattr(detail, name)
            _add_display(display, detail, name)
    for name, lines in history_lines(step).items():
        values[name] = lines
        if lines:
            display.append([str(spec.child(name).label), "\n".join(lines)])
    return {"values": values, "display": display}


def _add_display(display: list, obj, name: str) -> None:
    value = getattr(obj, name)
    if value in ("", None):
        return
    field = obj._meta.get_field(name)
    if field.choices:
        text = str(getattr(obj, f"get_{name}_display")())
    elif isinstance(value, bool):
        text = str(_("ja") if value else _("nee"))
    elif isinstance(value, date):
        text = format_date(value)
    else:
        text = str(value)
    display.append([str(field.verbose_name).capitalize(), text])


# --- Internals ---------------------------------------------------------------------------------------


def _check_fields(spec: StepKindSpec, fields: Mapping[str, Any], *, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields for a {spec.kind.value} step: {', '.join(sorted(unknown))}")


def _lock_open_case(case: Case) -> None:
    """Lock the case row for this transaction and refuse when it is closed (``cases.locking``), in the
    timeline's words."""
    lock_open_case(case, message=closed_case_message())


def _add_actions(step: Step, actions: Iterable[Mapping]) -> list[ActionItem]:
    """Add action items to ``step`` (and to its joint meeting, for a kind with ``actions_on_detail``)."""
    actions = list(actions)
    spec = KINDS[step.kind]
    meeting = spec.detail(step) if actions and spec.actions_on_detail else None
    rows = []
    for row in actions:
        owner = row.get("owner")
        owner_name = row.get("owner_name") or (owner.display_name if owner else "")
        rows.append(
            ActionItem(
                step=step,
                meeting=meeting,
                description=row["description"],
                owner=owner,
                owner_name=owner_name,
                due_on=row["due_on"],
            )
        )
    return ActionItem.objects.bulk_create(rows) if rows else []


def _next_follow_up(kind: str) -> Subquery:
    return Subquery(
        FollowUp.objects.filter(case=OuterRef("pk"), kind=kind, resolved_at__isnull=True)
        .order_by("due_on")
        .values("due_on")[:1]
    )


def refresh_case_signals(case: Case, *, step_logged: bool = False) -> None:
    """Recompute the case's signal fields in one UPDATE and copy them onto ``case`` (call inside the
    transaction that changed the timeline, actions or follow-up moments)."""
    values: dict[str, Any] = {
        **case_signals(),
        "next_action_due": Subquery(
            ActionItem.objects.filter(step__case=OuterRef("pk"), done_at__isnull=True)
            .order_by("due_on")
            .values("due_on")[:1]
        ),
        "next_review_due": _next_follow_up(FollowUp.Kind.REVIEW),
        "next_aftercare_due": _next_follow_up(FollowUp.Kind.AFTERCARE),
    }
    if step_logged:
        values["last_step_at"] = timezone.now()
    Case.objects.filter(pk=case.pk).update(**values)
    case.refresh_from_db(fields=list(SIGNAL_FIELDS))
