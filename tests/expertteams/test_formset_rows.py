"""Repeating rows: '+ regel toevoegen' adds a row without a reload (static/js/formsets.js); without
JavaScript the extra empty rows remain and the add button stays hidden."""

import pytest
from django.urls import reverse

from expertteams.models import ActionItem, StepKind
from tests.expertteams.factories import CaseFactory


@pytest.mark.django_db
def test_the_page_carries_an_empty_row_template_and_a_hidden_add_button(client_for, facilitator):
    case = CaseFactory(facilitator=facilitator)
    response = client_for(facilitator).get(
        reverse("expertteams:step_create", args=[case.reference, StepKind.JOINT_MEETING])
    )
    html = response.content.decode()
    assert 'data-formset="actions"' in html
    assert "<template data-formset-empty>" in html
    assert 'name="actions-__prefix__-description"' in html
    assert "data-formset-add hidden" in html  # shown by the script only
    assert 'name="actions-0-description"' in html  # the no-JS fallback: empty rows ready


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_facilitator_adds_and_removes_action_rows_without_a_reload(page, login_in_browser, facilitator):
    case = CaseFactory(facilitator=facilitator)
    login_in_browser(facilitator)
    page.goto(reverse("expertteams:step_create", args=[case.reference, StepKind.JOINT_MEETING]))
    total = page.locator("#id_actions-TOTAL_FORMS")
    start = int(total.input_value())
    marker = page.evaluate("() => (window.__noReload = 'still here')")
    add = page.locator("[data-formset=actions] [data-formset-add]")

    add.click()
    add.click()
    assert int(total.input_value()) == start + 2
    first_new, second_new = start, start + 1
    assert page.evaluate("() => document.activeElement.id") == f"id_actions-{second_new}-description"
    page.fill(f"#id_actions-{first_new}-description", "Gezinshuizen benaderen")
    page.fill(f"#id_actions-{first_new}-owner_name", "Casushouder")
    page.fill(f"#id_actions-{first_new}-due_on", "2026-03-10")
    page.fill(f"#id_actions-{second_new}-description", "Wordt weer weggehaald")
    page.locator(f"tr:has(#id_actions-{second_new}-description) [data-formset-remove]").click()
    assert page.locator(f"#id_actions-{second_new}-description").count() == 0
    assert page.evaluate("() => window.__noReload") == marker

    page.click("main button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert list(ActionItem.objects.filter(step__case=case).values_list("description", flat=True)) == [
        "Gezinshuizen benaderen"
    ]
