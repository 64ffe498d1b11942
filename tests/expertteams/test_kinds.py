"""The step-kind specs: every kind has one, and what a spec names exists."""

import pytest
from django.template.loader import get_template

from expertteams import services
from expertteams.kinds import KINDS, STEP_FIELDS
from expertteams.models import Step, StepKind
from tests.expertteams.factories import CaseFactory, step_kwargs


def test_every_step_kind_has_a_spec_in_the_order_of_the_kinds():
    assert list(KINDS) == StepKind.values


@pytest.mark.parametrize("kind", StepKind.values)
def test_a_specs_fields_forms_and_template_exist(kind):
    spec = KINDS[kind]

    get_template(spec.timeline_template)
    assert set(spec.step_fields) <= set(STEP_FIELDS)
    model_fields = (
        {field.name for field in spec.detail_model._meta.get_fields()} if spec.detail_model else set()
    )
    assert set(spec.detail_fields) <= model_fields
    for child in spec.children:
        assert child.related_name in model_fields
        # A text list is entered in a form field of its own name; a row list in a table of row forms.
        assert child.row_form is not None or child.name in spec.form.base_fields
    form_names = dict(spec.renamed_in_form)
    assert {form_names.get(name, name) for name in spec.required} <= set(spec.form.base_fields)


@pytest.mark.django_db
def test_a_step_without_a_required_field_is_refused_and_nothing_is_written(facilitator):
    case = CaseFactory(facilitator=facilitator)
    fields = step_kwargs(StepKind.INTERVIEW)
    del fields["party_kind"]

    with pytest.raises(TypeError):
        services.log_interview(case=case, actor=facilitator, **fields)
    assert not Step.objects.exists()


@pytest.mark.django_db
def test_a_kind_without_actions_refuses_them_when_logged(facilitator):
    case = CaseFactory(facilitator=facilitator)
    action = {
        "description": "Bellen",
        "owner_name": "Pim",
        "due_on": step_kwargs(StepKind.NOTE)["occurred_on"],
    }

    with pytest.raises(TypeError):
        services.log_note(case=case, actor=facilitator, **step_kwargs(StepKind.NOTE), actions=[action])
    assert not Step.objects.exists()
