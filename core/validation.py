"""Plausible input everywhere: a length cap on every free text, a range for every date and year.

Installed once, for every form of the project (``install`` runs in ``CoreConfig.ready``): Django's
``forms.Field.run_validators`` also applies the bounds of ``bounds_for(field)``, whatever form,
formset or model form the field belongs to and whenever it was defined. So a new form is bounded
without remembering to be, and one place says what plausible means:

- text (``forms.CharField`` and its kinds): at most ``LONG_TEXT_MAX_LENGTH`` characters when the
  field has no smaller ``max_length`` of its own (a model ``TextField`` has none);
- dates: from ``EARLIEST_DATE`` (1 January 1900) up to thirty years from today
  (``latest_plausible_date``; the furthest real date ahead is a retention date, ``RETENTION_YEARS``
  of 20 after closing, or a "keep until" beyond it); date-times alike;
- birth years of a youth (``validate_birth_year``, used by the intake form): from
  ``EARLIEST_BIRTH_YEAR`` (1990: youth care reaches 23-year-olds, with a margin) to next year
  (a referral before birth); other years (``validate_plausible_year``): 1900 to thirty years ahead.

The messages are Dutch and name the allowed range. A field that needs a narrower range adds its
own validator; one that needs a wider one is a design question, not a flag.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import format_date

LONG_TEXT_MAX_LENGTH = 20_000  # about eight pages: the longest report a step holds
EARLIEST_DATE = dt.date(1900, 1, 1)
YEARS_AHEAD = 30
EARLIEST_BIRTH_YEAR = 1990


def latest_plausible_date(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def validate_plausible_date(value: dt.date | dt.datetime | None) -> None:
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    latest = latest_plausible_date()
    if not EARLIEST_DATE <= day <= latest:
        raise ValidationError(
            _("Vul een datum in tussen %(earliest)s en %(latest)s."),
            code="implausible_date",
            params={"earliest": format_date(EARLIEST_DATE), "latest": format_date(latest)},
        )


def validate_birth_year(value: int | None) -> None:
    """A youth's birth year: ``EARLIEST_BIRTH_YEAR`` up to next year."""
    if value is None:
        return
    latest = timezone.localdate().year + 1
    if not EARLIEST_BIRTH_YEAR <= value <= latest:
        raise ValidationError(
            _("Vul een geboortejaar in tussen %(earliest)d en %(latest)d."),
            code="implausible_birth_year",
            params={"earliest": EARLIEST_BIRTH_YEAR, "latest": latest},
        )


def validate_plausible_year(value: int | None) -> None:
    if value is None:
        return
    latest = timezone.localdate().year + YEARS_AHEAD
    if not EARLIEST_DATE.year <= value <= latest:
        raise ValidationError(
            _("Vul een jaar in tussen %(earliest)d en %(latest)d."),
            code="implausible_year",
            params={"earliest": EARLIEST_DATE.year, "latest": latest},
        )


_TEXT_CAP = MaxLengthValidator(
    LONG_TEXT_MAX_LENGTH,
    message=_("Deze tekst is te lang: hoogstens %(limit_value)d tekens (nu %(show_value)d)."),
)


def bounds_for(field: forms.Field) -> list:
    """The validators every ``field`` of its kind gets on top of its own."""
    if isinstance(field, forms.CharField) and (
        field.max_length is None or field.max_length > LONG_TEXT_MAX_LENGTH
    ):
        return [_TEXT_CAP]
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return [validate_plausible_date]
    return []


_installed = False


def install() -> None:
    """Make ``bounds_for`` part of every form field's validation (once per process)."""
    global _installed
    if _installed:
        return
    original = forms.Field.run_validators

    def run_validators(self, value):
        original(self, value)
        if value in self.empty_values:
            return
        errors = []
        for validator in bounds_for(self):
            try:
                validator(value)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)

    forms.Field.run_validators = run_validators
    _installed = True
