"""Forms of the care cycle around the plan: the placement-change step, review and follow-up moments,
"gaat het nog goed?", closing a case with its open items and closing a Raad escalation. Kept apart
from ``expertteams.forms`` (the forms of the meeting-like step kinds)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import PlacementType
from expertteams.forms import DateInput, StepForm, text_area
from expertteams.models import Escalation


class PlacementChangeForm(StepForm):
    occurred_on = forms.DateField(
        label=_("Vanaf (eerste dag op de nieuwe plek)"), widget=DateInput(), initial=timezone.localdate
    )
    placement_type = forms.ChoiceField(label=_("Nieuwe verblijfplek"), choices=PlacementType.choices)
    provider = forms.CharField(label=_("Aanbieder of plek"), max_length=200, required=False)
    forced = forms.BooleanField(label=_("Gedwongen plaatsing"), required=False)
    summary = forms.CharField(label=_("Aanleiding en toelichting"), widget=text_area(3), required=False)


GOING_WELL = [("1", _("Ja, het gaat nog goed")), ("0", _("Nee, het gaat niet goed"))]


def going_well_field() -> forms.TypedChoiceField:
    """The question "gaat het nog goed?": ja or nee as radio buttons, cleaned to ``True`` or ``False``."""
    return forms.TypedChoiceField(
        label=_("Gaat het nog goed?"),
        choices=GOING_WELL,
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


class ReasonWhenNotWellMixin:
    """A "nee" to ``going_well`` needs a ``reopen_reason``; ``reason_missing`` asks for it."""

    reason_missing = ""

    def clean(self):
        data = super().clean()
        if data.get("going_well") is False and not (data.get("reopen_reason") or "").strip():
            self.add_error("reopen_reason", self.reason_missing)
        return data


class FollowUpCheckForm(ReasonWhenNotWellMixin, StepForm):
    """The "gaat het nog goed?" step on the timeline (the planned moments have ``FollowUpRecordForm``)."""

    reason_missing = _("Beschrijf wat er niet goed gaat.")

    going_well = going_well_field()
    summary = forms.CharField(label=_("Toelichting"), widget=text_area(3), required=False)
    reopen_reason = forms.CharField(label=_("Wat gaat er niet goed?"), widget=text_area(2), required=False)


class FollowUpRecordForm(ReasonWhenNotWellMixin, forms.Form):
    """Recording a planned review or aftercare moment; "nee" on a closed case reopens it."""

    reason_missing = _("Geef een reden op om de casus te heropenen.")

    occurred_on = forms.DateField(label=_("Datum"), widget=DateInput(), initial=timezone.localdate)
    going_well = going_well_field()
    note = forms.CharField(label=_("Toelichting"), widget=text_area(3), required=False)
    reopen_reason = forms.CharField(
        label=_("Reden om de casus te heropenen"),
        widget=text_area(2),
        required=False,
        help_text=_("Verplicht als het niet goed gaat: de casus wordt dan heropend."),
    )


class PlanFollowUpForm(forms.Form):
    """A review moment of the plan: when, who and what to check."""

    due_on = forms.DateField(label=_("Datum"), widget=DateInput())
    owner = forms.ModelChoiceField(label=_("Wie (gebruiker)"), queryset=None, required=False)
    owner_name = forms.CharField(label=_("Of wie (naam)"), max_length=120, required=False)
    what_to_check = forms.CharField(label=_("Wat nagaan"), widget=text_area(3))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_name"):
            raise forms.ValidationError(_("Kies wie het doet: een gebruiker of een naam."))
        return data


class CloseEscalationForm(forms.Form):
    """Closing a Raad escalation: its result and date (no correction)."""

    closed_on = forms.DateField(label=_("Afgesloten op"), widget=DateInput(), initial=timezone.localdate)
    result_kind = forms.ChoiceField(label=_("Resultaat"), choices=Escalation.ResultKind.choices)
    result = forms.CharField(label=_("Toelichting resultaat"), widget=text_area(3), required=False)
