"""One form per step kind. A form may own formsets (rows such as participants or action items);
``service_kwargs()`` returns exactly the keyword arguments of the kind's ``log_<kind>`` service, and
the same form, filled from the step, serves to correct it (``expertteams.services.correct_step``)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, LivingSituation, Urgency
from core.models import Organisation, Role, User
from expertteams import services
from expertteams.models import (
    Escalation,
    EscalationKind,
    PartyKind,
    Step,
    StepKind,
    ThreatenedMeasure,
)

ROW_INPUT = {"class": "form-control form-control-sm"}
ROW_SELECT = {"class": "form-select form-select-sm"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def team_members(case: Case):
    """The people who can own an action on ``case``: its team's facilitators and coordinators."""
    return (
        User.objects.filter(
            roles__expert_team_id=case.expert_team_id, roles__role__in=[Role.FACILITATOR, Role.COORDINATOR]
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


# --- Rows ------------------------------------------------------------------------------------------------


class RowForm(forms.Form):
    def __init__(self, *args, case: Case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)


class ParticipantForm(RowForm):
    name = forms.CharField(label=_("Naam of aanduiding"), max_length=120, widget=forms.TextInput(ROW_INPUT))
    party_kind = forms.ChoiceField(
        label=_("Partij"),
        choices=[("", "---------"), *PartyKind.choices],
        required=False,
        widget=forms.Select(attrs=ROW_SELECT),
    )
    role = forms.CharField(label=_("Rol"), max_length=120, required=False, widget=forms.TextInput(ROW_INPUT))
    # A choice, not a checkbox: an untouched empty row must not count as filled in.
    attended = forms.TypedChoiceField(
        label=_("Aanwezig"),
        choices=[("1", _("aanwezig")), ("0", _("afwezig"))],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.Select(attrs=ROW_SELECT),
    )


class StatementForm(RowForm):
    speaker = forms.CharField(label=_("Wie"), max_length=120, widget=forms.TextInput(ROW_INPUT))
    text = forms.CharField(label=_("Wat is er gezegd"), widget=forms.Textarea({**ROW_INPUT, "rows": 2}))


class ActionForm(RowForm):
    description = forms.CharField(label=_("Actie"), max_length=300, widget=forms.TextInput(ROW_INPUT))
    owner = forms.ModelChoiceField(
        label=_("Eigenaar (gebruiker)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.Select(attrs=ROW_SELECT),
    )
    owner_name = forms.CharField(
        label=_("Of eigenaar (naam)"), max_length=120, required=False, widget=forms.TextInput(ROW_INPUT)
    )
    due_on = forms.DateField(label=_("Uiterlijk"), widget=DateInput(ROW_INPUT))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team_members(self.case)

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_name"):
            raise forms.ValidationError(_("Geef een eigenaar: kies een gebruiker of vul een naam in."))
        return data


class OrganisationRequestForm(RowForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.Select(attrs=ROW_SELECT),
    )
    organisation_name = forms.CharField(
        label=_("Of organisatie (vrije tekst)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(ROW_INPUT),
    )
    asked_on = forms.DateField(label=_("Gevraagd op"), required=False, widget=DateInput(ROW_INPUT))
    answer = forms.CharField(
        label=_("Antwoord"), required=False, widget=forms.Textarea({**ROW_INPUT, "rows": 2})
    )
    positive = forms.TypedChoiceField(
        label=_("Uitkomst"),
        choices=[("", _("nog geen antwoord")), ("1", _("positief")), ("0", _("negatief"))],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
        widget=forms.Select(attrs=ROW_SELECT),
    )

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not data.get("organisation_name"):
            raise forms.ValidationError(_("Kies een organisatie of vul de naam in."))
        return data


# --- Steps -----------------------------------------------------------------------------------------------


class StepForm(forms.Form):
    """The fields every step has. Subclasses add their kind's fields and ``rows`` (formsets)."""

    kind: str = ""
    # name -> (row form, number of empty rows offered)
    rows: dict[str, tuple[type[RowForm], int]] = {}
    # Rows that a correction cannot change (action items have their own life: done or not).
    rows_not_corrected: tuple[str, ...] = ("actions",)
    line_fields: tuple[str, ...] = ()
    # The order of fields and row tables on the page; empty: fields first, then the rows.
    layout: tuple[str, ...] = ()

    occurred_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Leeg laten: de soort stap wordt de titel."),
    )

    def __init__(self, *args, case: Case, step: Step | None = None, **kwargs):
        self.case = case
        self.step = step
        if step is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from_step(step)
        super().__init__(*args, **kwargs)
        if step is not None:
            self.fields["reason"] = forms.CharField(
                label=_("Reden van de correctie"), widget=text_area(2), required=True
            )
        initial = kwargs.get("initial") or {}
        self.formsets = {}
        for name, (row_form, extra) in self.rows.items():
            if step is not None and name in self.rows_not_corrected:
                continue
            formset_class = forms.formset_factory(row_form, extra=extra, can_delete=step is not None)
            self.formsets[name] = formset_class(
                self.data if self.is_bound else None,
                prefix=name,
                initial=initial.get(name),
                form_kwargs={"case": case},
            )

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all([valid, *(formset.is_valid() for formset in self.formsets.values())])

    def clean(self):
        data = super().clean()
        for name in self.line_fields:
            data[name] = [line.strip() for line in (data.get(name) or "").splitlines() if line.strip()]
        return data

    def sections(self) -> list[dict]:
        """Fields and row tables in page order: ``{"field": bound_field}`` or ``{"label", "formset"}``."""
        order = [name for name in self.layout if name in self.fields or name in self.formsets]
        order += [name for name in [*self.fields, *self.formsets] if name not in order]
        return [
            {"label": ROW_LABELS[name], "formset": self.formsets[name]}
            if name in self.formsets
            else {"field": self[name]}
            for name in order
        ]

    def service_kwargs(self) -> dict:
        """The cleaned data as the keyword arguments of the kind's service (without ``reason``)."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "reason"}
        for name, formset in self.formsets.items():
            data[name] = [
                {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
        return data


class ContactForm(StepForm):
    rows = {"actions": (ActionForm, 2)}
    who = forms.CharField(label=_("Met wie"), max_length=200)
    summary = forms.CharField(label=_("Wat is er besproken"), widget=text_area(4), required=False)
    agreed = forms.CharField(label=_("Wat is er afgesproken"), widget=text_area(3), required=False)


class ContactMunicipalityForm(ContactForm):
    kind = StepKind.CONTACT_MUNICIPALITY


class ContactFamilyForm(ContactForm):
    kind = StepKind.CONTACT_FAMILY


class NoteForm(StepForm):
    kind = StepKind.NOTE
    summary = forms.CharField(label=_("Notitie"), widget=text_area(6))


class InterviewForm(StepForm):
    kind = StepKind.INTERVIEW
    rows = {"actions": (ActionForm, 2)}
    party_kind = forms.ChoiceField(label=_("Gesprek met"), choices=PartyKind.choices)
    party_name = forms.CharField(
        label=_("Naam of aanduiding"),
        max_length=120,
        required=False,
        help_text=_("Bijvoorbeeld 'moeder' of de voornaam; geen volledige namen nodig."),
    )
    view = forms.CharField(
        label=_("Hoe ziet deze partij de situatie? (in eigen woorden)"), widget=text_area(4), required=False
    )
    wishes = forms.CharField(label=_("Wensen"), widget=text_area(3), required=False)
    concerns = forms.CharField(label=_("Zorgen"), widget=text_area(3), required=False)
    summary = forms.CharField(label=_("Overige aantekeningen"), widget=text_area(2), required=False)


class JointMeetingForm(StepForm):
    kind = StepKind.JOINT_MEETING
    rows = {
        "participants": (ParticipantForm, 6),
        "statements": (StatementForm, 6),
        "actions": (ActionForm, 4),
    }
    rows_not_corrected = ("actions",)
    line_fields = ("agenda", "agreements")
    layout = (
        "occurred_on",
        "title",
        "location",
        "agenda",
        "participants",
        "statements",
        "summary",
        "agreements",
        "actions",
    )

    location = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda (vooraf voorbereid)"),
        widget=text_area(4),
        required=False,
        help_text=_("Eén agendapunt per regel, in volgorde."),
    )
    summary = forms.CharField(label=_("Verloop van het gesprek"), widget=text_area(3), required=False)
    agreements = forms.CharField(
        label=_("Afspraken"), widget=text_area(4), required=False, help_text=_("Eén afspraak per regel.")
    )


class HelpQuestionForm(StepForm):
    kind = StepKind.HELP_QUESTION
    question_before = forms.CharField(label=_("Hulpvraag zoals die was"), widget=text_area(3), required=False)
    question_after = forms.CharField(label=_("Hulpvraag zoals die nu is"), widget=text_area(3))
    problems = forms.CharField(label=_("Problemen"), widget=text_area(3), required=False)
    factors = forms.CharField(
        label=_("Factoren (beschermend en belemmerend)"), widget=text_area(3), required=False
    )
    hypotheses = forms.CharField(label=_("Verklarende hypothesen"), widget=text_area(3), required=False)
    family_wishes = forms.CharField(
        label=_("Wat wil het gezin? (in eigen woorden)"), widget=text_area(3), required=False
    )
    summary = forms.CharField(label=_("Toelichting"), widget=text_area(2), required=False)

    def __init__(self, *args, case: Case, step: Step | None = None, **kwargs):
        if step is None and "initial" not in kwargs:
            kwargs["initial"] = {"question_before": services.previous_help_question(case)}
        super().__init__(*args, case=case, step=step, **kwargs)


class SolutionSearchForm(StepForm):
    kind = StepKind.SOLUTION_SEARCH
    rows = {"requests": (OrganisationRequestForm, 5), "actions": (ActionForm, 2)}
    searched_for = forms.CharField(label=_("Waarnaar is gezocht"), widget=text_area(3), required=False)
    tailored_solution = forms.CharField(
        label=_("Oplossing op maat (maatwerk)"), widget=text_area(3), required=False
    )
    summary = forms.CharField(label=_("Toelichting"), widget=text_area(2), required=False)


class EscalationForm(StepForm):
    kind = StepKind.ESCALATION
    rows = {"actions": (ActionForm, 2)}
    escalation_kind = forms.ChoiceField(label=_("Soort"), choices=EscalationKind.choices)
    threatened_measure = forms.ChoiceField(
        label=_("Dreigende maatregel"), choices=ThreatenedMeasure.choices, initial=ThreatenedMeasure.NONE
    )
    urgency = forms.ChoiceField(label=_("Urgentie"), choices=Urgency.choices)
    board_helps_find_alternatives = forms.BooleanField(
        label=_("De Raad denkt mee over alternatieven"), required=False
    )
    board_involvement = forms.CharField(
        label=_("Rol van de Raad in de zoektocht naar alternatieven"), widget=text_area(3), required=False
    )
    summary = forms.CharField(label=_("Aanleiding en toelichting"), widget=text_area(3), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=Escalation.Status.choices, initial=Escalation.Status.OPEN
    )
    closed_on = forms.DateField(label=_("Afgesloten op"), widget=DateInput(), required=False)
    result_kind = forms.ChoiceField(
        label=_("Resultaat"), choices=[("", "---------"), *Escalation.ResultKind.choices], required=False
    )
    result = forms.CharField(label=_("Toelichting resultaat"), widget=text_area(2), required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == Escalation.Status.CLOSED:
            if not data.get("closed_on"):
                self.add_error("closed_on", _("Vul de datum in waarop de escalatie is afgesloten."))
            if not data.get("result_kind"):
                self.add_error("result_kind", _("Kies het resultaat van de escalatie."))
        return data

    def service_kwargs(self) -> dict:
        # ``kind`` is the step's kind in the form; the escalation's own kind is ``escalation_kind``.
        data = super().service_kwargs()
        data["kind"] = data.pop("escalation_kind")
        return data


class ConsultationForm(StepForm):
    kind = StepKind.CONSULTATION
    rows = {"actions": (ActionForm, 2)}
    expertise = forms.CharField(label=_("Ingezette expertise"), max_length=200)
    consulted = forms.CharField(label=_("Wie is geraadpleegd"), max_length=200, required=False)
    question = forms.CharField(label=_("Vraag"), widget=text_area(3), required=False)
    advice = forms.CharField(label=_("Advies"), widget=text_area(4), required=False)
    summary = forms.CharField(label=_("Toelichting"), widget=text_area(2), required=False)


class OutcomeForm(StepForm):
    kind = StepKind.OUTCOME
    living_situation = forms.ChoiceField(label=_("Woonsituatie"), choices=LivingSituation.choices)
    living_situation_notes = forms.CharField(
        label=_("Toelichting woonsituatie"), max_length=300, required=False
    )
    school_or_daytime_activity = forms.CharField(
        label=_("School of dagbesteding"), widget=text_area(2), required=False
    )
    network = forms.CharField(label=_("Netwerk"), widget=text_area(2), required=False)
    risk_behaviour = forms.CharField(label=_("Risicogedrag"), widget=text_area(2), required=False)
    out_of_home_placement_prevented = forms.BooleanField(
        label=_("Uithuisplaatsing voorkomen"), required=False
    )
    secure_placement_prevented = forms.BooleanField(label=_("Gesloten plaatsing voorkomen"), required=False)
    notes = forms.CharField(label=_("Toelichting"), widget=text_area(3), required=False)
    summary = forms.CharField(label=_("Samenvatting"), widget=text_area(2), required=False)


STEP_FORMS: dict[str, type[StepForm]] = {
    form.kind: form
    for form in (
        ContactMunicipalityForm,
        ContactFamilyForm,
        InterviewForm,
        JointMeetingForm,
        HelpQuestionForm,
        SolutionSearchForm,
        EscalationForm,
        ConsultationForm,
        OutcomeForm,
        NoteForm,
    )
}


def initial_from_step(step: Step) -> dict:
    """The form's initial data for correcting ``step``: its fields, its detail and its rows."""
    initial = {name: getattr(step, name) for name in services.STEP_FIELDS}
    detail = services.step_detail(step)
    if detail is not None:
        initial.update({name: getattr(detail, name) for name in services.DETAIL_MODELS[step.kind][1]})
    if step.kind == StepKind.ESCALATION:
        initial["escalation_kind"] = initial.pop("kind")
    if step.kind == StepKind.JOINT_MEETING:
        meeting = step.joint_meeting
        initial["agenda"] = "\n".join(item.title for item in meeting.agenda_items.all())
        initial["agreements"] = "\n".join(item.text for item in meeting.agreements.all())
        initial["participants"] = [
            {
                "name": p.name,
                "party_kind": p.party_kind,
                "role": p.role,
                "attended": "1" if p.attended else "0",
            }
            for p in meeting.participants.all()
        ]
        initial["statements"] = [{"speaker": s.speaker, "text": s.text} for s in meeting.statements.all()]
    if step.kind == StepKind.SOLUTION_SEARCH:
        initial["requests"] = [
            {
                "organisation": r.organisation_id,
                "organisation_name": r.organisation_name,
                "asked_on": r.asked_on,
                "answer": r.answer,
                "positive": {True: "1", False: "0", None: ""}[r.positive],
            }
            for r in step.solution_search.requests.all()
        ]
    return initial


ROW_LABELS = {
    "participants": _("Deelnemers en aanwezigheid"),
    "statements": _("Wat heeft ieder gezegd"),
    "actions": _("Acties (eigenaar en uiterlijke datum)"),
    "requests": _("Gevraagde organisaties en hun antwoord"),
}
