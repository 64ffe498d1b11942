"""The whole journey: enrol in two-factor login at the first login, then log in with it."""

from base64 import b32decode

import pytest

from tests.accounts.codes import code_for, wait_for_a_fresh_period


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_user_enrols_in_two_factor_login_and_logs_in_with_it(page, login_in_browser, settings, facilitator):
    settings.REQUIRE_2FA = True

    login_in_browser(facilitator)
    page.wait_for_url("**/account/2fa/instellen/**")
    assert page.locator("svg path").count() == 1
    key = b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
    wait_for_a_fresh_period()  # the enrolment code is then checked in the period it was made for
    page.fill("input[name=token]", code_for(key))
    page.click("button:has-text('Bevestigen')")
    assert page.locator("#backup-codes li").count() == 10
    page.click("text=Ik heb de codes bewaard, verder")
    assert page.locator("h1").inner_text().startswith("Welkom")

    page.click(f"text={facilitator}")
    page.click("button:has-text('Uitloggen')")
    page.wait_for_url("**/account/login/")
    login_in_browser(facilitator)
    page.wait_for_url("**/account/2fa/verificatie/**")
    page.goto("/casussen/")
    assert "/account/2fa/verificatie/" in page.url
    # The code of the next 30-second period: the one used at enrolment cannot be replayed.
    page.fill("input[name=token]", code_for(key, steps_ahead=1))
    page.click("button:has-text('Verifiëren')")
    page.wait_for_url("**/casussen/")
    assert page.locator("h1").inner_text() == "Casussen"
