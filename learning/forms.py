"""Forms of the learning network. They validate input; the services in ``learning.services`` write."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learning.models import (
    MAX_SESSION_MINUTES,
    SESSION_TOO_LONG,
    LearningCase,
    LearningSession,
    ProjectGroupMeeting,
    SessionInterview,
    Theme,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LearningCaseForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("Bijvoorbeeld LC-07."))
    summary = forms.CharField(
        label=_("Samenvatting"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Schrijf zonder herleidbare gegevens: geen namen, initialen, geboortedata, adressen, scholen of "
            "casusnummers."
        ),
    )
    reviewed = forms.BooleanField(
        label=_("Nagekeken: de samenvatting bevat geen herleidbare gegevens"), required=False
    )

    def __init__(self, *args, needs_review: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_review:
            del self.fields["reviewed"]


class LinkCaseForm(forms.Form):
    reference = forms.CharField(
        label=_("Casusnummer"),
        max_length=20,
        help_text=_("Het casusnummer van uw casus, bijv. UTR-2026-0001."),
    )


class SessionForm(forms.ModelForm):
    class Meta:
        model = LearningSession
        fields = [
            "date",
            "place",
            "agenda",
            "duration_minutes",
            "preparation_minutes",
            "attendees",
            "learning_cases",
            "alternative_plan",
        ]
        widgets = {
            "date": DATE_INPUT,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "alternative_plan": forms.Textarea(attrs={"rows": 3}),
            "attendees": forms.CheckboxSelectMultiple,
            "learning_cases": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = team.members.order_by("name")
        self.fields["learning_cases"].queryset = LearningCase.objects.filter(track_id=team.track_id).order_by(
            "code"
        )
        self.fields["learning_cases"].label_from_instance = lambda lc: lc.code
        self.fields["duration_minutes"].widget.attrs.update(min=1, max=MAX_SESSION_MINUTES)

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes is not None and minutes > MAX_SESSION_MINUTES:
            raise forms.ValidationError(SESSION_TOO_LONG)
        if minutes is not None and minutes <= 0:
            raise forms.ValidationError(_("Vul de duur in minuten in."))
        return minutes

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Leg een leerbijeenkomst vast nadat die is gehouden."))
        return day


class InterviewForm(forms.Form):
    # An empty first choice, so an untouched extra row counts as unchanged and is skipped.
    with_whom = forms.ChoiceField(
        label=_("Met wie"), choices=[("", "---------"), *SessionInterview.WithWhom.choices]
    )
    perspective = forms.CharField(
        label=_("Hun perspectief"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Zonder namen of andere herleidbare gegevens."),
    )


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Bevinding"), widget=forms.Textarea(attrs={"rows": 2}))
    recommendation = forms.CharField(
        label=_("Aanbeveling"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    learning_case = forms.ModelChoiceField(
        label=_("Leercasus"), queryset=LearningCase.objects.none(), required=False
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thema's"),
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één thema.")},
    )

    def __init__(self, *args, learning_cases=None, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if learning_cases is not None:
            self.fields["learning_case"].queryset = learning_cases
        self.fields["learning_case"].label_from_instance = lambda lc: lc.code
        if themes is not None:
            self.fields["themes"].queryset = themes


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Actie"), max_length=300)
    owner = forms.CharField(label=_("Wie"), max_length=120, required=False)
    due_on = forms.DateField(label=_("Uiterlijk"), required=False, widget=DATE_INPUT)
    done = forms.BooleanField(label=_("Gedaan"), required=False)


InterviewFormSet = formset_factory(InterviewForm, extra=1, can_delete=True)
FindingFormSet = formset_factory(FindingForm, extra=2, can_delete=True)
ActionFormSet = formset_factory(ActionForm, extra=1, can_delete=True)


def kept_rows(formset) -> list[dict]:
    """The filled-in rows of a valid formset, without the ones marked for deletion."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
    ]


class ProjectGroupMeetingForm(forms.ModelForm):
    class Meta:
        model = ProjectGroupMeeting
        fields = ["date", "held", "notes"]
        widgets = {"date": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 4})}
