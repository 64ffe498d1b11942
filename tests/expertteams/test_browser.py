"""The facilitator's route on the timeline, in headless Chromium."""

import pytest

from expertteams.models import ActionItem, Escalation, Interview, Outcome
from tests.expertteams.factories import CaseFactory


def add_step(page, kind_label: str) -> None:
    page.click("text=Stap toevoegen")
    page.click(f".dropdown-menu >> text={kind_label}")
    page.wait_for_selector("main form")


def save(page) -> None:
    page.click("main button[type=submit]")
    page.wait_for_selector(".alert-success")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_facilitator_logs_interviews_meeting_raad_step_and_outcome(page, login_in_browser, facilitator):
    case = CaseFactory(facilitator=facilitator)
    login_in_browser(facilitator)
    page.goto(f"/expertteam/casus/{case.reference}/tijdlijn/")

    for party, view in [
        ("youth", "Ik wil zelfstandig wonen"),
        ("mother", "Niemand hoort ons"),
        ("father", "Rust"),
    ]:
        add_step(page, "Individueel gesprek")
        page.select_option("#id_party_kind", party)
        page.fill("#id_view", view)
        save(page)

    add_step(page, "Gezamenlijk gesprek")
    page.fill("#id_agenda", "Kennismaking\nWat wil Amy\nAfspraken")
    page.fill("#id_participants-0-name", "Amy")
    page.select_option("#id_participants-0-party_kind", "youth")
    page.fill("#id_participants-1-name", "Vader")
    page.select_option("#id_participants-1-attended", "0")
    page.fill("#id_statements-0-speaker", "Amy")
    page.fill("#id_statements-0-text", "Ik wil een nieuwe start")
    page.fill("#id_agreements", "Hulpvraag verhelderen")
    page.fill("#id_actions-0-description", "Gezinshuizen benaderen")
    page.select_option("#id_actions-0-owner", str(facilitator.pk))
    page.fill("#id_actions-0-due_on", "2026-03-10")
    page.fill("#id_actions-1-description", "Raad informeren")
    page.fill("#id_actions-1-owner_name", "Casushouder")
    page.fill("#id_actions-1-due_on", "2026-03-12")
    save(page)

    add_step(page, "Raad voor de Kinderbescherming")
    page.select_option("#id_escalation_kind", "beschermingsoverleg")
    page.select_option("#id_threatened_measure", "secure_care")
    page.select_option("#id_urgency", "crisis")
    page.check("#id_board_helps_find_alternatives")
    save(page)

    add_step(page, "Uitkomst")
    page.select_option("#id_living_situation", "zelfstandig")
    page.fill("#id_living_situation_notes", "Zelfstandige ruimte bij een gezinshuis")
    page.check("#id_secure_placement_prevented")
    save(page)

    page.click("text=Tijdlijn met alle details")  # the case page lists the steps; their details are here
    timeline = page.inner_text("#tijdlijn")
    assert "Zelfstandige ruimte bij een gezinshuis" in timeline
    assert "Gesloten jeugdhulp" in timeline and "Ik wil een nieuwe start" in timeline
    assert Interview.objects.filter(step__case=case).count() == 3
    assert ActionItem.objects.filter(step__case=case).count() == 2
    assert Escalation.objects.get().threatened_measure == "secure_care"
    assert Outcome.objects.get().secure_placement_prevented

    page.goto("/expertteam/acties/")
    page.click("tr:has-text('Gezinshuizen benaderen') >> text=Afgerond")
    page.wait_for_selector(".alert-success")
    assert "Gezinshuizen benaderen" not in page.inner_text("main table")
    assert "Raad informeren" in page.inner_text("main table")
