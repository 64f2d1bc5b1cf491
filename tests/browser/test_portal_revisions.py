"""The secretariat changes an aid project, reads its history and restores the first version."""

import pytest

from tests.factories import staff_user
from tests.security.helpers import authenticator, browser_form_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-test-password"


def test_secretariat_restores_an_aid_project_from_its_history(live_server, page, artifacts):
    from aid.models import AidProject, Donor, Transaction
    from portal.roles import sync_role_permissions

    sync_role_permissions()
    device = authenticator(staff_user("thuky", "Secretariat", PASSWORD))
    donor = Donor.objects.create(name_vi="Quỹ Nước Sạch", slug="clean-water", country="AU")
    project = AidProject.objects.create(
        reference="BG-2024-07", title_vi="Nước sạch cho trường học", kind="project", year=2024
    )
    Transaction.objects.create(
        project=project,
        transaction_type="2",
        donor=donor,
        date="2024-03-01",
        value_date="2024-03-01",
        amount="50000",
        currency="USD",
    )
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    change = f"/vi/admin/aid/aidproject/{project.pk}/change/"
    browser_form_login(page, live_server.url, "thuky", PASSWORD, change, device)
    page.fill("#id_title_vi", "Nước sạch cho 12 trường học")
    page.fill("#id_transactions-0-amount", "80000")
    page.click("input[name=_continue]")
    page.wait_for_url(f"**{change}")

    page.get_by_role("link", name="Lịch sử thay đổi").click()
    page.wait_for_url("**/revisions/")
    table = page.locator("#content-main table")
    assert "tiêu đề [vi], giao dịch" in table.inner_text()
    for width, language in ((375, "vi"), (1280, "vi"), (375, "en"), (1280, "en")):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{live_server.url}/{language}/admin/aid/aidproject/{project.pk}/revisions/")
        page.screenshot(
            path=artifacts / f"revisions-history-{language}-{width}.png", full_page=True
        )

    page.goto(f"{live_server.url}/vi/admin/aid/aidproject/{project.pk}/revisions/")
    page.locator("#content-main a", has_text="Khôi phục").click()
    page.wait_for_url("**/revisions/1/restore/")
    assert "Nước sạch cho 12 trường học" in page.locator("#content-main").inner_text()
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=artifacts / "revisions-restore-vi-375.png", full_page=True)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{change}")
    assert page.input_value("#id_title_vi") == "Nước sạch cho trường học"
    assert page.input_value("#id_transactions-0-amount") == "50000.00"
    assert "Đã khôi phục phiên bản #1" in page.locator(".messagelist").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e], errors
