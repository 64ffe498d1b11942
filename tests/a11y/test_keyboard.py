"""Keyboard use: the skip link comes first and moves the focus to the content, the focus is always
visible, and a form that comes back with errors opens with a summary that links to each field. These
run with the real Content-Security-Policy (no bypass), so the scripts behind them are allowed too."""

import pytest

from tests.a11y.test_axe_crawl import login_cookie


@pytest.fixture
def signed_in(page, live_server):
    def sign_in(user):
        page.context.add_cookies([login_cookie(user.username, live_server.url)])
        return page

    return sign_in


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {id: el.id, text: el.textContent.trim(), tag: el.tagName, top: box.top, height: box.height,
                    outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth)};
        }"""
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_first_tab_reaches_a_visible_skip_link_that_moves_the_focus_to_the_content(
    signed_in, facilitator
):
    page = signed_in(facilitator)
    page.goto("/")

    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Naar de inhoud"
    assert skip["top"] >= 0 and skip["height"] > 0  # on screen once focused

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_keyboard_focus_is_always_visible(signed_in, facilitator):
    page = signed_in(facilitator)
    page.goto("/casussen/")

    for _ in range(6):  # skip link, brand, account menu, the menu items
        page.keyboard.press("Tab")
        state = focused(page)
        assert state["outline"] != "none" and state["outlineWidth"] >= 2, state


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_form_with_errors_opens_with_a_summary_linking_to_each_field(signed_in, facilitator):
    page = signed_in(facilitator)
    page.goto("/casussen/nieuw/")

    page.click("form.card button[type=submit]")
    page.wait_for_selector(".error-summary")

    summary = page.locator(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert summary.locator("h2").inner_text() == "Controleer de volgende velden"
    links = summary.locator("a")
    assert links.count() >= 1
    target = links.first.get_attribute("href").removeprefix("#")
    assert page.locator(f"#{target}").get_attribute("class").count("is-invalid") == 1

    links.first.focus()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == target
