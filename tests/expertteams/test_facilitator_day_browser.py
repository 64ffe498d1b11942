"""Issue 15's whole day in headless Chromium: a facilitator registers a case with persons, logs a
meeting choosing participants and owners from the case and adding rows without a reload, records a
placement change, closes the case handling its open actions, and an aftercare moment appears three
months later."""

import pytest
from django.utils import timezone

from cases.models import Case, PlacementEpisode
from expertteams.followups import add_months
from expertteams.models import ActionItem, FollowUp, Participant


def save(page) -> None:
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")


def offered(page, field: str) -> list[str]:
    """The suggestions the browser offers on ``field``: the options of the datalist it points to."""
    return page.evaluate(
        "(id) => [...document.getElementById(id).list.options].map((option) => option.value)", field
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_facilitators_day_from_intake_to_aftercare(page, login_in_browser, facilitator):
    login_in_browser(facilitator)

    # Intake with a parent and a professional.
    page.goto("/casussen/nieuw/")
    page.select_option("#id_municipality", label="Utrecht")
    page.fill("#id_referrer_name", "Wijkteam Noord")
    page.fill("#id_youth_name", "Sam")
    page.fill("#id_youth_birth_year", "2010")
    page.fill("#id_help_question", "Het gezin loopt vast; er dreigt een uithuisplaatsing.")
    page.fill("#id_personen-0-name", "Moeder Jansen")
    page.select_option("#id_personen-0-relation", "moeder")
    page.fill("#id_professionals-0-name", "Dirk de Vries")
    page.fill("#id_professionals-0-role", "jeugdbeschermer")
    page.fill("#id_professionals-0-organisation_name", "Gecertificeerde instelling")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")
    case = Case.objects.get(youth_name="Sam")

    # A joint meeting: participants and an owner chosen from the case, a row added without a reload.
    page.goto(f"/expertteam/casus/{case.reference}/stap/nieuw/joint_meeting/")
    page.evaluate("() => (window.__sameDocument = true)")
    assert offered(page, "id_participants-0-name") == ["Moeder Jansen", "Dirk de Vries"]
    page.fill("#id_agenda", "Kennismaking\nAfspraken")
    page.fill("#id_participants-0-name", "Moeder Jansen")
    page.fill("#id_participants-1-name", "Dirk de Vries")
    total = int(page.input_value("#id_actions-TOTAL_FORMS"))
    for _ in range(total):
        page.click("[data-formset=actions] [data-formset-add]")
    assert page.evaluate("() => window.__sameDocument") is True  # no reload
    last = 2 * total - 1
    page.fill(f"#id_actions-{last}-description", "Gezinshuizen benaderen")
    assert "Dirk de Vries" in offered(page, f"id_actions-{last}-owner_name")
    page.fill(f"#id_actions-{last}-owner_name", "Dirk de Vries")
    page.fill(f"#id_actions-{last}-due_on", "2026-12-15")
    page.fill("#id_agreements", "Samen zoeken naar een plek dichtbij huis")
    save(page)
    assert sorted(Participant.objects.values_list("name", flat=True)) == ["Dirk de Vries", "Moeder Jansen"]
    action = ActionItem.objects.get()
    assert action.owner_name == "Dirk de Vries"

    # A placement change: home, then crisis care.
    page.goto(f"/casussen/{case.reference}/verblijf/")
    page.select_option("#id_placement_type", "thuis")
    page.fill("#id_started_on", "2024-01-01")
    save(page)
    page.goto(f"/expertteam/casus/{case.reference}/stap/nieuw/placement_change/")
    page.select_option("#id_placement_type", "crisisopvang")
    page.fill("#id_provider", "Crisisopvang De Haven")
    save(page)
    assert PlacementEpisode.objects.get(ended_on=None).placement_type == "crisisopvang"

    # The outcome, then closing with the open action handed over.
    page.goto(f"/expertteam/casus/{case.reference}/stap/nieuw/outcome/")
    page.select_option("#id_living_situation", "thuis")
    save(page)
    page.click("#status-wijzigen >> text=Afsluiten")
    page.wait_for_selector(".open-item")
    page.check(f"#id_action-{action.pk}-do_1")  # overdragen
    page.fill(f"#id_action-{action.pk}-note", "Casushouder gemeente")
    save(page)

    case.refresh_from_db()
    action.refresh_from_db()
    assert case.is_closed and action.resolution == "overgedragen"
    first = FollowUp.objects.filter(case=case).order_by("due_on").first()
    assert first.due_on == add_months(timezone.localdate(), 3)
    assert first.due_on.strftime("%d-%m-%Y") in page.locator("#nazorg").inner_text()
