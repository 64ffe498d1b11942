"""The whole journey in headless Chromium: the gezinshuis drafts, the expert team submits, the
committee member sees the countdown and grants, and the team downloads the decision letter."""

import re

import pytest

from subsidies import services
from subsidies.models import ApplicationStatus, GrantApplication
from tests.cases.factories import CaseFactory
from tests.subsidies.factories import SchemeFactory


def switch_user(page, login_in_browser, user):
    page.context.clear_cookies()
    login_in_browser(user)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_provider_drafts_team_submits_committee_grants_team_downloads_letter(
    page, login_in_browser, facilitator, provider_user, committee_member, family_home
):
    scheme = SchemeFactory(name="Stimuleringsimpuls maatwerk – casuïstiekgebonden")
    scheme.committee_members.add(committee_member)
    case = CaseFactory(facilitator=facilitator, youth_name="Amy", youth_initials="A.")
    application = services.start_application(
        case=case,
        scheme=scheme,
        provider_organisation=family_home,
        invited_users=[provider_user],
        actor=facilitator,
    )
    page.on("dialog", lambda dialog: dialog.accept())
    detail = f"/subsidies/aanvragen/{application.reference}/"

    # The gezinshuis drafts the request: purpose, motivation and two cost lines.
    login_in_browser(provider_user)
    page.goto(detail)
    assert "Amy" not in page.content()
    page.fill("#id_purpose", "Een zelfstandige kamer met eigen opgang.")
    page.fill("#id_motivation", "Beschermd toegroeien naar zelfstandigheid.")
    page.fill("#id_kosten-0-description", "Verbouwing kamer")
    page.fill("#id_kosten-0-amount", "15000")
    page.click("button[name=save]")
    page.wait_for_selector(".alert-success")
    page.fill("#id_kosten-1-description", "Inrichting")
    page.fill("#id_kosten-1-amount", "2500.50")
    page.click("button[name=save]")
    page.wait_for_selector(".alert-success")
    assert "17.500,50" in page.inner_text("#requested-total")
    assert page.locator("#submit-application").count() == 0  # the provider cannot submit

    # The facilitator submits it.
    switch_user(page, login_in_browser, facilitator)
    page.goto(detail)
    page.click("#submit-application")
    page.wait_for_selector(".alert-success")
    assert "ingediend" in page.inner_text(".alert-success")

    # The committee member sees the countdown and grants.
    switch_user(page, login_in_browser, committee_member)
    page.goto("/subsidies/commissie/")
    row = page.locator(".queue-row", has_text=application.reference)
    assert re.fullmatch(r"nog \d werkdag(en)?", row.locator(".remaining").inner_text().strip())
    row.locator("a").click()
    assert "werkdag" in page.inner_text("#countdown")
    page.check("#id_outcome_0")
    page.fill("#id_amount", "17000")
    page.check("#id_confirm_checks")
    page.click("#decide")
    page.wait_for_selector("#besluit")
    assert GrantApplication.objects.get(pk=application.pk).status == ApplicationStatus.GRANTED

    # The facilitator downloads the decision letter.
    switch_user(page, login_in_browser, facilitator)
    page.goto(detail)
    with page.expect_download() as download:
        page.click("#download-letter")
    assert download.value.suggested_filename == f"beschikking-{application.reference}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
