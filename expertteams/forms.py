"""The forms of the step kinds and of their rows. Which form, row tables and initial data a kind uses is
declared in its spec (``expertteams.kinds``); ``service_kwargs()`` feeds ``services.log_step`` and
``services.correct_step``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, LivingSituation, Urgency
from core.forms import DateInput
from core.models import Organisation, Role, User
from expertteams.models import Escalation, EscalationKind, PartyKind, Step, ThreatenedMeasure

if TYPE_CHECKING:  # the specs name these forms, so ``kinds`` imports ``forms``, not the other way
    from expertteams.kinds import StepKindSpec

ROW_INPUT = {"class": "form-control form-control-sm"}
ROW_SELECT = {"class": "form-select form-select-sm"}
ACTIONS_LABEL = _("Acties (eigenaar en uiterlijke datum)")


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


# The fields that name a person: they offer the case's registered persons and professionals as
# suggestions (an HTML <datalist>, see ``case_people``), while free text stays possible.
PEOPLE_LIST_ID = "mensen-van-de-casus"
PERSON_FIELDS = frozenset({"name", "speaker", "owner_name", "party_name", "who"})


def suggest_case_people(form: forms.Form) -> None:
    for name in PERSON_FIELDS & set(form.fields):
        form.fields[name].widget.attrs["list"] = PEOPLE_LIST_ID


def case_people(case: Case) -> list[tuple[str, str]]:
    """(name, what they are to the youth) of the persons and professionals registered on ``case``,
    in the order of entry: two queries."""
    persons = [(p.name, p.get_relation_display()) for p in case.persons.order_by("pk")]
    professionals = [
        (
            p.name,
            ", ".join(
                part
                for part in (p.role, p.organisation.name if p.organisation else p.organisation_name)
                if part
            ),
        )
        for p in case.professionals.select_related("organisation").order_by("pk")
    ]
    return persons + professionals


# --- Rows ------------------------------------------------------------------------------------------------


class RowForm(forms.Form):
    def __init__(self, *args, case: Case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        suggest_case_people(self)


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
    """The fields every step has; subclasses add their kind's fields.

    The row tables (formsets) and the text lists entered one per line come from the kind's spec
    (``expertteams.kinds``), which also supplies ``initial``: see ``StepKindSpec.bind_form``.
    """

    # The order of fields and row tables on the page; empty: fields first, then the rows.
    layout: tuple[str, ...] = ()

    occurred_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Leeg laten: de soort stap wordt de titel."),
    )

    def __init__(self, *args, spec: StepKindSpec, case: Case, step: Step | None = None, **kwargs):
        self.spec = spec
        self.case = case
        self.step = step
        super().__init__(*args, **kwargs)
        if step is not None:
            self.fields["reason"] = forms.CharField(
                label=_("Reden van de correctie"), widget=text_area(2), required=True
            )
        suggest_case_people(self)
        initial = kwargs.get("initial") or {}
        self.formsets = {}
        for name, row_form, extra in self._row_tables():
            formset_class = forms.formset_factory(row_form, extra=extra, can_delete=step is not None)
            self.formsets[name] = formset_class(
                self.data if self.is_bound else None,
                prefix=name,
                initial=initial.get(name),
                form_kwargs={"case": case},
            )

    def _row_tables(self) -> list[tuple[str, type[RowForm], int]]:
        """The kind's row lists, then its actions; a correction leaves the actions alone (they have
        their own life: done or not)."""
        tables = [
            (child.name, child.row_form, child.extra_rows) for child in self.spec.children if child.row_form
        ]
        if self.spec.action_rows and self.step is None:
            tables.append(("actions", ActionForm, self.spec.action_rows))
        return tables

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all([valid, *(formset.is_valid() for formset in self.formsets.values())])

    def clean(self):
        data = super().clean()
        for child in self.spec.children:
            if child.row_form is None:
                text = data.get(child.name) or ""
                data[child.name] = [line.strip() for line in text.splitlines() if line.strip()]
        return data

    def sections(self) -> list[dict]:
        """Fields and row tables in page order: ``{"field": bound_field}`` or ``{"label", "formset"}``."""
        order = [name for name in self.layout if name in self.fields or name in self.formsets]
        order += [name for name in [*self.fields, *self.formsets] if name not in order]
        labels = {child.name: child.form_label for child in self.spec.children}
        labels["actions"] = ACTIONS_LABEL
        return [
            {"label": labels[name], "formset": self.formsets[name]}
            if name in self.formsets
            else {"field": self[name]}
            for name in order
        ]

    def service_kwargs(self) -> dict:
        """The cleaned data as the keyword arguments of ``services.log_step`` and ``correct_step``
        (without ``reason``)."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "reason"}
        for field_name, form_name in self.spec.renamed_in_form:
            data[field_name] = data.pop(form_name)
        for name, formset in self.formsets.items():
            data[name] = [
                {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
        return data


class ContactForm(StepForm):
    who = forms.CharField(label=_("Met wie"), max_length=200)
    summary = forms.CharField(label=_("Wat is er besproken"), widget=text_area(4), required=False)
    agreed = forms.CharField(label=_("Wat is er afgesproken"), widget=text_area(3), required=False)


class NoteForm(StepForm):
    summary = forms.CharField(label=_("Notitie"), widget=text_area(6))


class InterviewForm(StepForm):
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


class SolutionSearchForm(StepForm):
    searched_for = forms.CharField(label=_("Waarnaar is gezocht"), widget=text_area(3), required=False)
    tailored_solution = forms.CharField(
        label=_("Oplossing op maat (maatwerk)"), widget=text_area(3), required=False
    )
    summary = forms.CharField(label=_("Toelichting"), widget=text_area(2), required=False)


class EscalationForm(StepForm):
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


class ConsultationForm(StepForm):
    expertise = forms.CharField(label=_("Ingezette expertise"), max_length=200)
    consulted = forms.CharField(label=_("Wie is geraadpleegd"), max_length=200, required=False)
    question = forms.CharField(label=_("Vraag"), widget=text_area(3), required=False)
    advice = forms.CharField(label=_("Advies"), widget=text_area(4), required=False)
    summary = forms.CharField(label=_("Toelichting"), widget=text_area(2), required=False)


class OutcomeForm(StepForm):
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
