"""The journey of a coordinator asked by a parent "who has seen our file?"."""

import pytest

from core.models import AccessLog
from tests.cases.factories import CaseFactory
from tests.privacy.conftest import at, broke_the_glass, logged


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_coordinator_sees_who_viewed_the_file_and_downloads_the_access_report(
    page, login_in_browser, facilitator, coordinator, admin_user, tmp_path
):
    case = CaseFactory(facilitator=facilitator, youth_name="Amy")
    logged(facilitator, AccessLog.Action.VIEW, case, when=at(2026, 3, 2, 10, 15))
    broke_the_glass(admin_user, case, "Klacht van moeder onderzoeken", when=at(2026, 3, 10, 14, 30))
    login_in_browser(coordinator)

    page.goto(f"/casussen/{case.reference}/")
    page.get_by_role("navigation", name="Onderdelen van de casus").get_by_role("link", name="Inzage").click()
    section = page.locator("#inzage")
    assert "Klacht van moeder onderzoeken" in section.inner_text()
    page.screenshot(path=str(tmp_path / "case.png"), full_page=True)
    section.get_by_role("link", name="Inzageverslag voor jongere of ouder").click()
    page.select_option("select[name=recipient]", "ouder")
    page.fill("input[name=period_start]", "2026-03-01")
    page.fill("input[name=period_end]", "2026-03-31")
    page.get_by_role("button", name="Verslag maken").click()
    page.wait_for_url("**/privacy/inzageverslag/**")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden (PDF)").click()

    assert download.value.suggested_filename == f"inzageverslag-{case.reference}-20260301-20260331.pdf"
    assert AccessLog.objects.filter(object_id=str(case.pk), detail="inzageverslag gedownload").exists()
