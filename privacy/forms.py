"""Forms of the privacy pages (Dutch labels; the rules themselves are in the services)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from core.forms import DateInput, FilterSelect
from core.models import AccessLog
from privacy.models import Recipient, Requester


class AccessReportForm(forms.Form):
    recipient = forms.ChoiceField(label=_("Voor"), choices=Recipient.choices)
    period_start = forms.DateField(label=_("Periode vanaf"), widget=DateInput)
    period_end = forms.DateField(label=_("Periode tot en met"), widget=DateInput)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("period_start", timezone.localdate(case.created_at))
        self.initial.setdefault("period_end", timezone.localdate())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("De einddatum ligt vóór de begindatum."))
        if end and end > timezone.localdate():
            self.add_error("period_end", _("De periode kan niet in de toekomst eindigen."))
        return cleaned


class AccessLogFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput)
    user = forms.CharField(label=_("Gebruiker"), required=False, max_length=150)
    reference = forms.CharField(label=_("Casus- of aanvraagnummer"), required=False, max_length=20)
    action = forms.ChoiceField(
        label=_("Actie"),
        required=False,
        choices=[("", _("Alle"))] + AccessLog.Action.choices,
        widget=FilterSelect,
    )


class KeepForm(forms.Form):
    reason = forms.CharField(label=_("Reden om langer te bewaren"), widget=forms.Textarea(attrs={"rows": 3}))
    keep_until = forms.DateField(label=_("Bewaren tot"), widget=DateInput)


class DestroyForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Ik heb beoordeeld dat dit dossier vernietigd mag worden. Dit kan niet ongedaan worden gemaakt."
        )
    )
    reason = forms.CharField(label=_("Toelichting (optioneel)"), required=False, max_length=500)


class ErasureRequestForm(forms.Form):
    reference = forms.CharField(label=_("Casusnummer"), max_length=20)
    requester = forms.ChoiceField(label=_("Verzoek van"), choices=Requester.choices)
    received_on = forms.DateField(label=_("Ontvangen op"), widget=DateInput)

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            raise forms.ValidationError(_("Er is geen casus met dit nummer."))
        self.cleaned_data["case"] = case
        return reference


class AssessForm(forms.Form):
    assessment = forms.CharField(
        label=_("Beoordeling"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_(
            "Is het dossier van aanmerkelijk belang voor een ander dan de verzoeker, of verzet een "
            "wettelijk voorschrift zich tegen vernietiging (Jeugdwet art. 7.3.9)?"
        ),
    )


class RefuseForm(forms.Form):
    refusal_reason = forms.CharField(
        label=_("Reden van weigering"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
