"""The step kinds, each declared once as a ``StepKindSpec``: its detail model and fields, its child lists,
its form and timeline template, what it updates on the case, and how a step of it fills a correction form.

Services, forms, the timeline and the corrections history read ``KINDS``; adding a kind is one spec here,
one detail model (if it needs structure) and one template in ``templates/expertteams/steps/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy

from cases import placements
from cases.models import Case
from expertteams import care_forms
from expertteams import forms as step_forms
from expertteams.models import (
    AgendaItem,
    Agreement,
    Consultation,
    Escalation,
    FollowUpCheck,
    HelpQuestion,
    Interview,
    JointMeeting,
    OrganisationRequest,
    Outcome,
    Participant,
    PlacementChange,
    SolutionSearch,
    Statement,
    Step,
    StepKind,
)

# The fields every step has; a correction may change any of them.
STEP_FIELDS = ("occurred_on", "title", "summary", "who", "agreed")


@dataclass(frozen=True)
class ChildList:
    """A list of rows under a kind's detail (e.g. a meeting's participants), given and corrected as a whole.

    A text list (``row_form`` None) is a list of texts, entered one per line in the form field of the
    same name; ``build`` gets each text and its position (1, 2, ...). A row list is a list of dicts,
    entered in a table of ``row_form`` rows; ``form_row`` turns a stored row back into such a dict.
    """

    name: str
    related_name: str  # on the detail model
    label: str  # heading in the history of a corrected step
    build: Callable[[models.Model, int, Any], models.Model]
    line: Callable[[Any], str]  # one row as the history shows it
    row_form: type[step_forms.RowForm] | None = None
    extra_rows: int = 0
    form_label: str = ""
    form_row: Callable[[Any], dict] | None = None
    select_related: tuple[str, ...] = ()

    def rows(self, detail: models.Model):
        """The stored rows of ``detail``, with the relations ``line`` reads."""
        manager = getattr(detail, self.related_name)
        return manager.select_related(*self.select_related) if self.select_related else manager.all()

    def write(self, detail: models.Model, items: Iterable, *, replace: bool) -> None:
        manager = getattr(detail, self.related_name)
        if replace:
            manager.all().delete()
        if self.row_form is None:
            items = [text.strip() for text in items if text and text.strip()]
        manager.model.objects.bulk_create(
            self.build(detail, position, item) for position, item in enumerate(items, start=1)
        )

    def initial(self, detail: models.Model):
        rows = self.rows(detail)
        if self.row_form is None:
            return "\n".join(self.line(row) for row in rows)
        return [self.form_row(row) for row in rows]


@dataclass(frozen=True)
class StepKindSpec:
    """One step kind. Fields a caller may give when logging are ``step_fields`` and ``detail_fields``
    (and ``actions`` when ``action_rows`` > 0, and the child lists); ``required`` ones must be given,
    the others default to the model's defaults."""

    kind: StepKind
    form: type[step_forms.StepForm]
    step_fields: tuple[str, ...] = ("occurred_on", "title", "summary")
    required: tuple[str, ...] = ("occurred_on",)
    detail_model: type[models.Model] | None = None
    detail_fields: tuple[str, ...] = ()
    children: tuple[ChildList, ...] = ()
    # Empty action rows offered on the new-step form; 0: the kind takes no actions when logged.
    action_rows: int = 0
    # The kind's actions also point at its detail (``ActionItem.meeting`` for a joint meeting).
    actions_on_detail: bool = False
    # (model field, form field) pairs where the form needs another name (a form has its own ``kind``).
    renamed_in_form: tuple[tuple[str, str], ...] = ()
    # New steps only: completes the detail's values inside the logging transaction (case locked).
    complete_detail: Callable[[Case, dict], dict] | None = None
    # New-step form only: initial data that depends on the case.
    new_form_initial: Callable[[Case], dict] | None = None
    # Inside the logging / correcting transaction, after the detail is written: (step, detail, actor).
    on_logged: Callable[[Step, Any, Any], None] | None = None
    on_corrected: Callable[[Step, Any, Any], None] | None = None
    # Signal fields of ``cases.Case`` this kind determines: (field, expression on the case row).
    case_signals: tuple[tuple[str, Callable[[], models.Expression]], ...] = ()
    # What the timeline shows of a step; default ``expertteams/steps/<kind>.html``.
    template: str = ""

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def timeline_template(self) -> str:
        return self.template or f"expertteams/steps/{self.kind.value}.html"

    @property
    def relation(self) -> str | None:
        """The name of the detail on a step (``step.interview``), for ``select_related``."""
        if self.detail_model is None:
            return None
        return self.detail_model._meta.get_field("step").related_query_name()

    def detail(self, step: Step):
        """The step's detail object, or None for a kind without one."""
        return getattr(step, self.relation, None) if self.relation else None

    def child(self, name: str) -> ChildList:
        return next(child for child in self.children if child.name == name)

    def loggable_fields(self) -> set[str]:
        names = {*self.step_fields, *self.detail_fields, *(child.name for child in self.children)}
        return names | {"actions"} if self.action_rows else names

    def correctable_fields(self) -> set[str]:
        return {*STEP_FIELDS, *self.detail_fields, *(child.name for child in self.children), "actions"}

    def initial_from_step(self, step: Step) -> dict:
        """The correction form's initial data: the step's fields, its detail's and its child lists."""
        initial = {name: getattr(step, name) for name in STEP_FIELDS}
        detail = self.detail(step)
        if detail is not None:
            initial.update({name: getattr(detail, name) for name in self.detail_fields})
            initial.update({child.name: child.initial(detail) for child in self.children})
        for field_name, form_name in self.renamed_in_form:
            initial[form_name] = initial.pop(field_name)
        return initial

    def bind_form(self, data=None, *, case: Case, step: Step | None = None) -> step_forms.StepForm:
        """The kind's form: empty for a new step on ``case``, filled from ``step`` to correct it."""
        if step is not None:
            initial = self.initial_from_step(step)
        else:
            initial = self.new_form_initial(case) if self.new_form_initial else {}
        return self.form(data, spec=self, case=case, step=step, initial=initial)


def spec_for(kind: str) -> StepKindSpec:
    return KINDS[kind]


def step_detail(step: Step):
    """The detail object of the step's kind, or None for contact steps and notes."""
    return KINDS[step.kind].detail(step)


# --- Joint meeting: agenda, participants, statements, agreements -------------------------------------------

ATTENDANCE = {True: gettext_lazy("aanwezig"), False: gettext_lazy("afwezig")}

MEETING_LISTS = (
    ChildList(
        name="agenda",
        related_name="agenda_items",
        label=gettext_lazy("Agenda"),
        build=lambda meeting, n, text: AgendaItem(meeting=meeting, position=n, title=text),
        line=lambda item: item.title,
    ),
    ChildList(
        name="participants",
        related_name="participants",
        label=gettext_lazy("Deelnemers"),
        build=lambda meeting, n, row: Participant(
            meeting=meeting,
            name=row["name"],
            party_kind=row.get("party_kind") or "other",
            role=row.get("role", ""),
            attended=row.get("attended", True),
        ),
        line=lambda p: (
            f"{p.name}, {p.get_party_kind_display()}{f' ({p.role})' if p.role else ''}: {ATTENDANCE[p.attended]}"
        ),
        row_form=step_forms.ParticipantForm,
        extra_rows=6,
        form_label=gettext_lazy("Deelnemers en aanwezigheid"),
        form_row=lambda p: {
            "name": p.name,
            "party_kind": p.party_kind,
            "role": p.role,
            "attended": "1" if p.attended else "0",
        },
    ),
    ChildList(
        name="statements",
        related_name="statements",
        label=gettext_lazy("Wat er gezegd is"),
        build=lambda meeting, n, row: Statement(meeting=meeting, speaker=row["speaker"], text=row["text"]),
        line=lambda s: f"{s.speaker}: {s.text}",
        row_form=step_forms.StatementForm,
        extra_rows=6,
        form_label=gettext_lazy("Wat heeft ieder gezegd"),
        form_row=lambda s: {"speaker": s.speaker, "text": s.text},
    ),
    ChildList(
        name="agreements",
        related_name="agreements",
        label=gettext_lazy("Afspraken"),
        build=lambda meeting, n, text: Agreement(meeting=meeting, position=n, text=text),
        line=lambda agreement: agreement.text,
    ),
)

# --- Solution search: the organisations asked ---------------------------------------------------------------

ANSWERS = {
    True: gettext_lazy("positief"),
    False: gettext_lazy("negatief"),
    None: gettext_lazy("nog geen antwoord"),
}

ORGANISATION_REQUESTS = ChildList(
    # Rows: ``organisation`` (or ``organisation_name``), ``asked_on``, ``answer`` and ``positive``
    # (True, False or None when there is no answer yet).
    name="requests",
    related_name="requests",
    label=gettext_lazy("Gevraagde organisaties"),
    build=lambda search, n, row: OrganisationRequest(
        search=search,
        organisation=row.get("organisation"),
        organisation_name=row.get("organisation_name", ""),
        asked_on=row.get("asked_on"),
        answer=row.get("answer", ""),
        positive=row.get("positive"),
    ),
    line=lambda r: f"{r.label}: {r.answer or '-'} ({ANSWERS[r.positive]})",
    row_form=step_forms.OrganisationRequestForm,
    extra_rows=5,
    form_label=gettext_lazy("Gevraagde organisaties en hun antwoord"),
    form_row=lambda r: {
        "organisation": r.organisation_id,
        "organisation_name": r.organisation_name,
        "asked_on": r.asked_on,
        "answer": r.answer,
        "positive": {True: "1", False: "0", None: ""}[r.positive],
    },
    select_related=("organisation",),
)

# --- Help question: versions follow each other --------------------------------------------------------------


def previous_help_question(case: Case) -> str:
    """The latest clarified help question on the case, or the question as the referrer stated it."""
    latest = (
        HelpQuestion.objects.filter(step__case=case)
        .order_by("-question_version")
        .values("question_after")
        .first()
    )
    return latest["question_after"] if latest else case.help_question


def _next_help_question(case: Case, detail: dict) -> dict:
    """``question_before`` defaults to the latest version on the case; the version counts up."""
    if detail.get("question_before") is None:
        detail = {**detail, "question_before": previous_help_question(case)}
    return {**detail, "question_version": HelpQuestion.objects.filter(step__case=case).count() + 1}


# --- Placement change: the placement history follows the timeline ------------------------------------------


def _start_episode(step: Step, detail: PlacementChange, actor) -> None:
    """End the current placement episode and start the new one on the step's date."""
    detail.episode = placements.change_placement(
        case=step.case,
        actor=actor,
        placement_type=detail.placement_type,
        started_on=step.occurred_on,
        provider=detail.provider,
        forced=detail.forced,
    )
    detail.save(update_fields=["episode"])


def _correct_episode(step: Step, detail: PlacementChange, actor) -> None:
    """A corrected placement change corrects its episode (type, place, forced, first day)."""
    if detail.episode_id is not None:
        placements.correct_episode(
            episode=detail.episode,
            actor=actor,
            placement_type=detail.placement_type,
            provider=detail.provider,
            forced=detail.forced,
            started_on=step.occurred_on,
        )


# --- Outcome: the living situation follows the placement history --------------------------------------------


def _outcome_living_situation(case: Case, detail: dict) -> dict:
    """Without a stated living situation the outcome takes the current placement's (``Case.living_situation``
    follows the open placement episode)."""
    if not detail.get("living_situation"):
        detail = {**detail, "living_situation": case.living_situation or "anders"}
    return detail


# --- Signals on the case -------------------------------------------------------------------------------------


def _outcome_recorded_at():
    """When the latest outcome was logged; closing a case requires one."""
    return Subquery(
        Step.objects.filter(case=OuterRef("pk"), kind=StepKind.OUTCOME)
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def _open_escalation():
    return Exists(Escalation.objects.filter(step__case=OuterRef("pk"), status=Escalation.Status.OPEN))


# --- The kinds ------------------------------------------------------------------------------------------------

CONTACT = {
    "form": step_forms.ContactForm,
    "step_fields": STEP_FIELDS,
    "required": ("occurred_on", "who"),
    "action_rows": 2,
    "template": "expertteams/steps/contact.html",
}

KINDS: dict[str, StepKindSpec] = {
    spec.kind: spec
    for spec in (
        # Who at the municipality (the case holder), when, and what was agreed.
        StepKindSpec(kind=StepKind.CONTACT_MUNICIPALITY, **CONTACT),
        StepKindSpec(kind=StepKind.CONTACT_FAMILY, **CONTACT),
        # One party at a time: their view, wishes and concerns in their own words.
        StepKindSpec(
            kind=StepKind.INTERVIEW,
            form=step_forms.InterviewForm,
            required=("occurred_on", "party_kind"),
            detail_model=Interview,
            detail_fields=("party_kind", "party_name", "view", "wishes", "concerns"),
            action_rows=2,
        ),
        # The parties together: agenda, participants, what each said, agreements and actions.
        StepKindSpec(
            kind=StepKind.JOINT_MEETING,
            form=step_forms.JointMeetingForm,
            detail_model=JointMeeting,
            detail_fields=("location",),
            children=MEETING_LISTS,
            action_rows=4,
            actions_on_detail=True,
        ),
        # A new version of the help question, with the verklarende analyse.
        StepKindSpec(
            kind=StepKind.HELP_QUESTION,
            form=step_forms.HelpQuestionForm,
            required=("occurred_on", "question_after"),
            detail_model=HelpQuestion,
            detail_fields=(
                "question_before",
                "question_after",
                "problems",
                "factors",
                "hypotheses",
                "family_wishes",
            ),
            complete_detail=_next_help_question,
            new_form_initial=lambda case: {"question_before": previous_help_question(case)},
        ),
        StepKindSpec(
            kind=StepKind.SOLUTION_SEARCH,
            form=step_forms.SolutionSearchForm,
            detail_model=SolutionSearch,
            detail_fields=("searched_for", "tailored_solution"),
            children=(ORGANISATION_REQUESTS,),
            action_rows=2,
        ),
        # Involving the Raad voor de Kinderbescherming: open until its result is recorded.
        StepKindSpec(
            kind=StepKind.ESCALATION,
            form=step_forms.EscalationForm,
            required=("occurred_on", "kind"),
            detail_model=Escalation,
            detail_fields=(
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
            action_rows=2,
            renamed_in_form=(("kind", "escalation_kind"),),
            case_signals=(("open_escalation", _open_escalation),),
        ),
        StepKindSpec(
            kind=StepKind.CONSULTATION,
            form=step_forms.ConsultationForm,
            required=("occurred_on", "expertise"),
            detail_model=Consultation,
            detail_fields=("expertise", "consulted", "question", "advice"),
            action_rows=2,
        ),
        # Where the youth ended up and what was prevented.
        StepKindSpec(
            kind=StepKind.OUTCOME,
            form=step_forms.OutcomeForm,
            required=("occurred_on",),
            complete_detail=_outcome_living_situation,
            new_form_initial=lambda case: {"living_situation": case.living_situation},
            detail_model=Outcome,
            detail_fields=(
                "living_situation",
                "living_situation_notes",
                "school_or_daytime_activity",
                "network",
                "risk_behaviour",
                "out_of_home_placement_prevented",
                "secure_placement_prevented",
                "notes",
            ),
            case_signals=(("outcome_recorded_at", _outcome_recorded_at),),
        ),
        StepKindSpec(
            kind=StepKind.NOTE,
            form=step_forms.NoteForm,
            required=("occurred_on", "summary"),
        ),
        # The youth moves: ends the current placement episode and starts the next (``cases.placements``).
        StepKindSpec(
            kind=StepKind.PLACEMENT_CHANGE,
            form=care_forms.PlacementChangeForm,
            required=("occurred_on", "placement_type"),
            detail_model=PlacementChange,
            detail_fields=("placement_type", "provider", "forced"),
            on_logged=_start_episode,
            on_corrected=_correct_episode,
        ),
        # "Gaat het nog goed?": a review of the plan or an aftercare check (``expertteams.followups``
        # records one for a planned moment, also on a closed case, and reopens the case when not).
        StepKindSpec(
            kind=StepKind.FOLLOW_UP,
            form=care_forms.FollowUpCheckForm,
            required=("occurred_on", "going_well"),
            detail_model=FollowUpCheck,
            detail_fields=("going_well", "reopen_reason"),
            action_rows=2,
        ),
    )
}


def case_signals() -> dict[str, models.Expression]:
    """The signal fields the kinds determine, as expressions for one UPDATE of the case row."""
    return {name: expression() for spec in KINDS.values() for name, expression in spec.case_signals}


def history_lines(step: Step) -> Mapping[str, list[str]]:
    """The step's child lists as the history shows them, by list name."""
    spec = KINDS[step.kind]
    detail = spec.detail(step)
    if detail is None:
        return {}
    return {child.name: [child.line(row) for row in child.rows(detail)] for child in spec.children}
