"""Every value a form renders into ``<input type=date>`` or ``<input type=number>`` is one the browser
accepts: ``2026-11-29`` (never the Dutch ``29-11-2026``, which the browser drops and shows as an empty
field) and a plain number (never ``8.500,00``).

The forms are discovered: every ``Form``/``ModelForm`` class defined in the project's apps, each field
rendered with a typical value under the Dutch locale, the way a bound form renders its initial data.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import timezone, translation

from core.forms import DateInput

INPUT = re.compile(r"<input\b[^>]*>")
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SAMPLE_DAY = date(2026, 11, 29)


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in a module of the project's own apps (not Django's, not a library's)."""
    packages = [
        cfg.name
        for cfg in apps.get_app_configs()
        if Path(cfg.path).parent == Path(settings.BASE_DIR)  # the project's apps, not the virtualenv's
    ]
    for package in packages:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if ".migrations" not in info.name and ".management" not in info.name:
                importlib.import_module(info.name)
    found, pending = set(), [forms.BaseForm]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.split(".")[0] in packages:
                found.add(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def sample_value(field: forms.Field):
    if isinstance(field, forms.SplitDateTimeField | forms.DateTimeField):
        return timezone.make_aware(datetime(2026, 11, 29, 14, 30))
    if isinstance(field, forms.DateField):
        return SAMPLE_DAY
    if isinstance(field, forms.DecimalField):
        return Decimal("8500.00")
    if isinstance(field, forms.FloatField):
        return 8500.5
    if isinstance(field, forms.IntegerField):
        return 8500
    return None


def bad_inputs(form_class: type[forms.BaseForm]) -> list[str]:
    """The date and number inputs of ``form_class`` whose rendered value the browser would reject."""
    problems = []
    for name, field in form_class.base_fields.items():
        value = sample_value(field)
        if value is None:
            continue
        with translation.override("nl"):
            html = field.widget.render(name, field.prepare_value(value))
        for tag in INPUT.findall(html):
            attrs = dict(ATTR.findall(tag))
            kind, rendered = attrs.get("type"), attrs.get("value", "")
            if kind == "date" and not ISO_DATE.match(rendered):
                problems.append(f"{form_class.__qualname__}.{name}: type=date value {rendered!r}")
            if kind == "number" and not is_number(rendered):
                problems.append(f"{form_class.__qualname__}.{name}: type=number value {rendered!r}")
    return problems


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_project_has_forms_with_date_and_number_inputs():
    classes = project_form_classes()
    names = {cls.__name__ for cls in classes}
    assert {"IntakeForm", "AccessLogFilterForm"} <= names
    rendered_types = set()
    for cls in classes:
        for field in cls.base_fields.values():
            rendered_types.add(getattr(field.widget, "input_type", None))
    assert {"date", "number"} <= rendered_types


def test_every_date_and_number_input_of_every_form_gets_a_value_the_browser_accepts():
    problems = [problem for cls in project_form_classes() for problem in bad_inputs(cls)]
    assert problems == []


def test_the_consent_date_is_prefilled_as_an_iso_date():
    from cases.forms import IntakeForm

    field = IntakeForm.base_fields["consent_date"]
    with translation.override("nl"):
        html = field.widget.render("consent_date", SAMPLE_DAY)
    assert 'value="2026-11-29"' in html


def test_the_check_catches_a_date_input_rendered_in_dutch_notation():
    class LocalisedDate(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        amount = forms.DecimalField(localize=True, widget=forms.NumberInput)

    assert bad_inputs(LocalisedDate) == [
        "test_the_check_catches_a_date_input_rendered_in_dutch_notation.<locals>.LocalisedDate.day: "
        "type=date value '29-11-2026'",
        "test_the_check_catches_a_date_input_rendered_in_dutch_notation.<locals>.LocalisedDate.amount: "
        "type=number value '8500,00'",
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_shared_date_widget_renders_iso_in_every_language(language):
    with translation.override(language):
        assert 'value="2026-11-29"' in DateInput().render("day", SAMPLE_DAY)
