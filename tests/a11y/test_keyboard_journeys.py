"""Keyboard only: a facilitator logs a step and a committee member decides a request without touching
the mouse (Tab, arrow keys, Space and Enter), under the real Content-Security-Policy."""

from decimal import Decimal

import pytest

from expertteams.models import Step
from subsidies import services
from subsidies.models import Decision
from tests.a11y.test_axe_crawl import login_cookie
from tests.cases.factories import CaseFactory
from tests.subsidies.factories import SchemeFactory

MAX_TABS = 120


def tab_to(page, selector: str, text: str = "", key: str = "Tab") -> None:
    """Press ``key`` until the element matching ``selector`` (and holding ``text``) has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if page.evaluate(
            "([s, t]) => document.activeElement.matches(s) && document.activeElement.textContent.includes(t)",
            [selector, text],
        ):
            return
    raise AssertionError(f"{key} never reached {selector} {text}")


def signed_in(page, live_server, user):
    page.context.add_cookies([login_cookie(user.username, live_server.url)])
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_facilitator_logs_a_step_with_the_keyboard_only(page, live_server, facilitator):
    case = CaseFactory(facilitator=facilitator)
    signed_in(page, live_server, facilitator).goto(f"/casussen/{case.reference}/")

    tab_to(page, "button.dropdown-toggle", "Stap toevoegen")
    page.keyboard.press("Enter")
    tab_to(page, ".dropdown-menu.show a", "Notitie", key="ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("main form")

    tab_to(page, "#id_title")
    page.keyboard.type("Telefoon van school")
    tab_to(page, "#id_summary")
    page.keyboard.type("School meldt dat het beter gaat.")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".alert-success")

    step = Step.objects.get(case=case)
    assert (step.title, step.summary) == ("Telefoon van school", "School meldt dat het beter gaat.")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_committee_member_decides_with_the_keyboard_only(
    page, live_server, facilitator, provider_user, committee_member, family_home
):
    scheme = SchemeFactory(name="Stimuleringsimpuls maatwerk – casuïstiekgebonden")
    scheme.committee_members.add(committee_member)
    application = services.start_application(
        case=CaseFactory(facilitator=facilitator),
        scheme=scheme,
        provider_organisation=family_home,
        invited_users=[provider_user],
        actor=facilitator,
    )
    services.update_draft(
        application=application,
        actor=provider_user,
        data={"purpose": "Een zelfstandige kamer.", "motivation": "Beschermd zelfstandig worden."},
        cost_lines=[{"description": "Verbouwing", "amount": Decimal("15000"), "is_investment": True}],
    )
    services.submit_application(application=application, actor=facilitator)
    page.on("dialog", lambda dialog: dialog.accept())
    signed_in(page, live_server, committee_member).goto(f"/subsidies/aanvragen/{application.reference}/")

    tab_to(page, "#id_outcome_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_amount")
    page.keyboard.type("15.000,00")
    tab_to(page, "#id_confirm_checks")
    page.keyboard.press("Space")
    tab_to(page, "#decide")
    page.keyboard.press("Enter")
    page.wait_for_selector("#besluit")

    decision = Decision.objects.get(application=application)
    assert (decision.outcome, decision.amount) == ("granted", Decimal("15000.00"))
