"""core.forms.add_service_errors: a service's ValidationError on a form."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.forms import add_service_errors


class AmountForm(forms.Form):
    amount = forms.DecimalField(required=False)
    reason = forms.CharField(required=False)


def bound_form() -> AmountForm:
    form = AmountForm(data={"amount": "10", "reason": ""})
    assert form.is_valid()
    return form


def test_field_errors_go_on_their_fields():
    form = bound_form()

    add_service_errors(
        form, ValidationError({"amount": "Te hoog.", "reason": ["Geef een reden.", "Langer graag."]})
    )

    assert form.errors["amount"] == ["Te hoog."]
    assert form.errors["reason"] == ["Geef een reden.", "Langer graag."]
    assert NON_FIELD_ERRORS not in form.errors
    assert "amount" not in form.cleaned_data  # as with Form.add_error: the value is no longer clean


def test_a_message_without_a_field_is_a_non_field_error():
    form = bound_form()

    add_service_errors(form, ValidationError("Er is al een besluit genomen.", code="decided"))

    assert form.non_field_errors() == ["Er is al een besluit genomen."]
    assert form.has_error(NON_FIELD_ERRORS, code="decided")


def test_a_list_of_messages_becomes_non_field_errors_in_order():
    form = bound_form()

    add_service_errors(form, ValidationError(["Beschrijf waarvoor het geld is.", "Geef een motivatie."]))

    assert form.non_field_errors() == ["Beschrijf waarvoor het geld is.", "Geef een motivatie."]


def test_a_key_the_form_does_not_have_becomes_a_non_field_error_instead_of_failing():
    form = bound_form()

    add_service_errors(form, ValidationError({"invited_users": "Alleen medewerkers van de aanbieder."}))

    assert form.non_field_errors() == ["Alleen medewerkers van de aanbieder."]


def test_codes_and_parameters_are_kept():
    form = bound_form()

    add_service_errors(
        form,
        ValidationError({"amount": ValidationError("Hoogstens € %(max)s.", code="max", params={"max": "5"})}),
    )

    assert form.errors["amount"] == ["Hoogstens € 5."]
    assert form.has_error("amount", code="max")
