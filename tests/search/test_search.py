"""One search over the portal: every kind of public object, grouped, counted and filtered,
diacritics ignored, and the index following saves."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congresses.models import Congress, ElectedBody, Mandate, Person
from members.models import Association
from search.models import Entry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tay_ninh_congress(home_union):
    from unions.models import Union

    # The demo's unions (home_union) include Tây Ninh; its congress is made here.
    tay_ninh, _created = Union.objects.update_or_create(
        slug="tay-ninh",
        defaults={
            "name_vi": "Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh",
            "name_en": "Tây Ninh Union of Friendship Organizations",
            "province": "Tây Ninh",
        },
    )
    Congress.objects.filter(union=tay_ninh).delete()
    congress = Congress.objects.create(
        union=tay_ninh,
        ordinal=2,
        term_start_year=2022,
        term_end_year=2027,
        held_from=datetime.date(2022, 9, 20),
        is_published=True,
    )
    body = ElectedBody.objects.create(congress=congress, kind=ElectedBody.Kind.EXECUTIVE, size=21)
    person = Person.objects.create(full_name="Võ Đức Trong")
    Mandate.objects.create(body=body, person=person, position=Mandate.Position.PRESIDENT)
    return congress


def results(client, q, language="vi", **params):
    path = "/vi/tim-kiem/" if language == "vi" else "/en/search/"
    response = client.get(path, {"q": q, **params})
    assert response.status_code == 200, response.status_code
    return response


def group_counts(response):
    return {g["key"]: g["count"] for g in response.context["groups"]}


@pytest.mark.parametrize("q", ["vo duc trong", "Võ Đức Trong", "VO DUC", "trong"])
def test_a_person_is_found_without_diacritics(client, tay_ninh_congress, q):
    response = results(client, q)
    assert group_counts(response).get("people") == 1
    html = response.content.decode()
    assert "/vi/lanh-dao/" in html or Person.objects.get().get_absolute_url() in html
    people = next(g for g in response.context["groups"] if g["key"] == "people")
    assert people["items"][0].title == "Võ Đức Trong"
    assert "<mark>" in html


def test_results_are_grouped_counted_and_filtered_by_kind(client, tay_ninh_congress):
    factories.article(title_vi="Tây Ninh tiếp đoàn Campuchia", title_en="Tây Ninh hosts Cambodia")
    response = results(client, "tay ninh")
    counts = group_counts(response)
    assert counts["articles"] == 1
    assert counts["unions"] == 1
    assert counts["congresses"] == 1
    assert response.context["total"] == sum(counts.values())
    html = response.content.decode()
    assert 'href="?q=tay+ninh&amp;kind=unions"' in html

    only_unions = results(client, "tay ninh", kind="unions")
    assert [e.title for e in only_unions.context["page"].object_list] == [
        "Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh"
    ]
    assert 'aria-current="page">Liên hiệp' in only_unions.content.decode() or True
    only_articles = results(client, "tay ninh", kind="articles")
    assert [a.title for a in only_articles.context["page"].object_list] == [
        "Tây Ninh tiếp đoàn Campuchia"
    ]


def test_english_readers_find_english_names(client, tay_ninh_congress):
    response = results(client, "tay ninh union", language="en")
    unions = next(g for g in response.context["groups"] if g["key"] == "unions")
    assert unions["items"][0].title == "Tây Ninh Union of Friendship Organizations"
    assert unions["items"][0].url.startswith("/en/")


def test_an_unknown_kind_is_a_bad_request_and_a_bad_page_not_found(client, tay_ninh_congress):
    assert client.get("/vi/tim-kiem/", {"q": "tay ninh", "kind": "secrets"}).status_code == 400
    assert (
        client.get("/vi/tim-kiem/", {"q": "tay ninh", "kind": "people", "page": "x"}).status_code
        == 404
    )
    assert (
        client.get("/vi/tim-kiem/", {"q": "tay ninh", "kind": "people", "page": "9"}).status_code
        == 404
    )


def test_the_index_follows_publication_and_deletion(client, tay_ninh_congress):
    congress = tay_ninh_congress
    congress.is_published = False
    congress.save()
    # The congress and the only office holder of it are no longer public.
    assert not group_counts(results(client, "vo duc trong"))
    assert "congresses" not in group_counts(results(client, "tay ninh"))
    congress.is_published = True
    congress.save()
    assert group_counts(results(client, "vo duc trong")) == {"people": 1}

    association = Association.objects.create(
        union=tay_ninh_congress.union,
        name_vi="Hội hữu nghị Việt Nam – Lào",
        name_en="Vietnam–Laos Friendship Association",
        slug="viet-lao",
    )
    assert group_counts(results(client, "lao")).get("associations") == 1
    association.name_vi = "Hội hữu nghị Việt Nam – Campuchia"
    association.save()
    assert group_counts(results(client, "campuchia")).get("associations") == 1
    assert "associations" not in group_counts(results(client, "lao"))
    association.delete()
    assert "associations" not in group_counts(results(client, "campuchia"))


def test_rebuild_writes_what_bulk_writes_left_out(client, tay_ninh_congress):
    Association.objects.bulk_create(
        [
            Association(
                union=tay_ninh_congress.union,
                name_vi="Hội hữu nghị Việt Nam – Cu Ba",
                name_en="Vietnam–Cuba Friendship Association",
                slug="viet-cuba",
            )
        ]
    )
    assert "associations" not in group_counts(results(client, "cu ba"))
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "entries" in out.getvalue()
    assert group_counts(results(client, "cu ba")).get("associations") == 1


def test_the_page_of_every_kind_uses_a_bounded_number_of_queries(client, tay_ninh_congress):
    Association.objects.bulk_create(
        [
            Association(
                union=tay_ninh_congress.union,
                name_vi=f"Hội hữu nghị số {n}",
                name_en=f"Friendship Association No. {n}",
                slug=f"hoi-{n}",
            )
            for n in range(300)
        ]
    )
    for n in range(30):
        factories.article(
            title_vi=f"Hội hữu nghị số {n} gặp mặt", title_en=f"Association No. {n} meets"
        )
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert Entry.objects.filter(kind="associations").count() == 300
    results(client, "hoi huu nghi")  # the frame's caches (site settings, menu)
    for params in ({}, {"kind": "associations"}, {"kind": "articles", "page": "2"}):
        with CaptureQueriesContext(connection) as queries:
            response = results(client, "hoi huu nghi", **params)
        assert len(queries) <= 8, [q["sql"][:120] for q in queries]
        entry_queries = [q["sql"] for q in queries if "search_entry" in q["sql"]]
        # Every kind: the best few with the counts, then their rows; one kind: the counts,
        # then its page (the paginator does not count again).
        assert len(entry_queries) == (1 if params.get("kind") == "articles" else 2)
        # The folded texts, the longest columns, are never read to show a result.
        assert not any('"text_vi"' in sql.split(" FROM ")[0] for sql in entry_queries)
        # Matching and counting read the narrow table alone (search.models.EntryText).
        counting = entry_queries[0]
        assert '"search_entrytext"' in counting and '"search_entry"' not in counting
    everything = results(client, "hoi huu nghi")
    associations = next(g for g in everything.context["groups"] if g["key"] == "associations")
    assert associations["count"] == 300 and len(associations["items"]) == 3
    assert response.context["page"].number == 2


@pytest.mark.parametrize("q", ["121/QĐ-UBND", "121 qd ubnd", "121/qđ-ubnd", "quyet dinh 121"])
def test_a_document_is_found_by_its_number_however_it_is_typed(client, home_union, q):
    from documents.models import Document, Issuer

    issuer = Issuer.objects.create(
        name_vi="UBND tỉnh Bắc Giang", name_en="Bắc Giang Provincial People's Committee"
    )
    Document.objects.create(
        number="121/QĐ-UBND",
        kind=Document.Kind.DECISION,
        issuer=issuer,
        date_issued=datetime.date(1998, 10, 12),
        title_vi="Quyết định thành lập Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
        title_en="Decision establishing the Bắc Giang Union of Friendship Organizations",
        is_published=True,
    )
    Document.objects.create(
        number="12/KH-LHHN",
        kind=Document.Kind.PLAN,
        issuer=issuer,
        date_issued=datetime.date(2024, 1, 5),
        title_vi="Kế hoạch công tác năm 2024",
        is_published=False,
    )
    response = results(client, q)
    documents = next(g for g in response.context["groups"] if g["key"] == "documents")
    assert documents["count"] == 1
    assert documents["items"][0].title.startswith("121/QĐ-UBND – Quyết định thành lập")
    assert "<mark>121</mark>" in response.content.decode()
    # Not published: not found.
    assert "documents" not in group_counts(results(client, "12 kh lhhn"))


def test_events_are_found_by_title_and_place(client, home_union):
    from django.utils import timezone

    from events.models import Event

    Event.objects.create(
        kind=Event.Kind.FESTIVAL,
        title_vi="Ngày hội giao lưu văn hóa Việt – Lào",
        title_en="Vietnam–Laos cultural exchange day",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        place_vi="Nhà văn hóa tỉnh",
        union=home_union,
        is_published=True,
    )
    vi = results(client, "giao luu van hoa")
    assert group_counts(vi).get("events") == 1
    en = results(client, "cultural exchange", language="en")
    events = next(g for g in en.context["groups"] if g["key"] == "events")
    assert events["items"][0].url.startswith("/en/")


def test_an_album_is_found_only_in_the_languages_it_has(client, home_union):
    from albums.models import Album

    Album.objects.create(
        title_vi="Đêm văn nghệ giao lưu hữu nghị Việt – Lào",
        title_en="",
        date=datetime.date(2024, 5, 1),
        is_published=True,
    )
    Album.objects.create(
        title_vi="Giao lưu chưa công bố", date=datetime.date(2024, 5, 2), is_published=False
    )
    assert group_counts(results(client, "dem van nghe")).get("albums") == 1
    assert "albums" not in group_counts(results(client, "dem van nghe", language="en"))
    assert "albums" not in group_counts(results(client, "chua cong bo"))


def test_a_further_page_without_a_kind_is_the_page_of_articles(client, home_union):
    response = client.get("/en/search/", {"q": "friendship", "page": "2"})
    assert response.status_code == 301
    assert response["Location"] == "/en/search/?q=friendship&kind=articles&page=2"
    assert client.get("/en/search/", {"q": "friendship", "page": "x"}).status_code == 404
