"""Amounts are typed and shown in Dutch notation (``8.500,00``); plain ``8500.00`` is accepted too."""

from decimal import Decimal

import pytest
from django import forms

from core.forms import AmountField, parse_amount


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("8.500,00", Decimal("8500.00")),
        ("€ 8.500", Decimal("8500")),
        ("8500,5", Decimal("8500.5")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("8500.00", Decimal("8500.00")),
        ("8.500", Decimal("8500")),  # a Dutch reader's eight thousand five hundred
        ("0,99", Decimal("0.99")),
        ("\u00a08.500,00 ", Decimal("8500.00")),
    ],
)
def test_dutch_and_plain_notation_are_understood(typed, amount):
    assert parse_amount(typed) == amount


@pytest.mark.parametrize("typed", ["abc", "8,500.00", "8.50.0", "1,2,3", "8.5000,00"])
def test_anything_else_is_not_an_amount(typed):
    assert parse_amount(typed) is None


class AmountForm(forms.Form):
    amount = AmountField(label="Bedrag")


def test_the_form_takes_the_dutch_notation_and_refuses_nonsense_in_dutch():
    form = AmountForm({"amount": "8.500,00"})
    assert form.is_valid()
    assert form.cleaned_data["amount"] == Decimal("8500.00")

    wrong = AmountForm({"amount": "achtduizend"})
    assert not wrong.is_valid()
    assert wrong.errors["amount"] == ["Vul een bedrag in euro's in, bijvoorbeeld 8.500,00."]


def test_the_field_shows_the_amount_in_dutch_notation_in_a_text_input_with_a_decimal_keypad():
    html = str(AmountForm(initial={"amount": Decimal("8500")})["amount"])
    assert 'value="8.500,00"' in html
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def test_a_refused_value_is_shown_back_as_typed():
    html = str(AmountForm({"amount": "8.5OO"})["amount"])
    assert 'value="8.5OO"' in html
