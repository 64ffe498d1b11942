"""Issue 3's whole journey in headless Chromium: from a new referral to a closed case on the dashboard."""

import pytest

from cases.models import Case, CaseStatus
from expertteams.models import ActionItem, AgendaItem, Escalation, Interview, Outcome


def add_step(page, kind_label: str) -> None:
    page.click("text=Stap toevoegen")
    page.click(f".dropdown-menu >> text={kind_label}")
    page.wait_for_selector("main form")


def save_step(page) -> None:
    page.click("main button[type=submit]")
    page.wait_for_selector(".alert-success")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_facilitator_runs_a_case_from_referral_to_closed(page, login_in_browser, facilitator):
    login_in_browser(facilitator)

    # Register a new case.
    page.click("nav >> text=Nieuwe aanmelding")
    page.fill("#id_referrer_name", "Wijkteam Noord")
    page.select_option("#id_municipality", label="Utrecht")
    page.fill("#id_youth_name", "Noor")
    page.fill("#id_youth_birth_year", "2009")
    page.fill("#id_help_question", "Thuis lukt het niet meer; niemand hoort onze vraag.")
    page.check("#id_risk_out_of_home")
    page.fill("#id_personen-0-name", "Moeder van Noor")
    page.select_option("#id_personen-0-relation", "moeder")
    page.click("main button[type=submit]")
    page.wait_for_selector("#tijdlijn")
    case = Case.objects.get(youth_name="Noor")
    assert case.reference in page.inner_text("main")
    assert case.facilitator_id == facilitator.pk

    # Separate interviews with three parties.
    for party, view in [
        ("youth", "Ik wil naar school"),
        ("mother", "Ik ben op"),
        ("father", "Ik wil meedoen"),
    ]:
        add_step(page, "Individueel gesprek")
        page.select_option("#id_party_kind", party)
        page.fill("#id_view", view)
        save_step(page)

    # A joint meeting with an agenda and two action items.
    add_step(page, "Gezamenlijk gesprek")
    page.fill("#id_agenda", "Kennismaking\nWat wil Noor\nAfspraken")
    page.fill("#id_participants-0-name", "Noor")
    page.select_option("#id_participants-0-party_kind", "youth")
    page.fill("#id_agreements", "Hulpvraag verhelderen")
    page.fill("#id_actions-0-description", "Gezinshuizen benaderen")
    page.select_option("#id_actions-0-owner", str(facilitator.pk))
    page.fill("#id_actions-0-due_on", "2026-12-10")
    page.fill("#id_actions-1-description", "School bellen")
    page.fill("#id_actions-1-owner_name", "Casushouder")
    page.fill("#id_actions-1-due_on", "2026-12-12")
    save_step(page)

    # The Raad step and the outcome.
    add_step(page, "Raad voor de Kinderbescherming")
    page.select_option("#id_escalation_kind", "beschermingsoverleg")
    page.select_option("#id_threatened_measure", "placement_authorisation")
    save_step(page)
    add_step(page, "Uitkomst")
    page.select_option("#id_living_situation", "gezinshuis")
    page.check("#id_out_of_home_placement_prevented")
    save_step(page)

    # The status follows the work: the first step moved the case into treatment, with the reason shown.
    page.goto(f"/casussen/{case.reference}/")
    assert "Eerste stap vastgelegd" in page.inner_text(".status-reason")
    assert page.locator(".ready-to-close").count() == 1

    # Close the case: the closing page asks what happens with the open actions and the Raad escalation.
    page.click("#status-wijzigen >> text=Afsluiten")
    page.wait_for_selector(".open-item")
    for action in ActionItem.objects.filter(step__case=case):
        page.check(f"#id_action-{action.pk}-do_0")  # afronden
    escalation = Escalation.objects.get(step__case=case)
    page.check(f"#id_escalation-{escalation.pk}-do_0")
    page.select_option(f"#id_escalation-{escalation.pk}-result_kind", "alternative_found")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert Interview.objects.filter(step__case=case).count() == 3
    assert AgendaItem.objects.filter(meeting__step__case=case).count() == 3
    assert ActionItem.objects.filter(step__case=case).count() == 2
    assert Escalation.objects.filter(step__case=case).exists()
    assert Outcome.objects.filter(step__case=case, out_of_home_placement_prevented=True).exists()

    page.click("nav >> text=Overzicht")
    recently_closed = page.locator("h3:has-text('Recent afgesloten') + ul")
    assert case.reference in recently_closed.inner_text()
