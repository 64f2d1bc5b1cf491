"""The main menu as readers use it: submenus open with the keyboard, on touch and by hover,
and every section stays reachable without JavaScript."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site():
    from news import demo as news_demo
    from unions import demo as unions_demo

    unions_demo.load(io.StringIO())
    news_demo.load(io.StringIO())


def labels(language, *msgids):
    with translation.override(language):
        return [translation.gettext(m) for m in msgids]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_keyboard_opens_a_submenu_walks_it_and_escape_closes_it(
    live_server, browser, demo_site, artifacts, language
):
    about, leadership = labels(language, "About", "Leadership")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/")
    toggle = page.locator("button[aria-controls='menu-about']")
    submenu = page.locator("#menu-about")
    assert toggle.is_visible() and not submenu.is_visible()
    assert page.locator(".main-nav__toggle").is_hidden()  # the phone's "Menu" button

    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-controls')") == "menu-about":
            break
    else:
        pytest.fail("Tab never reached the About submenu's button")
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert submenu.is_visible()
    page.screenshot(path=artifacts / f"menu-open-{language}-1280.png")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#menu-about') !== null")
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not submenu.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "menu-about"

    # Leaving a submenu by Tab closes it; following its entry goes to the page.
    page.keyboard.press("Enter")
    page.locator("#menu-about").get_by_role("link", name=leadership).focus()
    page.keyboard.press("Enter")
    with translation.override(language):
        page.wait_for_url(live_server.url + reverse("congresses:leadership"))
    nav = page.get_by_role("navigation", name=labels(language, "Main menu")[0])
    assert nav.locator("a.is-current").inner_text().strip() == about
    context.close()


def test_mouse_hover_opens_a_submenu_on_a_desktop(live_server, browser, demo_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/")
    page.locator(".main-nav__parent").nth(1).hover()
    assert page.locator("#menu-news").is_visible()
    from news.models import Category

    first = Category.objects.order_by("position", "id").first()
    with translation.override("en"):
        assert page.locator("#menu-news a").first.get_attribute("href") == first.get_absolute_url()
    context.close()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_on_a_phone_the_menu_folds_and_opens_by_touch(
    live_server, browser, demo_site, artifacts, language
):
    about, leadership, menu = labels(language, "About", "Leadership", "Menu")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/")
    toggle = page.get_by_role("button", name=menu, exact=True)
    assert toggle.is_visible()
    assert not page.locator("#main-menu").is_visible()
    toggle.tap()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#main-menu").is_visible()
    page.locator("button[aria-controls='menu-about']").tap()
    assert page.locator("#menu-about").is_visible()
    page.screenshot(path=artifacts / f"menu-open-{language}-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("#menu-about").get_by_role("link", name=leadership).tap()
    with translation.override(language):
        page.wait_for_url(live_server.url + reverse("congresses:leadership"))
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_without_javascript_every_section_is_a_link_and_submenus_open_on_focus(
    live_server, browser, demo_site, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/vi/")
    top = page.locator(".main-nav__list > li > a")
    assert top.count() >= 5
    for i in range(top.count()):
        assert top.nth(i).is_visible()
    assert page.locator("button[aria-controls]").evaluate_all("bs => bs.every(b => b.hidden)")
    page.locator(".main-nav__parent > a").first.focus()
    assert page.locator("#menu-about").is_visible()
    context.close()
