"""``get_<field>_display`` translates the label it shows, not every choice of the field (core/choices.py)."""

from functools import partialmethod
from types import SimpleNamespace
from unittest import mock

from django.apps import apps
from django.db import models
from django.utils import translation

from cases.models import Case, CaseStatus
from core import choices
from expertteams.models import Step, StepKind


def _translations_during(call):
    """How many labels are translated while ``call`` runs (every lazy label goes through this)."""
    trans = translation._trans
    original = trans.gettext
    with mock.patch.object(trans, "gettext", side_effect=original) as counted:
        result = call()
    return result, counted.call_count


def test_a_display_translates_one_label_however_many_choices_the_field_has():
    step = Step(kind=StepKind.ESCALATION)
    with translation.override("nl"):
        label, translated = _translations_during(step.get_kind_display)
    assert label == StepKind.ESCALATION.label
    assert len(StepKind.choices) > 5
    assert translated == 1  # Django's own method translated all of them: it hashes every lazy label


def test_the_label_follows_the_language_of_the_moment():
    case = Case(status=CaseStatus.CLOSED)
    with translation.override("nl"):
        dutch = case.get_status_display()
    assert dutch == str(CaseStatus.CLOSED.label)
    assert isinstance(dutch, str)


def test_an_unknown_value_is_shown_as_it_is_and_an_empty_one_stays_empty():
    assert Case(status="onbekend").get_status_display() == "onbekend"
    assert Step(kind="").get_kind_display() == ""


def test_every_model_of_the_project_has_it_unless_it_defines_its_own():
    replaced = 0
    for model in apps.get_models():
        for field in model._meta.fields:
            if field.choices is None:
                continue
            method = model.__dict__.get(f"get_{field.name}_display")
            if method is None:  # inherited from a parent model, which has it
                continue
            if getattr(method, "func", None) is choices.get_field_display:
                assert method.keywords == {"field": field}
                replaced += 1
    assert replaced > 20


def test_a_field_with_callable_choices_keeps_djangos_own_display():
    field = models.CharField(max_length=5, choices=lambda: [("a", "A")])
    field.name = "x"
    djangos = partialmethod(models.Model._get_FIELD_display, field=field)
    model = type("Model", (), {"_meta": SimpleNamespace(fields=[field]), "get_x_display": djangos})

    choices.install(model)

    assert model.__dict__["get_x_display"] is djangos  # its list may change: not read once
