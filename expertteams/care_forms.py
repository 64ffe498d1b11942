"""Forms of the care cycle around the plan: the placement-change step, review and follow-up moments,
"gaat het nog goed?", closing a case with its open items and closing a Raad escalation. Kept apart
from ``expertteams.forms`` (the forms of the meeting-like step kinds)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import PlacementType
from expertteams.forms import DateInput, StepForm, text_area


class PlacementChangeForm(StepForm):
    occurred_on = forms.DateField(
        label=_("Vanaf (eerste dag op de nieuwe plek)"), widget=DateInput(), initial=timezone.localdate
    )
    placement_type = forms.ChoiceField(label=_("Nieuwe verblijfplek"), choices=PlacementType.choices)
    provider = forms.CharField(label=_("Aanbieder of plek"), max_length=200, required=False)
    forced = forms.BooleanField(label=_("Gedwongen plaatsing"), required=False)
    summary = forms.CharField(label=_("Aanleiding en toelichting"), widget=text_area(3), required=False)
