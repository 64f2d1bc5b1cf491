"""The XSS corpus in Chromium: no dialog, no script run, nothing executable in the DOM.

tests/security/hostile_site.py fills every field a person can fill with the 149 payloads
of tests/security/xss_payloads.txt (most pages carry all of them). Each resulting page is
opened with the Content-Security-Policy header removed, so that what is proved is the
escaping and sanitizing, not the CSP behind them (which only adds to it). Payloads
call alert() or set `window.__xss`; the page must end with no dialog and no `__xss`, and
the browser's own parse of the page (the one that matters for mutation XSS) must hold
no inline handler, no script URL and no script the portal did not write.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.security import hostile_site
from tests.security.helpers import browser_login
from tests.security.xss import PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in the page after load: what in the live DOM could run script.
DOM_FINDINGS = """
() => {
  const found = [];
  const bad = /^(javascript|vbscript|data|livescript):/i;
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href',
                         'background', 'poster', 'srcdoc', 'url'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\u0000-\\u0020\\u007f]+/g, '');
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (name === 'srcdoc') found.push(`${el.tagName} srcdoc`);
      if (urlAttributes.includes(name) && bad.test(value)
          && !/^data:image\\/(png|jpeg|gif|webp);/i.test(value)) {
        found.push(`${el.tagName} ${name}=${value.slice(0, 60)}`);
      }
    }
    if (el.tagName === 'SCRIPT' && /__xss|alert\\(|__x'/.test(el.textContent)) {
      found.push('SCRIPT ' + el.textContent.slice(0, 60));
    }
    if (['OBJECT', 'EMBED', 'APPLET', 'BASE', 'FRAMESET'].includes(el.tagName)) {
      found.push(el.tagName);
    }
  }
  return found;
}
"""


def _strip_csp(route):
    response = route.fetch()
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"}
    route.fulfill(response=response, headers=headers)


def _check(page, url, dialogs):
    response = page.goto(url, wait_until="load")
    assert response.status < 400, (url, response.status)
    # Give timers, failed images (onerror) and autofocus handlers their chance to run.
    page.mouse.move(200, 200)
    page.mouse.move(640, 450)
    page.wait_for_timeout(150)
    assert page.evaluate("typeof window.__xss") == "undefined", url
    assert page.evaluate(DOM_FINDINGS) == [], url
    assert dialogs == [], (url, dialogs)


def _watch_dialogs(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def test_the_checks_see_a_script_that_runs(page, live_server):
    """Control: the same checks on a page that does run the payloads."""
    dialogs = _watch_dialogs(page)
    page.route("**/*", _strip_csp)
    page.goto(live_server.url + reverse("home"))
    page.set_content("<img src=x onerror=window.__xss=1><svg onload=alert(1)>")
    page.wait_for_timeout(150)
    assert page.evaluate("typeof window.__xss") == "number"
    assert page.evaluate(DOM_FINDINGS) == ["IMG onerror", "svg onload"]
    assert dialogs == ["1"]


def test_hostile_pages_run_no_script(page, live_server, home_union):
    site = hostile_site.build(home_union)
    dialogs = _watch_dialogs(page)
    page.route("**/*", _strip_csp)

    article_urls = {a.get_absolute_url(code) for a in site["articles"][:2] for code in ("vi", "en")}
    others = [u for u in site["public"] if "/tin-tuc/" not in u and "/news/" not in u]
    listings = [u for u in site["public"] if u.rstrip("/").endswith(("tin-tuc", "news"))]
    urls = sorted(article_urls) + others + listings
    for url in urls:
        _check(page, live_server.url + url, dialogs)

    # Staff pages: the admin shows the same texts, CKEditor 5 loads the hostile body.
    for role in ("editor", "secretariat"):
        _client, admin_urls = site["staff"][role]
        user = get_user_model().objects.get(username=f"xss-{role}")
        browser_login(page, live_server, user)
        for url in admin_urls:
            _check(page, live_server.url + url, dialogs)
        page.context.clear_cookies()


def test_search_box_runs_no_script(page, live_server, home_union):
    dialogs = _watch_dialogs(page)
    page.route("**/*", _strip_csp)
    page.goto(live_server.url + reverse("home"))
    # Typed into the search box as a reader would, for every tenth payload.
    for payload in PAYLOADS[::10]:
        box = page.get_by_role("searchbox").first
        box.fill(payload[:200])
        box.press("Enter")
        page.wait_for_load_state("load")
        page.wait_for_timeout(50)
        assert page.evaluate("typeof window.__xss") == "undefined", payload
        assert page.evaluate(DOM_FINDINGS) == [], payload
    assert dialogs == []
