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
    nav.get_by_role("button", name="Menu", exact=True).click()  # a phone: it folds behind it
    assert nav.get_by_role("link", name="News & Events").is_visible()
    nav.get_by_role("button", name="Submenu: About").click()
    assert nav.get_by_role("link", name="Leadership").is_visible()
    page.screenshot(path=artifacts / "home-en-375.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=artifacts / "home-en-1280.png", full_page=True)
    # No horizontal scrolling on a phone.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_english_reader_of_a_vietnamese_only_article_is_led_to_the_original(
    live_server, page, artifacts
):
    from tests import factories

    only_vi = factories.article(
        title_vi="Thông báo lịch tiếp công dân", title_en="", summary_en="", body_en=""
    )
    response = page.goto(f"{live_server.url}/en/news/{only_vi.slug_vi}/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "en"
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "This article has no English version"
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=artifacts / "no-english-version-375.png", full_page=True)
    page.get_by_role("link", name="Thông báo lịch tiếp công dân").click()
    page.wait_for_url(f"{live_server.url}/vi/tin-tuc/{only_vi.slug_vi}/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == "Thông báo lịch tiếp công dân"
