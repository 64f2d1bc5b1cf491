import pytest
from django.urls import reverse
from django.utils import translation

from members.models import Association, Branch, Member, MembershipCount
from members.stats import COUNTS, REGISTER, union_totals

pytestmark = pytest.mark.django_db


def test_totals_match_the_seed(demo):
    totals = union_totals(demo)
    assert totals.source == COUNTS
    founding = totals.first
    assert (
        founding["year"],
        founding["associations"],
        founding["branches"],
        founding["members"],
    ) == (
        1998,
        3,
        20,
        318,
    )
    latest = totals.latest
    assert latest["associations"] == 8
    assert latest["branches"] == 73
    assert latest["members"] > 6000


def test_totals_fall_back_to_the_register(home_union):
    association = Association.objects.create(
        name="Hội thử", slug="hoi-thu", union=home_union, countries="LA"
    )
    branch = Branch.objects.create(name="Chi hội thử", association=association, union=home_union)
    for i in range(3):
        Member.objects.create(
            full_name=f"Người {i}", association=association, branch=branch, joined_on="2020-01-01"
        )
    Member.objects.create(
        full_name="Đã thôi", association=association, joined_on="2020-01-01", status="left"
    )
    totals = union_totals(home_union)
    assert totals.source == REGISTER
    assert (totals.latest["associations"], totals.latest["branches"], totals.latest["members"]) == (
        1,
        1,
        3,
    )


def test_counts_are_not_double_counted(home_union):
    association = Association.objects.create(
        name="Hội thử", slug="hoi-thu", union=home_union, countries="LA"
    )
    branch = Branch.objects.create(name="Chi hội", association=association, union=home_union)
    MembershipCount.objects.create(year=2024, branch=branch, members=40)
    MembershipCount.objects.create(year=2024, association=association, members=5)
    count = MembershipCount.objects.get(branch=branch)
    assert count.association == association and count.union == home_union
    latest = union_totals(home_union).latest
    assert latest == {
        "year": 2024,
        "associations": 1,
        "branches": 1,
        "members": 45,
        "is_sample": False,
    }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_about_page(client, demo, language):
    with translation.override(language):
        url = reverse("unions:about")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<table" in html  # chart and its accessible table
    assert "121/QĐ-UBND" in html
    if language == "vi":
        assert "6.152" in html and "Quyết định số 121/QĐ-UBND ngày 12/10/1998" in html
        assert "Nguồn: số liệu hội viên hằng năm" in html
    else:
        assert "6,152" in html and "12 October 1998" in html
        assert "Source: the yearly membership counts" in html
    assert ">1998<" in html and "1.998" not in html and "1,998" not in html
    assert "Hội Hữu nghị Việt – Séc – Slovakia tỉnh Bắc Giang" in html or "Czechia" in html


def test_about_page_without_home_union_is_404(client, db):
    assert client.get("/en/about/").status_code == 404


def _bulk(union, associations=50, branches=2000):
    assocs = Association.objects.bulk_create(
        Association(name=f"A{i}", name_vi=f"A{i}", slug=f"a-{i}", union=union, countries="LA")
        for i in range(associations)
    )
    created = Branch.objects.bulk_create(
        Branch(name=f"B{i}", name_vi=f"B{i}", union=union, association=assocs[i % associations])
        for i in range(branches)
    )
    MembershipCount.objects.bulk_create(
        MembershipCount(year=2024, union=union, association=b.association, branch=b, members=3)
        for b in created
    )


@pytest.mark.parametrize("url", ["/en/about/", "/en/associations/"])
def test_query_count_is_bounded(client, home_union, django_assert_max_num_queries, url):
    _bulk(home_union)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "B1999" in html or url.endswith("associations/")
    assert "A49" in html


def test_sample_counts_are_marked_on_the_about_page(client, home_union):
    from django.utils.translation import gettext

    association = Association.objects.create(
        name="Hội thử", slug="hoi-thu", union=home_union, countries="LA"
    )
    MembershipCount.objects.create(year=2020, association=association, members=40)
    MembershipCount.objects.create(year=2024, association=association, members=45, is_sample=True)
    totals = union_totals(home_union)
    assert [row["is_sample"] for row in totals.series] == [False, True] and totals.has_sample
    for language in ("vi", "en"):
        with translation.override(language):
            mark = f'<span class="sample-mark">{gettext("(sample)")}</span>'
            html = client.get(reverse("unions:about")).content.decode()
        assert html.count(mark) == 2  # the latest total, and the 2024 row of the table
        assert ">2020</th>" in html and f">2024 {mark}</th>" in html
