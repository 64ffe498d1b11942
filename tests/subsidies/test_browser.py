"""The whole journey in headless Chromium: the gezinshuis drafts, the expert team submits, the
committee member sees the countdown and grants, and the team downloads the decision letter."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F
from pypdf import PdfReader

from subsidies import services
from subsidies.deadlines import decision_due_date
from subsidies.models import ApplicationStatus, CompletionRequest, GrantApplication
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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_committee_asks_for_completion_provider_completes_due_date_moves_team_downloads_letter(
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
    services.update_draft(
        application=application,
        actor=provider_user,
        data={"purpose": "Een zelfstandige kamer.", "motivation": "Beschermd zelfstandig worden."},
        cost_lines=[{"description": "Verbouwing", "amount": Decimal("15000"), "is_investment": True}],
    )
    services.submit_application(application=application, actor=facilitator)
    page.on("dialog", lambda dialog: dialog.accept())
    detail = f"/subsidies/aanvragen/{application.reference}/"

    # The committee member asks for completion: the application is suspended, without a due date.
    login_in_browser(committee_member)
    page.goto(detail)
    page.fill("#id_message", "De offerte van de aannemer ontbreekt.")
    page.click("#request-completion")
    page.wait_for_selector(".alert-success")
    assert "opgeschort" in page.inner_text("#decision-due")

    # A week passes: the request (and the receipt, the same day) lie seven days back.
    week = timedelta(days=7)
    GrantApplication.objects.filter(pk=application.pk).update(received_at=F("received_at") - week)
    CompletionRequest.objects.filter(application=application).update(invited_at=F("invited_at") - week)
    application.refresh_from_db()
    request = CompletionRequest.objects.get(application=application)
    plain = decision_due_date(application.received_at, 5)

    # The gezinshuis sees why and completes it.
    switch_user(page, login_in_browser, provider_user)
    page.goto(detail)
    assert "De offerte van de aannemer ontbreekt." in page.inner_text("#aanvulling")
    page.fill("#id_motivation", "Beschermd zelfstandig worden; de offerte is bijgevoegd.")
    page.click("button[name=save]")
    page.wait_for_selector(".alert-success")
    page.click("#complete-application")
    page.wait_for_selector(".alert-success")
    request.refresh_from_db()
    moved = decision_due_date(
        application.received_at, 5, suspensions=[(request.invited_at, request.completed_at)]
    )
    assert moved > plain  # the suspended working days moved it
    assert page.inner_text("#decision-due").strip() == f"{moved:%d-%m-%Y}"

    # The committee member decides; the team downloads the beschikking.
    switch_user(page, login_in_browser, committee_member)
    page.goto(detail)
    page.check("#id_outcome_0")
    page.fill("#id_amount", "15000")
    page.check("#id_confirm_checks")
    page.click("#decide")
    page.wait_for_selector("#besluit")
    switch_user(page, login_in_browser, facilitator)
    page.goto(detail)
    with page.expect_download() as download:
        page.click("#download-letter")
    with open(download.value.path(), "rb") as pdf:
        text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Uw aanvraag is toegekend" in text and "Bezwaar maken" in text
