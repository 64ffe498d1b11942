"""Forms of the core app, the date widget every form uses (``DateInput``), and ``add_service_errors``: the one way a view puts a service's
``ValidationError`` on a form (``service_errors_on(form)`` does it for the service calls in a ``with`` block).

Contract of ``add_service_errors(form, error)``: a message keyed by a field of the form goes on that
field; every other message (no key, ``__all__``, or a key the form does not have) becomes a non-field
error. Nothing is raised for an unknown key, and the order of the messages is kept.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.formatting import format_number


class FilterSelect(forms.Select):
    """A select of a list page's filter bar: Django's select in one template, its options inline (Django
    renders each option and its attributes through templates of their own: some 140 for the case list's
    filters). Options carry no attributes besides ``selected``."""

    template_name = "core/widgets/select.html"


class DateInput(forms.DateInput):
    """A browser date picker (``type=date``). Its value must be ISO (``2026-11-29``) whatever the
    language: with the Dutch locale Django would otherwise render ``29-11-2026``, which the browser
    rejects and shows as an empty field. Every date field with a picker uses this widget."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def parse_amount(text: str) -> Decimal | None:
    """An amount as people type it, in Dutch or plain notation: ``8.500,00``, ``8500,5``, ``€ 8.500``,
    ``8500.00`` → ``Decimal``; ``None`` when it is not an amount.

    A comma is the decimal sign when there is one; then dots group thousands. Without a comma, dots
    that split the number into groups of three digits group thousands (``8.500`` is eight thousand five
    hundred, as a Dutch reader means it); a single dot with one or two digits after it is a decimal
    point (``8500.50``)."""
    text = re.sub(r"[\s\u00a0€]", "", text or "")
    if not text:
        return None
    if "," in text:
        if text.count(",") > 1 or not re.fullmatch(r"-?\d{1,3}(\.\d{3})*,\d*|-?\d+,\d*", text):
            return None
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    elif not re.fullmatch(r"-?\d+(\.\d{1,2})?", text):
        return None
    try:
        return Decimal(text.rstrip("."))
    except InvalidOperation:
        return None


class AmountField(forms.DecimalField):
    """A money amount typed and shown in Dutch notation (``8.500,00``), plain ``8500.00`` accepted too.

    A text input with a decimal keypad on phones (``type=number`` would refuse the Dutch notation)."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Vul een bedrag in euro's in, bijvoorbeeld 8.500,00.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {"inputmode": "decimal", "autocomplete": "off", "class": "text-end"}

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, Decimal):
            return super().to_python(value)
        amount = parse_amount(str(value))
        if amount is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return amount

    def prepare_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return format_number(Decimal(value), decimals=2)
        return value


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


@contextmanager
def service_errors_on(form: forms.BaseForm) -> Iterator[None]:
    """A ``ValidationError`` raised in the block goes onto ``form`` (``add_service_errors``) and ends the
    block, so the view goes on to show the form again; success runs the rest of the block::

        with service_errors_on(form):
            saved = services.save_thing(...)
            messages.success(request, _("Opgeslagen."))
            return redirect(saved)
        return render(request, "thing_form.html", {"form": form})
    """
    try:
        yield
    except ValidationError as error:
        add_service_errors(form, error)
