"""Public pages: content, both languages, publication, bounded queries."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation

from congresses.models import Congress, ElectedBody, Mandate, Person
from tests.sitemaps import sitemap_xml

from .conftest import add_mandate

P = Mandate.Position


def url(name, language="vi", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def two_terms(make_congress):
    """Bắc Giang's 4th and 5th terms, Trần Công Thắng President of both."""
    fourth = make_congress(ordinal=4, start=2018, end=2023, held=datetime.date(2018, 7, 26))
    fifth = make_congress(ordinal=5, start=2023, end=2028, held=datetime.date(2023, 8, 8))
    for congress in (fourth, fifth):
        executive = ElectedBody.objects.create(congress=congress, kind="executive", size=15)
        standing = ElectedBody.objects.create(congress=congress, kind="standing", size=5)
        for body in (executive, standing):
            add_mandate(body, "Trần Công Thắng", P.PRESIDENT)
            add_mandate(body, f"Phó {congress.ordinal}", P.VICE_PRESIDENT)
        for n in range(10):
            add_mandate(executive, f"Ủy viên {congress.ordinal}-{n}")
    return fourth, fifth


def test_urls_are_translated():
    assert url("congresses:leadership", "vi") == "/vi/lanh-dao/"
    assert url("congresses:leadership", "en") == "/en/leadership/"
    assert url("congresses:history", "vi") == "/vi/dai-hoi/"
    assert url("congresses:history", "en") == "/en/congresses/"
    assert url("congresses:congress", "vi", slug="bac-giang-5") == "/vi/dai-hoi/bac-giang-5/"
    assert url("congresses:person", "en", slug="tran-cong-thang") == "/en/people/tran-cong-thang/"


def test_person_slug_drops_diacritics_and_keeps_d(db):
    assert Person.objects.create(full_name="Võ Đức Trong").slug == "vo-duc-trong"
    assert Person.objects.create(full_name="Võ  Đức Trong").slug == "vo-duc-trong-2"


def test_leadership_shows_the_officers_valid_today(client, two_terms):
    fourth, fifth = two_terms
    page = client.get(url("congresses:leadership")).content.decode()
    assert "Trần Công Thắng" in page and "Chủ tịch" in page
    assert "Phó 5" in page and "Phó 4" not in page
    assert "Đại hội đại biểu lần thứ V" in page
    en = client.get(url("congresses:leadership", "en")).content.decode()
    assert "5th Congress of Delegates" in en and "President" in en


def test_leadership_follows_a_mid_term_change(client, two_terms):
    _fourth, fifth = two_terms
    executive = fifth.bodies.get(kind="executive")
    leaving = executive.mandates.get(person__full_name="Phó 5")
    leaving.end_date = datetime.date(2024, 1, 12)
    leaving.save()
    add_mandate(
        executive,
        "Người kế nhiệm",
        P.VICE_PRESIDENT,
        start_date=datetime.date(2024, 1, 13),
        change_reason="Kiện toàn",
    )
    page = client.get(url("congresses:leadership")).content.decode()
    assert "Người kế nhiệm" in page
    section = page[page.index(f'id="body-{executive.pk}"') :]
    section = section[: section.index("</section>")]
    assert "Người kế nhiệm" in section and "Phó 5" not in section
    # Still an officer: the Standing Committee mandate did not end.
    assert "Phó 5" in page


def test_unpublished_congresses_are_not_public(client, make_congress):
    draft = make_congress(published=False)
    add_mandate(
        ElectedBody.objects.create(congress=draft, kind="executive", size=3), "Bí Mật", P.PRESIDENT
    )
    assert "Bí Mật" not in client.get(url("congresses:leadership")).content.decode()
    assert "Bí Mật" not in client.get(url("congresses:history")).content.decode()
    assert client.get(url("congresses:congress", slug=draft.slug)).status_code == 404
    assert client.get(url("congresses:person", slug="bi-mat")).status_code == 404
    assert "bac-giang-5" not in sitemap_xml(client)


def test_staff_preview_an_unpublished_congress(client, staff, make_congress):
    draft = make_congress(published=False)
    client.force_login(staff("Leadership"))
    response = client.get(url("congresses:congress", slug=draft.slug))
    assert response.status_code == 200
    assert "chưa được công bố" in response.content.decode()


def test_history_is_a_timeline_with_re_elections(client, two_terms):
    page = client.get(url("congresses:history")).content.decode()
    assert page.index("2023–2028") < page.index("2018–2023")
    assert "tái đắc cử" in page
    en = client.get(url("congresses:history", "en")).content.decode()
    assert "4th Congress of Delegates" in en and "re-elected" in en


def test_history_lists_other_organisations_congresses(client, make_congress, home_union):
    from members.models import Association
    from unions.models import Union

    make_congress(ordinal=5)
    other = Union.objects.create(
        name_vi="Liên hiệp Tây Ninh", name_en="Tay Ninh Union", slug="tay-ninh-test"
    )
    association = Association.objects.create(
        name_vi="Hội hữu nghị Việt – Lào thử", slug="hoi-thu", union=home_union, countries="LA"
    )
    make_congress(union=other, ordinal=4, start=2019, end=2024)
    Congress.objects.create(
        association=association,
        ordinal=2,
        term_start_year=2020,
        term_end_year=2025,
        held_from=datetime.date(2020, 5, 5),
        is_published=True,
    )
    make_congress(union=other, ordinal=3, start=2014, end=2019, is_sample=True)
    make_congress(union=other, ordinal=5, start=2024, end=2029, published=False)

    vi = client.get(url("congresses:history")).content.decode()
    others = vi[vi.index('id="others-title"') :]
    assert "Đại hội đại biểu lần thứ IV, nhiệm kỳ 2019–2024</a>" in others
    assert "– Liên hiệp Tây Ninh</span>" in others
    assert "– Hội hữu nghị Việt – Lào thử</span>" in others
    assert "lần thứ III (mẫu), nhiệm kỳ 2014–2019" in others
    assert "2024–2029" not in others and "lần thứ V," not in others
    # Newest term first, each linked to its congress in the reader's language.
    assert others.index("2020–2025") < others.index("2019–2024") < others.index("2014–2019")
    slug = association.congresses.get().slug
    assert f'<a href="{url("congresses:congress", slug=slug)}">' in others

    en = client.get(url("congresses:history", "en")).content.decode()
    others = en[en.index('id="others-title"') :]
    assert '4th Congress of Delegates, term 2019–2024</a> <span class="muted">– Tay Ninh Union' in (
        others
    )
    # No English name: the Vietnamese one, as everywhere else on the site.
    assert "– Hội hữu nghị Việt – Lào thử</span>" in others
    assert "3rd Congress of Delegates (sample), term 2014–2019" in others
    assert f'<a href="{url("congresses:congress", "en", slug=slug)}">' in others
    assert "/vi/" not in others

    # The list is made of escaped strings: a name is text, never markup.
    odd = Union.objects.create(name_vi="Liên hiệp A & B <i>", slug="a-b-test")
    make_congress(union=odd, ordinal=1, start=2001, end=2006)
    others = client.get(url("congresses:history")).content.decode()
    assert "– Liên hiệp A &amp; B &lt;i&gt;</span>" in others and "B <i>" not in others


def test_congress_page_shows_everything_recorded(client, two_terms):
    _fourth, fifth = two_terms
    fifth.guests_vi = "Ông Phan Anh Sơn – Phó Chủ tịch, Tổng Thư ký VUFO"
    fifth.directions_vi = "<p>6 nhóm nhiệm vụ</p><script>alert(1)</script>"
    fifth.venue_vi = "Bắc Giang"
    fifth.save()
    page = client.get(url("congresses:congress", slug=fifth.slug)).content.decode()
    for text in (
        "Phan Anh Sơn",
        "6 nhóm nhiệm vụ",
        "Ban Chấp hành",
        "Ban Thường vụ",
        "Ủy viên 5-9",
        "tái đắc cử",
        "08/08/2023",
    ):
        assert text in page
    assert "<script>alert" not in page


def test_person_page_lists_every_mandate_with_re_election(client, two_terms):
    thang = Person.objects.get(full_name="Trần Công Thắng")
    thang.honorific = Person.Honorific.MR
    thang.titles_vi = "Chủ tịch Liên hiệp"
    thang.note = "ghi chú nội bộ không công khai"
    thang.save()
    page = client.get(url("congresses:person", slug=thang.slug)).content.decode()
    assert "Ông Trần Công Thắng" in page
    assert "nhiệm kỳ 2023–2028" in page and "nhiệm kỳ 2018–2023" in page
    assert page.count("tái đắc cử") == 1
    assert "Ban Thường vụ, Ban Chấp hành" in page
    assert "ghi chú nội bộ" not in page
    en = client.get(url("congresses:person", "en", slug=thang.slug)).content.decode()
    assert "Mr Trần Công Thắng" in en and "re-elected" in en


def test_bad_slugs_are_404(client, db):
    assert client.get("/vi/dai-hoi/khong-co/").status_code == 404
    assert client.get("/en/people/nobody/").status_code == 404
    assert client.get("/vi/dai-hoi/%E2%80%A6/").status_code == 404


def grow(make_congress, terms):
    """`terms` congresses after the 5th, each with three bodies and 25 mandates."""
    for i in range(terms):
        congress = make_congress(ordinal=6 + i, start=2028 + 5 * i, end=2033 + 5 * i)
        for kind in ("executive", "standing", "inspection"):
            body = ElectedBody.objects.create(congress=congress, kind=kind, size=25)
            add_mandate(body, "Trần Công Thắng", P.PRESIDENT)
            for n in range(24):
                add_mandate(body, f"Người {i}-{n}")


@pytest.mark.parametrize("terms", [0, 4])
def test_query_counts_do_not_grow_with_terms_and_mandates(
    client, two_terms, make_congress, django_assert_max_num_queries, terms
):
    grow(make_congress, terms)
    thang = Person.objects.get(full_name="Trần Công Thắng")
    fifth = two_terms[1]
    for path, limit in (
        (url("congresses:leadership"), 6),
        (url("congresses:history"), 7),
        (url("congresses:congress", slug=fifth.slug), 9),
        (url("congresses:person", slug=thang.slug), 5),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(path).status_code == 200


def test_sitemap_lists_congresses_and_people_in_both_languages(client, two_terms):
    xml = sitemap_xml(client)
    assert "/vi/dai-hoi/bac-giang-5/" in xml and "/en/congresses/bac-giang-5/" in xml
    assert "/vi/nhan-su/tran-cong-thang/" in xml
    assert 'hreflang="en" href="http://testserver/en/people/tran-cong-thang/"' in xml


def test_the_language_switcher_points_to_the_same_congress(client, two_terms):
    page = client.get("/vi/dai-hoi/bac-giang-5/").content.decode()
    assert 'href="/en/congresses/bac-giang-5/"' in page


def test_demo_loads_twice_to_the_same_site(db, client):
    from congresses import demo as congresses_demo
    from members import demo as members_demo
    from unions import demo as unions_demo

    def load():
        for module in (unions_demo, members_demo, congresses_demo):
            module.load(io.StringIO())
        return (
            list(Person.objects.values_list("slug", flat=True).order_by("slug")),
            list(
                Mandate.objects.values_list(
                    "body__congress__slug", "person__slug", "position", "start_date", "end_date"
                ).order_by("pk")
            ),
        )

    first = load()
    assert load() == first
    page = client.get("/vi/lanh-dao/").content.decode()
    assert "Trần Công Thắng" in page
    tay_ninh = client.get("/en/congresses/tay-ninh-2/").content.decode()
    assert "Võ Đức Trong" in tay_ninh and "Nguyễn Văn Doanh" in tay_ninh
    assert (
        "21 members elected" in tay_ninh
        and "5 members elected" in tay_ninh
        and "3 members elected" in tay_ninh
    )
    tuyen_quang = client.get("/vi/dai-hoi/tuyen-quang-3/").content.decode()
    assert "Kiện toàn nhân sự Ban Chấp hành" in tuyen_quang
    thang = client.get("/vi/nhan-su/tran-cong-thang/").content.decode()
    assert "tái đắc cử" in thang


def test_the_inspection_committee_head_is_not_in_the_officers_chart(client, two_terms):
    fifth = two_terms[1]
    inspection = ElectedBody.objects.create(congress=fifth, kind="inspection", size=3)
    add_mandate(inspection, "Trưởng Kiểm Tra", P.PRESIDENT)
    page = client.get(url("congresses:leadership")).content.decode()
    chart = page[page.index('class="org-chart"') : page.index(f'id="body-{inspection.pk}"')]
    assert "Trưởng Kiểm Tra" not in chart
    assert "Trưởng Kiểm Tra" in page
    history = client.get(url("congresses:history")).content.decode()
    assert "Trưởng Kiểm Tra" not in history
