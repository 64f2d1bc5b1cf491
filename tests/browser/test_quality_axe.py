"""axe-core on one page of each kind (`make audit` runs it on every URL of the sitemap)."""

import pytest

from tests.audit import browser as checks
from tests.audit import pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_no_serious_or_critical_axe_violation_on_any_page_kind(live_server, browser):
    chosen = pages.load_demo_and_collect(live_server.url)
    # bypass_csp: axe-core is injected as an inline script, which the portal's CSP refuses.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    found = {}
    for (kind, language), path in sorted(chosen.items()):
        page.goto(live_server.url + path)
        violations = checks.serious(checks.run_axe(page))
        if violations:
            found[f"{path} ({kind}, {language})"] = checks.describe(violations)
    context.close()
    assert found == {}, "\n".join(f"{page}:\n{text}" for page, text in found.items())


def test_axe_does_find_a_broken_page(live_server, browser):
    """The check itself works: a page with an unlabelled field and an image without alt fails."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main><img src="x.png">'
        '<input type="text"></main></html>'
    )
    ids = {v["id"] for v in checks.serious(checks.run_axe(page))}
    context.close()
    assert {"image-alt", "label"} <= ids
