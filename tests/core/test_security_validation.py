"""Implausible input is refused with a Dutch message: texts have a length cap, dates a range, a
youth's birth year a range (core/validation.py, installed for every form of the project)."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.forms import IntakeForm
from core import validation
from core.forms import BreakGlassForm
from expertteams.models import Step, StepKind
from tests.expertteams.factories import CaseFactory
from tests.expertteams.test_views import create_url, post_data

FIVE_MILLION = "a" * 5_000_000


class FreeForm(forms.Form):
    """A form written without any bounds of its own: it gets them anyway."""

    text = forms.CharField(widget=forms.Textarea)
    day = forms.DateField(required=False)
    moment = forms.DateTimeField(required=False)


def test_a_text_without_a_max_length_of_its_own_is_capped():
    form = FreeForm(data={"text": FIVE_MILLION})

    assert not form.is_valid()
    assert form.errors["text"] == ["Deze tekst is te lang: hoogstens 20000 tekens (nu 5000000)."]


def test_a_text_up_to_the_cap_is_accepted():
    assert FreeForm(data={"text": "a" * validation.LONG_TEXT_MAX_LENGTH}).is_valid()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_implausible_dates_are_refused_with_the_range_in_dutch(day):
    form = FreeForm(data={"text": "x", "day": day})

    assert not form.is_valid()
    latest = validation.latest_plausible_date().strftime("%d-%m-%Y")
    assert form.errors["day"] == [f"Vul een datum in tussen 01-01-1900 en {latest}."]


def test_the_edges_of_the_date_range_are_accepted():
    latest = validation.latest_plausible_date()

    assert FreeForm(data={"text": "x", "day": "1900-01-01"}).is_valid()
    assert FreeForm(data={"text": "x", "day": latest.isoformat()}).is_valid()


def test_a_date_time_far_in_the_future_is_refused():
    form = FreeForm(data={"text": "x", "moment": "9999-12-31 10:00"})

    assert "moment" in form.errors


def test_fields_with_their_own_smaller_max_length_keep_it():
    class Short(forms.Form):
        name = forms.CharField(max_length=10)

    form = Short(data={"name": "a" * 11})

    assert not form.is_valid() and "10" in form.errors["name"][0]


def test_forms_defined_before_the_bounds_were_installed_are_bounded_too():
    """Django's own and the project's forms are bounded at validation, not at definition."""
    form = BreakGlassForm(data={"reason": FIVE_MILLION})

    assert not form.is_valid()
    assert "hoogstens 20000 tekens" in form.errors["reason"][0]


@pytest.mark.parametrize("year", [1800, 1989, 2099])
def test_implausible_birth_years_are_refused(year):
    with pytest.raises(ValidationError) as refused:
        validation.validate_birth_year(year)

    assert (
        refused.value.messages[0]
        == f"Vul een geboortejaar in tussen 1990 en {timezone.localdate().year + 1}."
    )


def test_birth_years_from_1990_to_next_year_are_accepted():
    for year in (1990, 2009, timezone.localdate().year + 1):
        validation.validate_birth_year(year)


@pytest.mark.django_db
@pytest.mark.parametrize("year", [1800, 2099])
def test_the_intake_form_refuses_an_implausible_birth_year(facilitator, year):
    form = IntakeForm(data={"youth_birth_year": year}, user=facilitator)

    form.is_valid()

    assert form.errors["youth_birth_year"][0].startswith("Vul een geboortejaar in tussen 1990 en ")


@pytest.mark.django_db
def test_a_step_with_a_five_million_character_text_is_refused_and_nothing_is_stored(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)

    response = client_for(facilitator).post(
        create_url(case, StepKind.NOTE), {**post_data(StepKind.NOTE), "summary": FIVE_MILLION}
    )

    assert response.status_code == 200
    assert "Deze tekst is te lang" in response.content.decode()
    assert not Step.objects.filter(case=case).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_step_dated_out_of_range_is_refused(client_for, facilitator, day):
    case = CaseFactory(facilitator=facilitator)

    response = client_for(facilitator).post(
        create_url(case, StepKind.NOTE), {**post_data(StepKind.NOTE), "occurred_on": day}
    )

    assert response.status_code == 200
    assert "Vul een datum in tussen 01-01-1900" in response.content.decode()
    assert not Step.objects.filter(case=case).exists()


def test_today_is_always_within_the_range():
    assert FreeForm(data={"text": "x", "day": date.today().isoformat()}).is_valid()
