import csv
import io
import random
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from aid.models import AidProject, Donor, Location, ProjectSector, Sector, Transaction
from tests.sitemaps import sitemap_xml


def url(name, language="vi", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_translated_urls():
    assert url("aid:overview", "vi") == "/vi/vien-tro/"
    assert url("aid:overview", "en") == "/en/aid/"
    assert url("aid:projects", "vi") == "/vi/vien-tro/du-an/"
    assert url("aid:dashboard", "vi") == "/vi/vien-tro/bang-dieu-khien/"
    assert url("aid:project", "en", reference="X-1") == "/en/aid/projects/X-1/"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_public_pages(client, aid_data, language):
    response = client.get(url("aid:overview", language))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<svg" in text and "<figcaption" in text and "<table" in text
    # Published projects only: 2 projects, 2 donors; the unpublished Korean class is left out.
    money = "3,6 tỷ đồng" if language == "vi" else "VND 3.6 billion"
    assert money in text
    response = client.get(url("aid:projects", language))
    assert response.status_code == 200
    text = response.content.decode()
    assert ("Water for schools" if language == "en" else "Nước sạch cho trường") in text
    assert "Lớp tiếng Hàn" not in text and "Korean class" not in text
    response = client.get(url("aid:project", language, reference="T-2021-01"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "secret-contact@example.org" not in text and "+61 000 111" not in text
    assert ("Clean Water" if language == "en" else "Nước Sạch") in text


def test_unpublished_and_unknown_projects_are_404(client, aid_data):
    assert client.get(url("aid:project", reference="T-2022-02")).status_code == 404
    assert client.get(url("aid:project", reference="nope")).status_code == 404
    assert client.get(url("aid:project_iati", reference="T-2022-02")).status_code == 404


def test_project_list_filters_and_bad_values(client, aid_data):
    north = aid_data["districts"][0]
    response = client.get(url("aid:projects"), {"district": north.pk})
    assert [p.reference for p in response.context["page"]] == ["T-2021-01"]
    response = client.get(url("aid:projects"), {"sector": "12220", "year_from": 2022})
    assert [p.reference for p in response.context["page"]] == ["T-2022-01"]
    # The filters stay out of the site search box.
    assert 'value="sector=' not in response.content.decode()
    for bad in [{"year_from": "abc"}, {"sector": "00000"}, {"district": "x"}, {"status": "9"}]:
        response = client.get(url("aid:projects"), bad)
        assert response.status_code == 400
        assert 'class="errorlist"' in response.content.decode()
    assert client.get(url("aid:projects"), {"page": "99"}).status_code == 404
    assert client.get(url("aid:overview"), {"currency": "XXX"}).status_code == 400


def test_dashboard_access(client, aid_data, leader, writer, secretary, admin_user):
    dashboard = url("aid:dashboard")
    response = client.get(dashboard)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(writer)
    assert client.get(dashboard).status_code == 403
    assert client.get(url("aid:dashboard_csv")).status_code == 403
    client.force_login(secretary)
    assert client.get(dashboard).status_code == 403
    client.force_login(leader)
    assert client.get(dashboard).status_code == 200
    client.force_login(admin_user)
    assert client.get(dashboard).status_code == 200


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dashboard_figures_and_currency_choice(client, aid_data, leader, language):
    client.force_login(leader)
    text = client.get(url("aid:dashboard", language)).content.decode()
    assert ("3,9 tỷ đồng" if language == "vi" else "VND 3.9 billion") in text
    text = client.get(url("aid:dashboard", language), {"currency": "USD"}).content.decode()
    assert ("166.666,67 USD" if language == "vi" else "USD 166,666.67") in text
    for chart in [
        "chart-per-year",
        "chart-new",
        "chart-donors",
        "chart-sectors",
        "chart-districts",
    ]:
        assert f'id="{chart}"' in text


def test_dashboard_bad_filters_are_400(client, aid_data, leader):
    client.force_login(leader)
    for bad in [
        {"year_from": "2030x"},
        {"year_from": "2022", "year_to": "2021"},
        {"currency": "EUR"},
        {"donor": "nobody"},
        {"year_to": "99999999999999999999"},
    ]:
        response = client.get(url("aid:dashboard"), bad)
        assert response.status_code == 400, bad
        assert 'class="errorlist"' in response.content.decode()
    assert client.get(url("aid:dashboard_csv"), {"year_from": "x"}).status_code == 400


def test_dashboard_unconverted_transactions_are_listed(client, aid_data, leader):
    project, donor = aid_data["projects"][1], aid_data["donors"][1]
    Transaction.objects.create(
        project=project,
        transaction_type="3",
        donor=donor,
        date="2022-04-01",
        value_date="2022-04-01",
        amount=Decimal("5000"),
        currency="CHF",
    )
    client.force_login(leader)
    text = client.get(url("aid:dashboard", "en")).content.decode()
    assert "1 transaction could not be converted to VND" in text
    assert "T-2022-01" in text


def test_dashboard_figures_are_cached_until_aid_data_changes(client, aid_data, leader):
    """The tables and charts are kept as one rendered fragment per filters, currency and
    language; a saved transaction shows on the next view."""
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    client.force_login(leader)
    first = client.get(url("aid:dashboard", "en"))
    fragment = make_template_fragment_key("aid_dashboard", [first.context["figures_key"], ""])
    assert "VND 3.9 billion" in cache.get(fragment)
    assert client.get(url("aid:dashboard", "en")).content == first.content
    usd = client.get(url("aid:dashboard", "en"), {"currency": "USD"}).content.decode()
    assert "USD 166,666.67" in usd
    assert "3,9 tỷ đồng" in client.get(url("aid:dashboard", "vi")).content.decode()
    Transaction.objects.create(
        project=aid_data["projects"][0],
        transaction_type="2",
        donor=aid_data["donors"][0],
        date="2022-05-01",
        value_date="2022-05-01",
        amount=Decimal("10000000000"),
        currency="VND",
    )
    assert "VND 13.9 billion" in client.get(url("aid:dashboard", "en")).content.decode()


def test_csv_export_follows_the_filters(client, aid_data, leader):
    client.force_login(leader)
    response = client.get(url("aid:dashboard_csv", "en"), {"year_from": 2022, "currency": "USD"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][-1] == "Amount in USD"
    assert len(rows) == 1 + 4  # the four 2022 transactions
    assert {row[0] for row in rows[1:]} == {"T-2022-01", "T-2022-02"}


def test_xlsx_export(client, aid_data, leader):
    from openpyxl import load_workbook

    client.force_login(leader)
    response = client.get(
        url("aid:dashboard_xlsx", "en"), {"district": aid_data["districts"][0].pk}
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert "Per year" in workbook.sheetnames and "Transactions" in workbook.sheetnames
    per_year = list(workbook["Per year"].values)
    assert per_year[1][0] == "2021" and Decimal(str(per_year[1][1])) == Decimal("2300000000")
    assert len(list(workbook["Transactions"].values)) == 1 + 3


def test_dashboard_queries_are_bounded(
    client, home_union, rates, leader, django_assert_max_num_queries
):
    """2,000 projects and 20,000 transactions: the same handful of queries as for two."""
    rng = random.Random(6)
    districts = [
        Location.objects.create(level="district", name_vi=f"Huyện {i}", name_en=f"District {i}")
        for i in range(8)
    ]
    donors = [
        Donor.objects.create(
            name_vi=f"Nhà tài trợ {i}", name_en=f"Donor {i}", slug=f"d-{i}", country="US"
        )
        for i in range(40)
    ]
    sectors = list(Sector.objects.all()[:10])
    projects = AidProject.objects.bulk_create(
        AidProject(
            reference=f"B-{i}",
            title=f"P {i}",
            title_vi=f"Dự án {i}",
            kind="project",
            status=str(rng.randint(1, 6)),
            year=rng.randint(2017, 2025),
        )
        for i in range(2000)
    )
    ProjectSector.objects.bulk_create(
        ProjectSector(project=p, sector=sectors[i % 10], percentage=100)
        for i, p in enumerate(projects)
    )
    Through = AidProject.districts.through
    Through.objects.bulk_create(
        Through(aidproject_id=p.pk, location_id=districts[i % 8].pk) for i, p in enumerate(projects)
    )
    Transaction.objects.bulk_create(
        Transaction(
            project=projects[i % 2000],
            transaction_type=("2", "3", "4")[i % 3],
            donor=donors[i % 40],
            date=f"{rng.randint(2021, 2023)}-0{rng.randint(1, 9)}-15",
            value_date=f"2022-0{rng.randint(1, 9)}-15",
            amount=Decimal(rng.randint(1, 10**6)),
            currency=("VND", "USD", "EUR")[i % 3],
        )
        for i in range(20000)
    )
    client.force_login(leader)
    # Every aid page within 12 queries: the session, the user and the roles take 6 of the
    # dashboard's, its filter choices 3, the figures 1 and the transactions without a rate 1.
    with django_assert_max_num_queries(12):
        response = client.get(url("aid:dashboard"), {"currency": "USD"})
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(
            url("aid:dashboard"), {"year_from": 2022, "district": districts[0].pk}
        )
    assert response.status_code == 200
    # Every filter set: each list of options read once, both to check the value and to show.
    every_filter = {
        "sector": sectors[0].code,
        "donor": donors[0].slug,
        "district": districts[1].pk,
        "status": "2",
        "currency": "USD",
    }
    with django_assert_max_num_queries(12):
        response = client.get(url("aid:dashboard"), every_filter)
    assert response.status_code == 200
    assert '<option value="d-0" selected>' in response.content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(url("aid:overview")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url("aid:projects")).status_code == 200


def test_sitemap_lists_published_projects(client, aid_data):
    text = sitemap_xml(client)
    assert "/vi/vien-tro/du-an/T-2021-01/" in text and "/en/aid/projects/T-2021-01/" in text
    assert "T-2022-02" not in text


@pytest.mark.parametrize(
    ("language", "names", "other_names"),
    [
        ("vi", ["Nước Sạch", "Huyện Bắc"], ["Clean Water", "North District"]),
        ("en", ["Clean Water", "North District"], ["Nước Sạch", "Huyện Bắc"]),
    ],
)
def test_breakdowns_name_donors_and_districts_in_the_readers_language(
    client, aid_data, language, names, other_names
):
    figures = client.get(url("aid:overview", language)).context["sections"]
    labels = [row.label for row in figures["donors"]] + [row.label for row in figures["districts"]]
    assert set(names) <= set(labels)
    assert not set(other_names) & set(labels)
