"""Phones first: no page kind scrolls sideways at 360 px, in either language."""

import pytest

from tests.audit import browser as checks
from tests.audit import pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_no_page_kind_scrolls_sideways_at_360_px(live_server, browser, artifacts):
    chosen = pages.load_demo_and_collect(live_server.url)
    # The frame's own kinds are always there; the apps' kinds join as they reach the sitemap.
    assert {("home", "vi"), ("home", "en"), ("contact", "vi"), ("404", "en")} <= set(chosen)
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    shots = artifacts / "quality"
    shots.mkdir(exist_ok=True)
    problems = []
    for (kind, language), path in sorted(chosen.items()):
        page.goto(live_server.url + path)
        page.screenshot(path=shots / f"{kind.replace(':', '-')}-{language}-360.png", full_page=True)
        if checks.overflow(page) > 0:
            problems.append(f"{path} ({kind}): {checks.widest_elements(page)}")
    context.close()
    assert problems == []
