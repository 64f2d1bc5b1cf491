import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from aid import reports
from portal.templatetags.portal import format_money
from tests.factories import staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, username, role):
    """Sign in by handing the browser a session made by Django's test client."""
    from django.test import Client

    from portal.roles import sync_role_permissions

    sync_role_permissions()
    client = Client()
    client.force_login(staff_user(username, role))
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def _load_demo():
    from aid import demo as aid_demo
    from unions import demo as unions_demo

    unions_demo.load(io.StringIO())
    aid_demo.load(io.StringIO())


def test_leadership_filters_the_dashboard_and_downloads_xlsx(live_server, page, artifacts):
    _load_demo()
    _log_in(page, live_server, "leader", "Leadership")
    page.goto(live_server.url + "/vi/vien-tro/bang-dieu-khien/")
    assert page.get_by_role("heading", name="Bảng điều khiển viện trợ").is_visible()
    assert page.locator("figure.aid-chart svg").count() >= 6
    page.get_by_label("Từ năm").fill("2020")
    page.get_by_label("Đến năm").fill("2020")
    page.get_by_label("Hiển thị tổng bằng").select_option("USD")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**year_from=2020**")
    assert "currency=USD" in page.url
    # The demo's 2020 (sample figures: no seed gives Bắc Giang's aid).
    committed = reports.totals(reports.Filters(year_from=2020, year_to=2020), "USD")["committed"]
    with translation.override("vi"):
        assert page.get_by_test_id("total-committed").inner_text() == format_money(committed, "USD")
    chart = page.locator("#chart-per-year")
    assert chart.locator("svg rect").count() == 2
    assert chart.locator("table tbody tr").count() == 1
    page.screenshot(path=artifacts / "aid-dashboard-vi-1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / "aid-dashboard-vi-375.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_test_id("xlsx").click()
    download = download_info.value
    path = artifacts / "aid-dashboard.xlsx"
    download.save_as(path)
    workbook = load_workbook(path)
    rows = list(workbook.worksheets[0].values)
    assert rows[1][0] == "2020"
    assert float(rows[1][1]) == pytest.approx(float(committed), abs=1)


def test_a_writer_is_refused(live_server, page):
    _load_demo()
    _log_in(page, live_server, "writer", "Writer")
    response = page.goto(live_server.url + "/en/aid/dashboard/")
    assert response.status == 403


@pytest.mark.parametrize("language", ["vi", "en"])
def test_public_aid_pages_screenshots(live_server, page, artifacts, language):
    _load_demo()
    paths = {
        "vi": ["/vi/vien-tro/", "/vi/vien-tro/du-an/", "/vi/vien-tro/du-an/DEMO-2020-01/"],
        "en": ["/en/aid/", "/en/aid/projects/", "/en/aid/projects/DEMO-2020-01/"],
    }[language]
    for index, path in enumerate(paths):
        for width in (375, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(live_server.url + path)
            assert response.status == 200
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
            page.screenshot(path=artifacts / f"aid-{index}-{language}-{width}.png", full_page=True)
