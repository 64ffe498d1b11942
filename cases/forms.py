"""Forms of the case app: intake (with formsets for persons and professionals), edit, status, assignment,
documents, the list filters. They validate input only; the rules live in ``cases.services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseStatus, ConsentPurpose, InvolvedPerson, InvolvedProfessional
from cases.selectors import DEFAULT_SORT, SIGNALS, FilterOptions
from cases.services import INTAKE_FIELDS
from core.forms import DateInput, FilterSelect
from core.models import Municipality, Organisation, Role
from core.private_files import PrivateFileForm
from core.validation import validate_birth_year

# The intake form in sections, in the order a referral is usually told.
INTAKE_SECTIONS = (
    (
        _("Aanmelder en gemeente"),
        (
            "referrer_name",
            "referrer_organisation",
            "referrer_role",
            "municipality",
            "case_holder_name",
            "case_holder_contact",
        ),
    ),
    (_("Jongere"), ("youth_name", "youth_initials", "youth_birth_year")),
    (
        _("Voorgeschiedenis"),
        (
            "history_admissions",
            "history_crisis_placements",
            "history_school",
        ),
    ),
    (_("Huidige woonsituatie"), ("living_situation", "living_situation_notes")),
    (_("Hulpvraag en wensen"), ("help_question", "wishes_youth", "wishes_parents")),
    (
        _("Risico's en urgentie"),
        ("risk_out_of_home", "risk_secure_care", "child_protection_board_involved", "risk_notes", "urgency"),
    ),
)
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class IntakeForm(forms.ModelForm):
    """The referral fields of a case. ``user`` limits the municipalities to the user's teams; on an
    existing case to the case's region."""

    youth_consent_expert_team = forms.BooleanField(
        label=_("De jongere geeft toestemming om gegevens te delen met het expertteam"), required=False
    )
    youth_consent_learning = forms.BooleanField(
        label=_("De jongere geeft toestemming voor bespreking in het leernetwerk (gepseudonimiseerd)"),
        required=False,
    )
    consent_date = forms.DateField(label=_("Datum toestemming"), required=False, widget=DateInput())
    confirm_duplicate = forms.BooleanField(
        label=_("Toch opslaan: dit is een andere jongere of de casus moet opnieuw worden aangemeld"),
        required=False,
    )

    class Meta:
        model = Case
        fields = INTAKE_FIELDS
        widgets = {
            name: TEXTAREA
            for name in (
                "history_admissions",
                "history_crisis_placements",
                "history_school",
                "living_situation_notes",
                "help_question",
                "wishes_youth",
                "wishes_parents",
                "risk_notes",
            )
        }
        help_texts = {
            "youth_initials": _("Leeg laten om ze af te leiden uit de voornaam."),
            "municipality": _("De regio en het expertteam volgen uit de gemeente."),
        }

    def __init__(self, *args, user, case: Case | None = None, **kwargs):
        super().__init__(*args, instance=case, **kwargs)
        if case is not None:
            municipalities = Municipality.objects.filter(region_id=case.region_id)
            for name in ("youth_consent_expert_team", "youth_consent_learning", "consent_date"):
                del self.fields[name]
        else:
            municipalities = Municipality.objects.filter(
                region__expert_team__in=user.team_ids(Role.FACILITATOR, Role.COORDINATOR)
            )
            self.fields["consent_date"].initial = timezone.localdate()
        self.fields["municipality"].queryset = municipalities.select_related("region").order_by("name")
        self.fields["youth_initials"].required = False

    @property
    def sections(self):
        sections = [(title, [self[name] for name in names]) for title, names in INTAKE_SECTIONS]
        if "youth_consent_expert_team" in self.fields:
            sections.append(
                (
                    _("Toestemming van de jongere"),
                    [self["youth_consent_expert_team"], self["youth_consent_learning"], self["consent_date"]],
                )
            )
        return sections

    def clean_youth_birth_year(self):
        # Texts and dates are bounded for every form (core.validation); a birth year is a domain range.
        year = self.cleaned_data.get("youth_birth_year")
        validate_birth_year(year)
        return year

    def intake_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in INTAKE_FIELDS if name in self.cleaned_data}


class PersonForm(forms.ModelForm):
    consent_expert_team = forms.BooleanField(label=_("Toestemming delen met het expertteam"), required=False)
    consent_learning = forms.BooleanField(label=_("Toestemming leernetwerk"), required=False)

    class Meta:
        model = InvolvedPerson
        fields = ("name", "relation", "has_parental_authority", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class ProfessionalForm(forms.ModelForm):
    class Meta:
        model = InvolvedProfessional
        fields = ("name", "organisation", "organisation_name", "role")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not data.get("organisation_name"):
            raise forms.ValidationError(_("Kies een organisatie of vul de naam van de organisatie in."))
        return data


PersonFormSet = forms.formset_factory(PersonForm, extra=2)
ProfessionalFormSet = forms.formset_factory(ProfessionalForm, extra=3)


def filled(formset) -> list[dict]:
    """The cleaned data of the forms of a valid formset that were filled in."""
    return [form.cleaned_data for form in formset.forms if form.has_changed() and form.cleaned_data]


def consents_from(intake: IntakeForm, persons: list[dict]) -> list[dict]:
    """The consents of the intake: the youth (``person`` None) and each person by position."""
    given_on = intake.cleaned_data.get("consent_date") or timezone.localdate()
    choices = []
    if intake.cleaned_data.get("youth_consent_expert_team"):
        choices.append((None, ConsentPurpose.SHARE_WITH_EXPERT_TEAM))
    if intake.cleaned_data.get("youth_consent_learning"):
        choices.append((None, ConsentPurpose.LEARNING_NETWORK))
    for index, person in enumerate(persons):
        if person.get("consent_expert_team"):
            choices.append((index, ConsentPurpose.SHARE_WITH_EXPERT_TEAM))
        if person.get("consent_learning"):
            choices.append((index, ConsentPurpose.LEARNING_NETWORK))
    return [{"person": index, "purpose": purpose, "given_on": given_on} for index, purpose in choices]


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(choices=CaseStatus.choices)
    reason = forms.CharField(label=_("Reden of toelichting"), required=False, widget=TEXTAREA)


class AssignForm(forms.Form):
    facilitator = forms.ModelChoiceField(label=_("Procesbegeleider"), queryset=None)

    def __init__(self, *args, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators


class DocumentForm(PrivateFileForm):
    """A document for the case file."""


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FilterSelect)
    region = forms.TypedChoiceField(
        label=_("Regio"), required=False, coerce=int, empty_value=None, widget=FilterSelect
    )
    team = forms.TypedChoiceField(
        label=_("Expertteam"), required=False, coerce=int, empty_value=None, widget=FilterSelect
    )
    facilitator = forms.TypedChoiceField(
        label=_("Procesbegeleider"), required=False, coerce=int, empty_value=None, widget=FilterSelect
    )
    signal = forms.ChoiceField(label=_("Signaal"), required=False, widget=FilterSelect)
    sort = forms.ChoiceField(label=_("Sorteren"), required=False, widget=FilterSelect)

    # One label per key of ``SORTS``, in the order of the select. The first is the list's default order
    # (``DEFAULT_SORT``): a browser shows the first option when none is chosen.
    SORT_LABELS = {
        "-created": _("Nieuwste eerst"),
        "created": _("Oudste eerst"),
        "urgency": _("Urgentie, hoogste eerst"),
        "next_action": _("Eerstvolgende actie, vroegste eerst"),
        "-last_step": _("Laatste stap, recentste eerst"),
        "last_step": _("Laatste stap, langst geleden eerst"),
        "reference": _("Casusnummer oplopend"),
        "-reference": _("Casusnummer aflopend"),
        "status": _("Status"),
        "-status": _("Status aflopend"),
    }

    def __init__(self, *args, options: FilterOptions, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("Alle"))]
        self.fields["q"].widget.attrs["placeholder"] = _("Casusnummer, voornaam, initialen of gemeente")
        self.fields["status"].choices = every + CaseStatus.choices
        self.fields["region"].choices = every + options.regions
        self.fields["team"].choices = every + options.teams
        self.fields["facilitator"].choices = every + options.facilitators
        self.fields["signal"].choices = every + list(SIGNALS.items())
        self.fields["sort"].choices = [(key, self.SORT_LABELS[key]) for key in self.SORT_LABELS]
        self.fields["sort"].initial = DEFAULT_SORT

    def filters(self) -> dict:
        """The valid filters (an invalid value is ignored rather than showing an empty list)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "status": data.get("status") or "",
            "region": data.get("region"),
            "team": data.get("team"),
            "facilitator": data.get("facilitator"),
            "signal": data.get("signal") or "",
            "sort": data.get("sort") or DEFAULT_SORT,
        }
