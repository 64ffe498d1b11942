"""The care cycle in headless Chromium: the placement history at intake, a placement change on the
timeline, the outcome taking the current placement, closing with an open action handed over, and the
aftercare moment three months later."""

from datetime import date

import pytest
from django.utils import timezone

from cases.models import PlacementEpisode
from expertteams.followups import add_months
from expertteams.models import ActionItem, FollowUp
from tests.expertteams.factories import CaseFactory


def save(page) -> None:
    page.click("main form button[type=submit]")
    page.wait_for_selector(".alert-success")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_placement_change_closing_with_an_open_action_and_aftercare(page, login_in_browser, facilitator):
    case = CaseFactory(facilitator=facilitator)
    login_in_browser(facilitator)

    page.goto(f"/casussen/{case.reference}/verblijf/")
    page.select_option("#id_placement_type", "thuis")
    page.fill("#id_started_on", "2025-01-01")
    save(page)

    page.goto(f"/expertteam/casus/{case.reference}/stap/nieuw/placement_change/")
    page.fill("#id_occurred_on", "2025-06-01")
    page.select_option("#id_placement_type", "crisisopvang")
    page.fill("#id_provider", "Crisisopvang GGZ")
    page.check("#id_forced")
    save(page)
    assert list(PlacementEpisode.objects.values_list("placement_type", "ended_on")) == [
        ("thuis", date(2025, 5, 31)),
        ("crisisopvang", None),
    ]

    page.goto(f"/expertteam/casus/{case.reference}/stap/nieuw/contact_family/")
    page.fill("#id_who", "Amy en moeder")
    page.fill("#id_actions-0-description", "School bellen")
    page.fill("#id_actions-0-owner_name", "Mentor")
    page.fill("#id_actions-0-due_on", "2026-12-01")
    save(page)

    page.goto(f"/expertteam/casus/{case.reference}/stap/nieuw/outcome/")
    assert page.input_value("#id_living_situation") == "crisisopvang"
    page.select_option("#id_living_situation", "thuis")
    save(page)
    assert page.locator(".ready-to-close").count() == 1

    page.click("#status-wijzigen >> text=Afsluiten")
    page.wait_for_selector(".open-item")
    action = ActionItem.objects.get()
    page.check(f"#id_action-{action.pk}-do_1")  # overdragen
    page.fill(f"#id_action-{action.pk}-note", "Casushouder gemeente")
    save(page)

    action.refresh_from_db()
    assert action.resolution == "overgedragen"
    first = FollowUp.objects.filter(case=case).order_by("due_on").first()
    assert first.due_on == add_months(timezone.localdate(), 3)
    assert page.locator("#nazorg .follow-up").count() == 3
    assert first.due_on.strftime("%d-%m-%Y") in page.locator("#nazorg").inner_text()
