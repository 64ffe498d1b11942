"""On a phone (375 px wide) the page itself never scrolls sideways: wide tables scroll inside their own
wrapper, which then is a named region the keyboard can reach; and the page still passes axe there."""

import pytest

from tests.a11y.test_axe_crawl import AXE, RUN_AXE, WCAG_TAGS, login_cookie


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_case_list_on_a_phone_scrolls_its_table_not_the_page(browser, live_server, demo_data):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, locale="nl-NL", bypass_csp=True
    )
    context.add_cookies([login_cookie("procesbegeleider", live_server.url)])
    page = context.new_page()
    try:
        page.goto("/casussen/")
        state = page.evaluate(
            """() => {
                const wrapper = document.querySelector('main table').parentElement;
                return {page: document.documentElement.scrollWidth, viewport: window.innerWidth,
                        inner: wrapper.scrollWidth, outer: wrapper.clientWidth, tabindex: wrapper.tabIndex,
                        role: wrapper.getAttribute('role'), label: wrapper.getAttribute('aria-label')};
            }"""
        )
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    finally:
        context.close()

    assert state["page"] <= state["viewport"]
    assert state["inner"] > state["outer"]
    assert (state["tabindex"], state["role"]) == (0, "region") and state["label"]
    assert violations == []
