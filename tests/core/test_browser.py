import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_user_logs_in_in_dutch_and_logs_out(page, login_in_browser, facilitator):
    page.goto("/")
    assert "/account/login/" in page.url
    assert page.locator("h1").inner_text() == "Inloggen"

    login_in_browser(facilitator)

    assert page.locator("h1").inner_text().startswith("Welkom")
    page.click(f"text={facilitator}")
    page.click("button:has-text('Uitloggen')")
    page.wait_for_url("**/account/login/")
    page.goto("/")
    assert "/account/login/" in page.url
