"""The Content-Security-Policy in a real browser: nothing the portal needs is blocked.

Every page of the sitemap and the admin's editing pages (CKEditor 5, modeltranslation
tabs) are opened in Chromium, which reports each CSP violation as an event.
"""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import staff_user
from tests.security.helpers import browser_login, totp_now
from tests.sitemaps import sitemap_xml

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def violations(page):
    return page.evaluate("window.__cspViolations")


@pytest.fixture
def watched_page(page):
    page.add_init_script(WATCH_CSP)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    return page


@pytest.fixture
def demo_site(db):
    call_command("load_demo", "--no-users", stdout=io.StringIO())


def test_public_pages_break_no_rule_of_the_policy(live_server, watched_page, demo_site):
    xml = sitemap_xml(Client())
    paths = sorted({urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", xml)})
    assert paths
    for path in paths:
        watched_page.goto(live_server.url + path)
        watched_page.wait_for_load_state("load")
        assert violations(watched_page) == [], path
    assert watched_page.js_errors == []


def test_the_admin_translation_tabs_work_under_the_policy(
    live_server, watched_page, home_union, admin_user
):
    browser_login(watched_page, live_server, admin_user, reverse("admin:unions_union_add"))
    page = watched_page
    tabs = page.locator(".ui-tabs-nav").first
    tabs.wait_for()
    tabs.get_by_role("tab").nth(1).click()
    page.goto(live_server.url + reverse("admin:index"))
    assert violations(page) == []
    assert page.js_errors == []


def test_ckeditor_works_under_the_policy(
    live_server, watched_page, admin_user, artifacts, settings
):
    settings.ROOT_URLCONF = "tests.security.editor_urls"
    page = watched_page
    browser_login(page, live_server, admin_user, "/tests/editor/")
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for()
    editable.click()
    page.keyboard.type("Hữu nghị ")
    page.locator(".ck-toolbar").first.get_by_role("button", name=re.compile("Bold|Đậm")).click()
    page.keyboard.type("đậm")
    assert "đậm" in editable.locator("strong").first.inner_text()
    page.screenshot(path=artifacts / "security-editor-1280.png", full_page=True)
    assert violations(page) == []
    assert page.js_errors == []


def test_an_administrator_enrols_in_the_browser(live_server, watched_page, artifacts):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from portal.roles import ADMINISTRATOR

    user = staff_user("chu-tich", ADMINISTRATOR, "correct-horse-battery-staple")
    page = watched_page
    for width, language in [(375, "vi"), (1280, "en")]:
        page.context.clear_cookies()
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/{language}/admin/login/")
        page.fill("#id_username", "chu-tich")
        page.fill("#id_password", "correct-horse-battery-staple")
        page.locator("input[type=submit]").click()
        page.wait_for_url(re.compile(r"/two-factor/"))
        assert page.locator(".two-factor__qr svg").is_visible()
        page.screenshot(
            path=artifacts / f"security-2fa-setup-{language}-{width}.png", full_page=True
        )
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert violations(page) == []
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.fill("#id_token", totp_now(device))
    page.locator("input[type=submit]").click()
    # The recovery codes, shown once, then on to the admin.
    page.wait_for_url(re.compile(r"/two-factor/recovery-codes/"))
    assert page.locator(".two-factor__codes li").count() == 10
    assert violations(page) == []
    page.screenshot(path=artifacts / "security-2fa-recovery-en-1280.png", full_page=True)
    page.locator(".two-factor__actions a.button").click()
    page.wait_for_url(f"{live_server.url}/en/admin/")
    assert page.locator("#user-tools").is_visible()
    page.screenshot(path=artifacts / "security-2fa-done-en-1280.png")
