"""Forms of the core app, the date widget every form uses (``DateInput``), and ``add_service_errors``: the one way a view puts a service's
``ValidationError`` on a form.

Contract of ``add_service_errors(form, error)``: a message keyed by a field of the form goes on that
field; every other message (no key, ``__all__``, or a key the form does not have) becomes a non-field
error. Nothing is raised for an unknown key, and the order of the messages is kept.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import AccessLog


class DateInput(forms.DateInput):
    """A browser date picker (``type=date``). Its value must be ISO (``2026-11-29``) whatever the
    language: with the Dutch locale Django would otherwise render ``29-11-2026``, which the browser
    rejects and shows as an empty field. Every date field with a picker uses this widget."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label=_("Gebruiker"), required=False)
    object_type = forms.CharField(label=_("Objecttype"), required=False)
    object_id = forms.CharField(label=_("Object-id"), required=False)
    action = forms.ChoiceField(
        label=_("Actie"), required=False, choices=[("", _("Alle"))] + AccessLog.Action.choices
    )
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=10,
        help_text=_("Waarom moet u dit dossier inzien? De reden wordt vastgelegd in het toegangslog."),
    )


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put ``error`` (raised by a service) on ``form``: field errors on their fields, the rest as
    non-field errors (see the module docstring)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, problems in error.error_dict.items():
        # ``__all__`` and keys the form has no field for become non-field errors.
        form.add_error(field if field in form.fields else None, problems)
