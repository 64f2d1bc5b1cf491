"""The staff home's work queues read on a phone: at 390 px nothing of them runs off the screen,
in either language, and they are headed lists (not colours only)."""

import pytest

from tests import factories
from tests.security.helpers import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_work_queues_fit_390_px(live_server, browser, language):
    from portal.roles import sync_role_permissions

    sync_role_permissions()
    user = factories.staff_user("root-phone", is_superuser=True)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    browser_login(page, live_server, user, f"/{language}/admin/")
    section = page.locator("section.work-queues")
    assert section.locator("h2").count() == 1
    assert section.locator("h3").count() == 5
    assert section.locator("li").count() >= 8
    widest = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('.work-queues, .work-queues *')]
             .map(e => e.getBoundingClientRect().right))"""
    )
    assert widest <= 390
    context.close()
