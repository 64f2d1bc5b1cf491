"""The secretariat records a congress result in the admin; the public sees the new President."""

import io

import pytest

from tests.factories import staff_user
from tests.security.helpers import authenticator, browser_form_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-test-password"

NAMES = """Nguyễn Thị Mai Lan - Chủ tịch
Lê Văn Hùng – Phó Chủ tịch thường trực
Phạm Thu Hà - Vice President
Đặng Quốc Bảo
Vũ Thị Ngọc"""


def test_secretariat_records_a_congress_and_the_public_sees_the_president(
    live_server, page, artifacts
):
    from congresses.models import Congress, Mandate, Person
    from portal.roles import sync_role_permissions
    from unions import demo

    demo.load(io.StringIO())
    sync_role_permissions()
    # The Secretariat signs in with the password and the code (TWO_FACTOR_REQUIRED_ROLES).
    device = authenticator(staff_user("thuky", "Secretariat", PASSWORD))
    Person.objects.create(full_name="Đặng Quốc Bảo")

    browser_form_login(
        page, live_server.url, "thuky", PASSWORD, "/vi/admin/congresses/congress/add/", device
    )

    page.screenshot(path=artifacts / "congresses-admin-add.png", full_page=True)
    # The union, by autocomplete.
    page.locator("[aria-labelledby=select2-id_union-container]").click()
    page.fill(".select2-search__field", "Bắc Giang")
    page.locator(".select2-results__option", has_text="Bắc Giang").first.click()
    page.fill("#id_ordinal", "5")
    page.fill("#id_term_start_year", "2023")
    page.fill("#id_term_end_year", "2028")
    page.fill("#id_held_from", "08/08/2023")
    page.fill("#id_held_to", "09/08/2023")
    page.fill("#id_venue_vi", "Thành phố Bắc Giang")
    page.check("#id_is_published")

    # One row per body, the members pasted.
    page.select_option("#id_bodies-0-kind", "executive")
    page.fill("#id_bodies-0-size", "15")
    page.fill("#id_bodies-0-names", NAMES)
    page.select_option("#id_bodies-1-kind", "standing")
    page.fill("#id_bodies-1-size", "5")
    page.fill(
        "#id_bodies-1-names",
        "Nguyễn Thị Mai Lan - Chủ tịch\nLê Văn Hùng - Phó Chủ tịch thường trực",
    )
    page.screenshot(path=artifacts / "congresses-admin-entry.png", full_page=True)
    page.click("input[name=_save]")
    page.wait_for_url("**/congresses/congress/")

    messages = page.locator(".messagelist").inner_text()
    assert "Ban Chấp hành: đã thêm 5 nhân sự" in messages
    assert "Nguyễn Thị Mai Lan, Lê Văn Hùng, Phạm Thu Hà, Vũ Thị Ngọc" in messages
    assert "Đặng Quốc Bảo" not in messages.split("Đã tạo nhân sự mới")[1]
    page.screenshot(path=artifacts / "congresses-admin-saved.png", full_page=True)

    congress = Congress.objects.get()
    assert congress.bodies.count() == 2
    president = Mandate.objects.get(body__kind="executive", position=Mandate.Position.PRESIDENT)
    assert president.person.full_name == "Nguyễn Thị Mai Lan"

    page.goto(live_server.url + "/vi/lanh-dao/")
    chart = page.locator(".org-chart__tier--president")
    assert "Nguyễn Thị Mai Lan" in chart.inner_text()
    assert chart.get_by_role("heading", name="Chủ tịch").is_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=artifacts / "congresses-leadership-new-president-375.png", full_page=True)
