import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_lands_in_vietnamese_and_switches_to_english(live_server, page, artifacts):
    from unions import demo

    demo.load(io.StringIO())
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/vi/"
    assert page.locator("html").get_attribute("lang") == "vi"
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=artifacts / "home-vi-375.png", full_page=True)

    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.get_by_role("navigation", name="Main menu")
    assert nav.get_by_role("link", name="News").is_visible()
    assert nav.get_by_role("link", name="Leadership").is_visible()
    page.screenshot(path=artifacts / "home-en-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=artifacts / "home-en-1280.png", full_page=True)
    # No horizontal scrolling on a phone.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
