from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import AccessLog


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label=_("Gebruiker"), required=False)
    object_type = forms.CharField(label=_("Objecttype"), required=False)
    object_id = forms.CharField(label=_("Object-id"), required=False)
    action = forms.ChoiceField(
        label=_("Actie"), required=False, choices=[("", _("Alle"))] + AccessLog.Action.choices
    )
    date_from = forms.DateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        help_text=_("Waarom moet u dit dossier inzien? De reden wordt vastgelegd in het toegangslog."),
    )
