"""Writes on the timeline. Each function takes keyword arguments, runs in one transaction, refuses
when the case is closed, logs to the access log and keeps the case's signal fields up to date.

The signal fields on ``cases.Case`` (``last_step_at``, ``outcome_recorded_at``, ``open_escalation``,
``next_action_due``) are written here and nowhere else, so the case list can filter on signals in SQL.
``last_step_at`` moves only when a new step is logged: a correction or a completed action is not
progress on the case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseStatus
from core import audit
from core.models import AccessLog
from expertteams.models import (
    ActionItem,
    AgendaItem,
    Agreement,
    Consultation,
    Escalation,
    HelpQuestion,
    Interview,
    JointMeeting,
    OrganisationRequest,
    Outcome,
    Participant,
    SolutionSearch,
    Statement,
    Step,
    StepKind,
    StepRevision,
)

SIGNAL_FIELDS = ("last_step_at", "outcome_recorded_at", "open_escalation", "next_action_due")
STEP_FIELDS = ("occurred_on", "title", "summary", "who", "agreed")

# The one-to-one detail model of each kind and the fields a caller may set on it.
DETAIL_MODELS: dict[str, tuple[type, tuple[str, ...]]] = {
    StepKind.INTERVIEW: (Interview, ("party_kind", "party_name", "view", "wishes", "concerns")),
    StepKind.JOINT_MEETING: (JointMeeting, ("location",)),
    StepKind.HELP_QUESTION: (
        HelpQuestion,
        ("question_before", "question_after", "problems", "factors", "hypotheses", "family_wishes"),
    ),
    StepKind.SOLUTION_SEARCH: (SolutionSearch, ("searched_for", "tailored_solution")),
    StepKind.ESCALATION: (
        Escalation,
        (
            "kind",
            "threatened_measure",
            "urgency",
            "board_helps_find_alternatives",
            "board_involvement",
            "status",
            "closed_on",
            "result_kind",
            "result",
        ),
    ),
    StepKind.CONSULTATION: (Consultation, ("expertise", "consulted", "question", "advice")),
    StepKind.OUTCOME: (
        Outcome,
        (
            "living_situation",
            "living_situation_notes",
            "school_or_daytime_activity",
            "network",
            "risk_behaviour",
            "out_of_home_placement_prevented",
            "secure_placement_prevented",
            "notes",
        ),
    ),
}

# Lists of child rows a kind accepts; a correction replaces them as a whole.
CHILD_LISTS: dict[str, tuple[str, ...]] = {
    StepKind.JOINT_MEETING: ("agenda", "participants", "statements", "agreements"),
    StepKind.SOLUTION_SEARCH: ("requests",),
}


def closed_case_message() -> str:
    return _(
        "Deze casus is afgesloten: er kunnen geen stappen of acties meer worden vastgelegd of gewijzigd."
    )


# --- Logging a step, one function per kind ---------------------------------------------------------


def log_contact_municipality(
    *,
    case: Case,
    actor,
    occurred_on: date,
    who: str,
    summary: str = "",
    agreed: str = "",
    title: str = "",
    actions: Iterable[Mapping] = (),
) -> Step:
    """Contact with the municipality's case holder: who, when, what was agreed."""
    return _log_step(
        StepKind.CONTACT_MUNICIPALITY,
        case=case,
        actor=actor,
        step_fields={
            "occurred_on": occurred_on,
            "title": title,
            "summary": summary,
            "who": who,
            "agreed": agreed,
        },
        actions=actions,
    )


def log_contact_family(
    *,
    case: Case,
    actor,
    occurred_on: date,
    who: str,
    summary: str = "",
    agreed: str = "",
    title: str = "",
    actions: Iterable[Mapping] = (),
) -> Step:
    """Contact with the youth and the parents."""
    return _log_step(
        StepKind.CONTACT_FAMILY,
        case=case,
        actor=actor,
        step_fields={
            "occurred_on": occurred_on,
            "title": title,
            "summary": summary,
            "who": who,
            "agreed": agreed,
        },
        actions=actions,
    )


def log_note(*, case: Case, actor, occurred_on: date, summary: str, title: str = "") -> Step:
    return _log_step(
        StepKind.NOTE,
        case=case,
        actor=actor,
        step_fields={"occurred_on": occurred_on, "title": title, "summary": summary},
    )


def log_interview(
    *,
    case: Case,
    actor,
    occurred_on: date,
    party_kind: str,
    party_name: str = "",
    view: str = "",
    wishes: str = "",
    concerns: str = "",
    summary: str = "",
    title: str = "",
    actions: Iterable[Mapping] = (),
) -> Step:
    """A conversation with one party: their view, wishes and concerns in their own words."""
    return _log_step(
        StepKind.INTERVIEW,
        case=case,
        actor=actor,
        step_fields={"occurred_on": occurred_on, "title": title, "summary": summary},
        detail={
            "party_kind": party_kind,
            "party_name": party_name,
            "view": view,
            "wishes": wishes,
            "concerns": concerns,
        },
        actions=actions,
    )


def log_joint_meeting(
    *,
    case: Case,
    actor,
    occurred_on: date,
    agenda: Iterable[str] = (),
    participants: Iterable[Mapping] = (),
    statements: Iterable[Mapping] = (),
    agreements: Iterable[str] = (),
    actions: Iterable[Mapping] = (),
    location: str = "",
    summary: str = "",
    title: str = "",
) -> Step:
    """A meeting of the parties.

    ``agenda`` and ``agreements`` are texts in order; ``participants`` are dicts with ``name``,
    ``party_kind``, ``role``, ``attended``; ``statements`` dicts with ``speaker`` and ``text``;
    ``actions`` dicts with ``description``, ``owner_name``, ``owner`` (a user or None) and ``due_on``.
    """
    return _log_step(
        StepKind.JOINT_MEETING,
        case=case,
        actor=actor,
        step_fields={"occurred_on": occurred_on, "title": title, "summary": summary},
        detail={"location": location},
        children={
            "agenda": agenda,
            "participants": participants,
            "statements": statements,
            "agreements": agreements,
        },
        actions=actions,
    )


def log_help_question(
    *,
    case: Case,
    actor,
    occurred_on: date,
    question_after: str,
    question_before: str | None = None,
    problems: str = "",
    factors: str = "",
    hypotheses: str = "",
    family_wishes: str = "",
    summary: str = "",
    title: str = "",
) -> Step:
    """A new version of the help question with the verklarende analyse.

    ``question_before`` defaults to the latest version on the case, or the referrer's question.
    """
    if question_before is None:
        question_before = previous_help_question(case)
    return _log_step(
        StepKind.HELP_QUESTION,
        case=case,
        actor=actor,
        step_fields={"occurred_on": occurred_on, "title": title, "summary": summary},
        detail={
            "question_before": question_before,
            "question_after": question_after,
            "problems": problems,
            "factors": factors,
            "hypotheses": hypotheses,
            "family_wishes": family_wishes,
        },
    )


def log_solution_search(
    *,
    case: Case,
    actor,
    occurred_on: date,
    searched_for: str = "",
    tailored_solution: str = "",
    requests: Iterable[Mapping] = (),
    summary: str = "",
    title: str = "",
    actions: Iterable[Mapping] = (),
) -> Step:
    """The regional search: ``requests`` are dicts with ``organisation`` (or ``organisation_name``),
    ``asked_on``, ``answer`` and ``positive`` (True, False or None when no answer yet)."""
    return _log_step(
        StepKind.SOLUTION_SEARCH,
        case=case,
        actor=actor,
        step_fields={"occurred_on": occurred_on, "title": title, "summary": summary},
        detail={"searched_for": searched_for, "tailored_solution": tailored_solution},
        children={"requests": requests},
        actions=actions,
    )


def log_escalation(
    *,
    case: Case,
    actor,
    occurred_on: date,
    kind: str,
    threatened_measure: str = "none",
    urgency: str = "normaal",
    board_helps_find_alternatives: bool = False,
    board_involvement: str = "",
    status: str = Escalation.Status.OPEN,
    closed_on: date | None = None,
    result_kind: str = "",
    result: str = "",
    summary: str = "",
    title: str = "",
    actions: Iterable[Mapping] = (),
) -> Step:
    """Involving the Raad voor de Kinderbescherming (open until its result is recorded)."""
    return _log_step(
        StepKind.ESCALATION,
        case=case,
        actor=actor,
        step_fields={"occurred_on": occurred_on, "title": title, "summary": summary},
        detail={
            "kind": kind,
            "threatened_measure": threatened_measure,
            "urgency": urgency,
            "board_helps_find_alternatives": board_helps_find_alternatives,
            "board_involvement": board_involvement,
            "status": status,
            "closed_on": closed_on,
            "result_kind": result_kind,
            "result": result,
        },
        actions=actions,
    )


def log_consultation(
    *,
    case: Case,
    actor,
    occurred_on: date,
    expertise: str,
    consulted: str = "",
    question: str = "",
    advice: str = "",
    summary: str = "",
    title: str = "",
    actions: Iterable[Mapping] = (),
) -> Step:
    return _log_step(
        StepKind.CONSULTATION,
        case=case,
        actor=actor,
        step_fields={"occurred_on": occurred_on, "title": title, "summary": summary},
        detail={"expertise": expertise, "consulted": consulted, "question": question, "advice": advice},
        actions=actions,
    )


def log_outcome(
    *,
    case: Case,
    actor,
    occurred_on: date,
    living_situation: str,
    living_situation_notes: str = "",
    school_or_daytime_activity: str = "",
    network: str = "",
    risk_behaviour: str = "",
    out_of_home_placement_prevented: bool = False,
    secure_placement_prevented: bool = False,
    notes: str = "",
    summary: str = "",
    title: str = "",
) -> Step:
    """The outcome for the youth; sets ``Case.outcome_recorded_at`` (closing a case requires it)."""
    return _log_step(
        StepKind.OUTCOME,
        case=case,
        actor=actor,
        step_fields={"occurred_on": occurred_on, "title": title, "summary": summary},
        detail={
            "living_situation": living_situation,
            "living_situation_notes": living_situation_notes,
            "school_or_daytime_activity": school_or_daytime_activity,
            "network": network,
            "risk_behaviour": risk_behaviour,
            "out_of_home_placement_prevented": out_of_home_placement_prevented,
            "secure_placement_prevented": secure_placement_prevented,
            "notes": notes,
        },
    )


LOGGERS = {
    StepKind.CONTACT_MUNICIPALITY: log_contact_municipality,
    StepKind.CONTACT_FAMILY: log_contact_family,
    StepKind.INTERVIEW: log_interview,
    StepKind.JOINT_MEETING: log_joint_meeting,
    StepKind.HELP_QUESTION: log_help_question,
    StepKind.SOLUTION_SEARCH: log_solution_search,
    StepKind.ESCALATION: log_escalation,
    StepKind.CONSULTATION: log_consultation,
    StepKind.OUTCOME: log_outcome,
    StepKind.NOTE: log_note,
}


def log_step(*, step_kind: str, case: Case, actor, **fields) -> Step:
    """Log a step of ``step_kind`` with the fields its ``log_<kind>`` function takes."""
    return LOGGERS[step_kind](case=case, actor=actor, **fields)


# --- Corrections, escalations and actions ----------------------------------------------------------


def correct_step(*, step: Step, actor, reason: str = "", **changes: Any) -> Step:
    """Correct a step. The version as it was is kept as a ``StepRevision``; ``version`` goes up by one.

    ``changes`` may name the step's own fields, the fields of its kind's detail, its child lists
    (which replace the old lists as a whole) and ``actions`` (new action items to add).
    Raises ``TypeError`` for a field the kind does not have, ``ValidationError`` on a closed case.
    """
    allowed = (
        set(STEP_FIELDS) | set(_detail_fields(step.kind)) | set(CHILD_LISTS.get(step.kind, ())) | {"actions"}
    )
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"Unknown fields for a {step.kind} step: {', '.join(sorted(unknown))}")
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
        detail = {k: v for k, v in changes.items() if k in _detail_fields(step.kind)}
        if detail:
            model, _fields = DETAIL_MODELS[step.kind]
            model.objects.filter(step=step).update(**detail)
        children = {k: v for k, v in changes.items() if k in CHILD_LISTS.get(step.kind, ())}
        _write_children(step, children, replace=True)
        _add_actions(step, changes.get("actions", ()))
        audit.record(actor, AccessLog.Action.CHANGE, step, detail=f"correctie naar versie {step.version}")
        _refresh_case_signals(step.case)
    return step


def close_escalation(
    *, escalation: Escalation, actor, closed_on: date, result_kind: str, result: str = "", reason: str = ""
) -> Step:
    """Record the Raad's result and close the escalation (kept in the step's history as a correction)."""
    return correct_step(
        step=escalation.step,
        actor=actor,
        reason=reason or _("Escalatie afgesloten"),
        status=Escalation.Status.CLOSED,
        closed_on=closed_on,
        result_kind=result_kind,
        result=result,
    )


def add_action(
    *, step: Step, actor, description: str, owner_name: str, due_on: date, owner=None
) -> ActionItem:
    with transaction.atomic():
        _lock_open_case(step.case)
        (action,) = _add_actions(
            step, [{"description": description, "owner_name": owner_name, "owner": owner, "due_on": due_on}]
        )
        audit.record(actor, AccessLog.Action.CREATE, action)
        _refresh_case_signals(step.case)
    return action


def complete_action(*, action: ActionItem, actor) -> ActionItem:
    """Mark an action as done (doing it twice keeps the first moment)."""
    with transaction.atomic():
        _lock_open_case(action.step.case)
        action = ActionItem.objects.select_for_update().select_related("step__case").get(pk=action.pk)
        if action.done_at is None:
            action.done_at = timezone.now()
            action.done_by = actor
            action.save(update_fields=["done_at", "done_by"])
            audit.record(actor, AccessLog.Action.CHANGE, action, detail="actie afgerond")
        _refresh_case_signals(action.step.case)
    return action


# --- Reading helpers the services and forms share --------------------------------------------------


def previous_help_question(case: Case) -> str:
    """The latest clarified help question on the case, or the question as the referrer stated it."""
    latest = (
        HelpQuestion.objects.filter(step__case=case)
        .order_by("-question_version")
        .values("question_after")
        .first()
    )
    return latest["question_after"] if latest else case.help_question


def snapshot(step: Step) -> dict:
    """The step as it is now, as JSON: raw ``values`` and the ``display`` pairs shown in the history."""
    values: dict[str, Any] = {name: getattr(step, name) for name in STEP_FIELDS}
    display: list[list[str]] = []
    for name in STEP_FIELDS:
        _add_display(display, step, name)
    detail = step_detail(step)
    if detail is not None:
        for name in _detail_fields(step.kind):
            values[name] = getattr(detail, name)
            _add_display(display, detail, name)
    for name, lines in _child_lines(step).items():
        values[name] = lines
        if lines:
            display.append([name_label(name), "\n".join(lines)])
    return {"values": values, "display": display}


def step_detail(step: Step):
    """The detail object of the step's kind, or None for contact steps and notes."""
    if step.kind not in DETAIL_MODELS:
        return None
    return getattr(step, step.kind, None)


def name_label(name: str) -> str:
    return {
        "agenda": _("Agenda"),
        "participants": _("Deelnemers"),
        "statements": _("Wat er gezegd is"),
        "agreements": _("Afspraken"),
        "requests": _("Gevraagde organisaties"),
    }[name]


# --- Internals ---------------------------------------------------------------------------------------


def _detail_fields(kind: str) -> tuple[str, ...]:
    return DETAIL_MODELS[kind][1] if kind in DETAIL_MODELS else ()


def _lock_open_case(case: Case) -> None:
    """Lock the case row for this transaction and refuse when it is closed."""
    status = Case.objects.select_for_update().filter(pk=case.pk).values_list("status", flat=True).get()
    if status == CaseStatus.CLOSED:
        raise ValidationError(closed_case_message())


def _log_step(
    kind: str,
    *,
    case: Case,
    actor,
    step_fields: dict,
    detail: dict | None = None,
    children: dict | None = None,
    actions: Iterable[Mapping] = (),
) -> Step:
    with transaction.atomic():
        _lock_open_case(case)
        fields = {name: value for name, value in step_fields.items() if value is not None}
        fields["title"] = fields.get("title") or StepKind(kind).label
        step = Step.objects.create(case=case, kind=kind, author=actor, **fields)
        if kind in DETAIL_MODELS:
            model, _fields = DETAIL_MODELS[kind]
            if model is HelpQuestion:
                detail = {
                    **detail,
                    "question_version": HelpQuestion.objects.filter(step__case=case).count() + 1,
                }
            model.objects.create(step=step, **(detail or {}))
        _write_children(step, children or {}, replace=False)
        _add_actions(step, actions)
        audit.record(actor, AccessLog.Action.CREATE, step, detail=kind)
        _refresh_case_signals(case, step_logged=True)
    return step


def _write_children(step: Step, children: Mapping[str, Iterable], *, replace: bool) -> None:
    if not children:
        return
    if step.kind == StepKind.JOINT_MEETING:
        meeting = JointMeeting.objects.get(step=step)
        if "agenda" in children:
            if replace:
                meeting.agenda_items.all().delete()
            AgendaItem.objects.bulk_create(
                AgendaItem(meeting=meeting, position=n, title=text)
                for n, text in enumerate(_texts(children["agenda"]), start=1)
            )
        if "participants" in children:
            if replace:
                meeting.participants.all().delete()
            Participant.objects.bulk_create(
                Participant(
                    meeting=meeting,
                    name=row["name"],
                    party_kind=row.get("party_kind") or "other",
                    role=row.get("role", ""),
                    attended=row.get("attended", True),
                )
                for row in children["participants"]
            )
        if "statements" in children:
            if replace:
                meeting.statements.all().delete()
            Statement.objects.bulk_create(
                Statement(meeting=meeting, speaker=row["speaker"], text=row["text"])
                for row in children["statements"]
            )
        if "agreements" in children:
            if replace:
                meeting.agreements.all().delete()
            Agreement.objects.bulk_create(
                Agreement(meeting=meeting, position=n, text=text)
                for n, text in enumerate(_texts(children["agreements"]), start=1)
            )
    elif step.kind == StepKind.SOLUTION_SEARCH and "requests" in children:
        search = SolutionSearch.objects.get(step=step)
        if replace:
            search.requests.all().delete()
        OrganisationRequest.objects.bulk_create(
            OrganisationRequest(
                search=search,
                organisation=row.get("organisation"),
                organisation_name=row.get("organisation_name", ""),
                asked_on=row.get("asked_on"),
                answer=row.get("answer", ""),
                positive=row.get("positive"),
            )
            for row in children["requests"]
        )


def _texts(items: Iterable[str]) -> list[str]:
    return [text.strip() for text in items if text and text.strip()]


def _add_actions(step: Step, actions: Iterable[Mapping]) -> list[ActionItem]:
    meeting = JointMeeting.objects.filter(step=step).first() if step.kind == StepKind.JOINT_MEETING else None
    rows = []
    for row in actions:
        owner = row.get("owner")
        owner_name = row.get("owner_name") or (owner.get_full_name() or owner.get_username() if owner else "")
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


def _refresh_case_signals(case: Case, *, step_logged: bool = False) -> None:
    """Recompute the case's signal fields in one UPDATE and copy them onto ``case``."""
    values: dict[str, Any] = {
        "outcome_recorded_at": Subquery(
            Step.objects.filter(case=OuterRef("pk"), kind=StepKind.OUTCOME)
            .order_by("-created_at")
            .values("created_at")[:1]
        ),
        "open_escalation": Exists(
            Escalation.objects.filter(step__case=OuterRef("pk"), status=Escalation.Status.OPEN)
        ),
        "next_action_due": Subquery(
            ActionItem.objects.filter(step__case=OuterRef("pk"), done_at__isnull=True)
            .order_by("due_on")
            .values("due_on")[:1]
        ),
    }
    if step_logged:
        values["last_step_at"] = timezone.now()
    Case.objects.filter(pk=case.pk).update(**values)
    case.refresh_from_db(fields=list(SIGNAL_FIELDS))


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
        text = value.strftime("%d-%m-%Y")
    else:
        text = str(value)
    display.append([str(field.verbose_name).capitalize(), text])


def _child_lines(step: Step) -> dict[str, list[str]]:
    if step.kind == StepKind.JOINT_MEETING:
        meeting = JointMeeting.objects.get(step=step)
        return {
            "agenda": [item.title for item in meeting.agenda_items.all()],
            "participants": [
                f"{p.name}, {p.get_party_kind_display()}{f' ({p.role})' if p.role else ''}: "
                f"{_('aanwezig') if p.attended else _('afwezig')}"
                for p in meeting.participants.all()
            ],
            "statements": [f"{s.speaker}: {s.text}" for s in meeting.statements.all()],
            "agreements": [a.text for a in meeting.agreements.all()],
        }
    if step.kind == StepKind.SOLUTION_SEARCH:
        search = SolutionSearch.objects.get(step=step)
        answers = {True: _("positief"), False: _("negatief"), None: _("nog geen antwoord")}
        return {
            "requests": [
                f"{r.label}: {r.answer or '-'} ({answers[r.positive]})"
                for r in search.requests.select_related("organisation")
            ]
        }
    return {}
