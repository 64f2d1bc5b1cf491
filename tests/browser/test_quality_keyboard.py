"""Keyboard only: a working skip link, every control reachable by Tab with a visible focus,
the main menu and the search usable without a mouse."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.audit import pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Number the controls a keyboard user must be able to reach, in the page as shown.
MARK_CONTROLS_JS = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
        + 'iframe, [tabindex], [contenteditable="true"]';
    // tabindex="-1" takes a control out of the Tab order on purpose (a spam trap, say).
    const shown = el => !el.disabled && el.getAttribute("tabindex") !== "-1"
        && el.getClientRects().length > 0
        && getComputedStyle(el).visibility !== "hidden" && !el.closest("[inert]");
    const controls = [...document.querySelectorAll(selector)].filter(shown);
    controls.forEach((el, i) => { el.dataset.qaControl = String(i); });
    return controls.map(el => el.outerHTML.slice(0, 120));
}"""

# Which control has the focus, and whether the focus can be seen on it.
FOCUSED_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {control: el.dataset.qaControl ?? null, visible: outline || style.boxShadow !== "none",
            html: el.outerHTML.slice(0, 120)};
}"""


def tab_through(page, count):
    """Press Tab until every control was visited or focus went round; what was focused."""
    visited = []
    # Chromium also stops on scrollable boxes (a wide table), which are not in `count`.
    for _ in range(2 * count + 20):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused is None:
            continue
        if visited and focused["control"] == visited[0]["control"]:
            break
        visited.append(focused)
        if len({v["control"] for v in visited} - {None}) >= count:
            break
    return visited


def test_skip_link_is_the_first_stop_is_visible_and_moves_to_the_content(live_server, page):
    pages.load_demo_and_collect(live_server.url)
    page.goto(live_server.url + "/vi/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 10, "the focused skip link is off screen"
    assert page.evaluate(FOCUSED_JS)["visible"]
    with translation.override("vi"):
        assert skip.inner_text() == translation.gettext("Skip to main content")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('header') === null")


@pytest.mark.parametrize("width", [360, 1280])
def test_every_control_is_reachable_by_tab_with_a_visible_focus(live_server, browser, width):
    chosen = pages.load_demo_and_collect(live_server.url)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    unreached, invisible = {}, {}
    for (kind, language), path in sorted(chosen.items()):
        if language != "vi" and kind != "home":
            continue  # the same templates in English; home checks the English frame
        page.goto(live_server.url + path)
        controls = page.evaluate(MARK_CONTROLS_JS)
        visited = tab_through(page, len(controls))
        seen = {v["control"] for v in visited}
        missing = [html for i, html in enumerate(controls) if str(i) not in seen]
        if missing:
            unreached[path] = missing
        hidden_focus = [v["html"] for v in visited if not v["visible"]]
        if hidden_focus:
            invisible[path] = hidden_focus
    context.close()
    assert unreached == {}, "controls Tab never reaches"
    assert invisible == {}, "controls whose focus cannot be seen"


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_main_menu_and_search_work_without_a_mouse(live_server, browser, width, language):
    pages.load_demo_and_collect(live_server.url)
    with translation.override(language):
        news_url = reverse("news:index")
        search_url = reverse("search:results")
        label = translation.gettext("News & Events")
        menu = translation.gettext("Menu")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/")
    if width < 768:  # a phone: the menu folds behind its button
        page.get_by_role("button", name=menu, exact=True).focus()
        page.keyboard.press("Enter")
    menu_links = page.locator(".main-nav__list > li > a")
    assert menu_links.count() >= 5
    for i in range(menu_links.count()):
        assert menu_links.nth(i).is_visible(), "a menu entry is hidden"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('nav.main-nav') !== null") and (
            page.evaluate("document.activeElement.textContent.trim()") == label
        ):
            break
    else:
        pytest.fail(f"Tab never reached the menu entry {label!r}")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + news_url)
    assert page.locator("nav.main-nav a[aria-current='page']").inner_text().strip() == label

    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            break
    else:
        pytest.fail("Tab never reached the search field")
    page.keyboard.type(pages.search_term(language))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}{search_url}?q=*")
    context.close()
