import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aid.imports import ImportFailed, import_file
from aid.models import AidProject, ExchangeRate, Transaction


def upload(text, name="data.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


PROJECTS = (
    "reference,title_vi,title_en,kind,status,year,donors,sectors,districts\n"
    "IMP-1,Giếng nước,Wells,project,2,2023,clean-water,14030:70;12220:30,Huyện Bắc\n"
    "IMP-2,Học bổng,Scholarships,programme,4,2022,,11220,\n"
)


def test_projects_then_transactions_import(aid_data):
    assert import_file("projects", upload(PROJECTS)) == 2
    project = AidProject.objects.get(reference="IMP-1")
    assert project.title_en == "Wells"
    assert {s.sector.code: s.percentage for s in project.sector_shares.all()} == {
        "14030": Decimal("70.00"),
        "12220": Decimal("30.00"),
    }
    assert [d.name_vi for d in project.districts.all()] == ["Huyện Bắc"]
    text = (
        "project,type,date,value_date,amount,currency,donor\n"
        "IMP-1,commitment,2023-01-15,,25000.50,usd,clean-water\n"
        "IMP-1,3,15/06/2023,,1000000,VND,clean-water\n"
    )
    assert import_file("transactions", upload(text)) == 2
    first = Transaction.objects.filter(project=project).order_by("date").first()
    assert first.amount == Decimal("25000.50") and first.currency == "USD"
    assert first.value_date == first.date


def test_a_bad_row_changes_nothing_and_is_named(aid_data):
    before = Transaction.objects.count()
    text = (
        "project,type,date,amount,currency,donor\n"
        "T-2021-01,commitment,2023-01-15,100,USD,clean-water\n"
        "NOPE,gift,2023-13-01,1.000,XYZ,nobody\n"
        "T-2021-01,3,2023-02-01,-5,VND,clean-water\n"
    )
    with pytest.raises(ImportFailed) as failure:
        import_file("transactions", upload(text))
    errors = {(e.row, e.column) for e in failure.value.errors}
    assert {
        (3, "project"),
        (3, "type"),
        (3, "date"),
        (3, "amount"),
        (3, "currency"),
        (3, "donor"),
    } <= errors
    assert (4, "amount") in errors
    assert not any(e.row == 2 for e in failure.value.errors)
    assert Transaction.objects.count() == before


def test_sector_percentages_must_add_to_100_on_import(aid_data):
    text = "reference,title_vi,kind,year,sectors\nX-1,Thử,project,2023,14030:70;12220:20\n"
    with pytest.raises(ImportFailed) as failure:
        import_file("projects", upload(text))
    assert [(e.row, e.column) for e in failure.value.errors] == [(2, "sectors")]
    assert not AidProject.objects.filter(reference="X-1").exists()


def test_missing_column_is_reported(aid_data):
    with pytest.raises(ImportFailed) as failure:
        import_file("rates", upload("currency,date\nUSD,2024-01-01\n"))
    assert [(e.row, e.column) for e in failure.value.errors] == [(1, "rate")]


def test_xlsx_rates_import(db):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["currency", "date", "rate", "source"])
    sheet.append(["EUR", "2024-01-01", 26500.25, "SBV"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("rates.xlsx", buffer.getvalue())
    assert import_file("rates", file) == 1
    assert ExchangeRate.objects.get(currency="EUR").rate == Decimal("26500.25")


def test_import_page(client, aid_data, secretary, leader):
    page = reverse("aid:import")
    assert client.get(page).status_code == 302
    client.force_login(leader)
    assert client.get(page).status_code == 403
    client.force_login(secretary)
    assert client.get(page).status_code == 200
    bad = upload("currency,date,rate\nUSD,yesterday,abc\n")
    response = client.post(page, {"dataset": "rates", "file": bad})
    assert response.status_code == 400
    text = response.content.decode()
    assert "<table" in text and "rate" in text
    assert response.context["errors"][0].row == 2
    assert response.context["pending"] is None  # nothing to confirm
    good = upload("currency,date,rate\nUSD,2024-01-01,25000\n")
    response = client.post(page, {"dataset": "rates", "file": good})
    assert response.status_code == 200
    assert not ExchangeRate.objects.filter(currency="USD", date="2024-01-01").exists()
    token = response.context["pending"].token
    response = client.post(page, {"token": token, "confirm": "1"})
    assert response.status_code == 302
    assert ExchangeRate.objects.filter(currency="USD", date="2024-01-01").exists()
