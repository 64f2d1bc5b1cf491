"""Articles, congresses and aid projects keep their history of changes and can be restored.

For each: two edits in the admin (one of them to a child row or a relation), the history
page, restoring the first revision (fields and children back), a role without the right
cannot restore, and the history page runs a bounded number of queries.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from aid.models import AidProject, Donor, Location, Participant, Sector, Transaction
from congresses.models import Congress, ElectedBody, Mandate, Person
from news.models import Article, Tag
from portal import revisions
from portal.models import Revision
from tests.congresses.test_admin import congress_data, management
from tests.factories import article_form_data

pytestmark = pytest.mark.django_db


def admin_url(obj, name, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[obj.pk, *args])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# News -----------------------------------------------------------------------------------------


def test_article_history_and_restore(client, staff, category):
    editor, writer = staff("Editor"), staff("Writer")
    peace, youth = Tag.objects.create(name_vi="Hòa bình"), Tag.objects.create(name_vi="Thanh niên")
    client.force_login(editor)
    add = reverse("admin:news_article_add")
    assert (
        client.post(
            add, article_form_data(category, title_vi="Tiêu đề đầu tiên", tags=[peace.pk])
        ).status_code
        == 302
    )
    article = Article.objects.get()
    change = admin_url(article, "change")
    data = article_form_data(
        category, title_vi="Tiêu đề đầu tiên", slug_vi=article.slug_vi, tags=[peace.pk]
    )
    client.post(change, {**data, "title_vi": "Tiêu đề thứ hai"})
    client.post(change, {**data, "title_vi": "Tiêu đề thứ hai", "tags": [youth.pk]})
    first, second, third = revisions.history(article).order_by("number")
    assert second.changed_fields == ["title_vi"] and third.changed_fields == ["tags"]
    assert third.user == editor

    response = client.get(admin_url(article, "revisions"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "tiêu đề [vi]" in html and "thẻ" in html and "editor" in html
    assert admin_url(article, "restore", 1) in html
    assert admin_url(article, "restore", 3) not in html  # the current version
    assert admin_url(article, "revisions") in client.get(change).content.decode()

    # A Writer (even the article's author) cannot restore; an Editor can.
    Article.objects.filter(pk=article.pk).update(created_by=writer)
    client.force_login(writer)
    assert client.get(admin_url(article, "revisions")).status_code == 200
    assert client.get(admin_url(article, "restore", 1)).status_code == 403
    assert client.post(admin_url(article, "restore", 1)).status_code == 403
    client.force_login(editor)
    confirm = client.get(admin_url(article, "restore", 1)).content.decode()
    assert "Tiêu đề thứ hai" in confirm and "Tiêu đề đầu tiên" in confirm and "Hòa bình" in confirm
    assert client.post(admin_url(article, "restore", 1)).status_code == 302
    article.refresh_from_db()
    assert article.title_vi == "Tiêu đề đầu tiên"
    assert list(article.tags.all()) == [peace]
    latest = revisions.history(article).first()
    assert latest.number == 4 and latest.user == editor and "#1" in latest.note
    assert set(latest.changed_fields) == {"title_vi", "tags"}


def test_restoring_an_article_keeps_its_status(client, staff, category):
    editor = staff("Editor")
    client.force_login(editor)
    client.post(
        reverse("admin:news_article_add"), article_form_data(category, title_vi="Tiêu đề đầu tiên")
    )
    article = Article.objects.get()
    data = article_form_data(
        category, slug_vi=article.slug_vi, title_vi="Đã sửa", status="published"
    )
    client.post(admin_url(article, "change"), data)
    client.post(admin_url(article, "restore", 1))
    article.refresh_from_db()
    assert article.title_vi == "Tiêu đề đầu tiên" and article.status == "published"


# Congresses -----------------------------------------------------------------------------------
PASTED = "Trần Công Thắng - Chủ tịch\nNguyễn Thị Hoa - Phó Chủ tịch\nPhạm Minh Đức"


def body_rows(congress):
    return {
        body.kind: (body.size, sorted(m.person.full_name for m in body.mandates.all()))
        for body in congress.bodies.prefetch_related("mandates__person")
    }


def test_congress_history_and_restore(client, staff, home_union):
    secretariat = staff("Secretariat")
    client.force_login(secretariat)
    add = reverse("admin:congresses_congress_add")
    first_data = congress_data(home_union, bodies=[("executive", 15, PASTED)])
    assert client.post(add, first_data).status_code == 302
    congress = Congress.objects.get()
    before = body_rows(congress)
    assert before == {"executive": (15, ["Nguyễn Thị Hoa", "Phạm Minh Đức", "Trần Công Thắng"])}
    body = congress.bodies.get()
    change = admin_url(congress, "change")

    def edit(**fields):
        data = congress_data(home_union, slug=congress.slug, **fields)
        data.update(management("bodies", total=1, initial=1))
        data.update({"bodies-0-id": body.pk, "bodies-0-congress": congress.pk})
        data.update({"bodies-0-kind": "executive", "bodies-0-size": "15", "bodies-0-names": ""})
        data.update({k: v for k, v in fields.items() if k.startswith("bodies-")})
        response = client.post(change, data)
        assert response.status_code == 302, response.content.decode()[:3000]

    edit(venue_vi="Nhà văn hóa tỉnh")
    edit(**{"venue_vi": "Nhà văn hóa tỉnh", "bodies-0-size": "17", "bodies-0-names": "Lê Văn Em"})
    assert body_rows(congress)["executive"] == (
        17,
        ["Lê Văn Em", "Nguyễn Thị Hoa", "Phạm Minh Đức", "Trần Công Thắng"],
    )
    first, second, third = revisions.history(congress).order_by("number")
    assert second.changed_fields == ["venue_vi"]
    assert set(third.changed_fields) == {"bodies", "bodies.mandates"}

    html = client.get(admin_url(congress, "revisions")).content.decode()
    assert "cơ quan được bầu, nhân sự" in html and "địa điểm [vi]" in html
    assert admin_url(congress, "restore", 1) in html

    # Leadership reads the history, cannot restore.
    client.force_login(staff("Leadership"))
    assert client.get(admin_url(congress, "revisions")).status_code == 200
    assert client.post(admin_url(congress, "restore", 1)).status_code == 403

    client.force_login(secretariat)
    confirm = client.get(admin_url(congress, "restore", 1)).content.decode()
    assert "Lê Văn Em" in confirm and "Nhà văn hóa tỉnh" in confirm
    assert client.post(admin_url(congress, "restore", 1)).status_code == 302
    congress.refresh_from_db()
    assert congress.venue_vi == "Bắc Giang"
    assert body_rows(congress) == before
    # Rows come back with their ids: the body's page and its links keep working.
    assert congress.bodies.get().pk == body.pk
    assert congress.is_published
    assert revisions.history(congress).first().number == 4


def test_mandates_edited_on_the_body_page_are_in_the_congress_history(client, staff, home_union):
    congress = Congress.objects.create(
        union=home_union,
        ordinal=4,
        term_start_year=2018,
        term_end_year=2023,
        held_from=datetime.date(2018, 6, 1),
    )
    body = ElectedBody.objects.create(congress=congress, kind="executive", size=5)
    person = Person.objects.create(full_name="Trần Văn Một")
    mandate = Mandate.objects.create(body=body, person=person, position="president")
    client.force_login(staff("Secretariat"))
    data = {
        "congress": congress.pk,
        "kind": "executive",
        "size": "5",
        "names": "",
        "paste_start": "",
        "paste_reason": "",
        **management("mandates", total=1, initial=1),
        "mandates-0-id": mandate.pk,
        "mandates-0-body": body.pk,
        "mandates-0-person": person.pk,
        "mandates-0-position": "member",
        "mandates-0-start_date": "2018-06-01",
        "mandates-0-end_date": "",
        "mandates-0-change_reason_vi": "",
        "mandates-0-change_reason_en": "",
        "mandates-0-order": "0",
    }
    response = client.post(admin_url(body, "change"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # Made outside the admin: the state before the first change is kept as #1.
    baseline, changed = revisions.history(congress).order_by("number")
    assert baseline.user is None and changed.changed_fields == ["bodies.mandates"]
    client.post(admin_url(congress, "restore", 1))
    assert Mandate.objects.get(pk=mandate.pk).position == "president"


# Aid projects ---------------------------------------------------------------------------------
@pytest.fixture
def aid_world(db):
    north = Location.objects.create(level="district", name_vi="Huyện Bắc")
    south = Location.objects.create(level="district", name_vi="Huyện Nam")
    water = Donor.objects.create(name_vi="Nước Sạch", slug="clean-water", country="AU")
    school = Donor.objects.create(name_vi="Trường Học", slug="school-aid", country="DE")
    return {
        "north": north,
        "south": south,
        "water": water,
        "school": school,
        "wash": Sector.objects.get(code="14030"),
        "edu": Sector.objects.get(code="11220"),
    }


def project_data(world, project=None, shares=(), participants=(), transactions=(), **fields):
    data = {
        "reference": "BG-2024-01",
        "title_vi": "Nước sạch cho trường học",
        "title_en": "",
        "description_vi": "",
        "description_en": "",
        "kind": "project",
        "status": "2",
        "year": "2024",
        "coordinating_body_vi": "",
        "coordinating_body_en": "",
        "decision_number": "",
        "decision_date": "",
        "decision_issuer_vi": "",
        "decision_issuer_en": "",
        "planned_start": "",
        "planned_end": "",
        "actual_start": "",
        "actual_end": "",
        "districts": [world["north"].pk],
        "beneficiaries_count": "",
        "beneficiaries_vi": "",
        "beneficiaries_en": "",
        "is_published": "on",
    }
    for prefix, rows in (
        ("sector_shares", shares),
        ("participants", participants),
        ("transactions", transactions),
    ):
        initial = [row for row in rows if "id" in row]
        data.update(management(prefix, total=len(rows), initial=len(initial)))
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = value
            if project is not None:
                data[f"{prefix}-{i}-project"] = project.pk
    data.update(fields)
    return data


def tx(world, amount, **extra):
    return {
        "transaction_type": "2",
        "date": "2024-03-01",
        "value_date": "2024-03-01",
        "amount": amount,
        "currency": "USD",
        "donor": world["water"].pk,
        "description": "",
        **extra,
    }


def aid_state(project):
    return {
        "title": project.title_vi,
        "districts": sorted(d.name_vi for d in project.districts.all()),
        "shares": sorted((s.sector.code, s.percentage) for s in project.sector_shares.all()),
        "participants": sorted((p.donor.slug, p.role) for p in project.participants.all()),
        "transactions": sorted((t.amount, t.currency) for t in project.transactions.all()),
    }


def test_aid_project_history_and_restore(client, staff, aid_world):
    w = aid_world
    secretariat = staff("Secretariat")
    client.force_login(secretariat)
    data = project_data(
        w,
        shares=[{"sector": w["wash"].pk, "percentage": "100"}],
        participants=[{"donor": w["water"].pk, "role": "1"}],
        transactions=[tx(w, "50000")],
    )
    response = client.post(reverse("admin:aid_aidproject_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    project = AidProject.objects.get()
    before = aid_state(project)
    share = project.sector_shares.get()
    participant = project.participants.get()
    transaction = project.transactions.get()

    def rows(wash="100", amount="50000", extra_share=()):
        return {
            "shares": [
                {"id": share.pk, "sector": w["wash"].pk, "percentage": wash},
                *extra_share,
            ],
            "participants": [{"id": participant.pk, "donor": w["water"].pk, "role": "1"}],
            "transactions": [{"id": transaction.pk, **tx(w, amount)}],
        }

    change = admin_url(project, "change")
    edited = project_data(w, project, title_vi="Nước sạch cho 12 trường", **rows())
    assert client.post(change, edited).status_code == 302
    edited = project_data(
        w,
        project,
        title_vi="Nước sạch cho 12 trường",
        districts=[w["north"].pk, w["south"].pk],
        **rows(
            wash="60", amount="80000", extra_share=[{"sector": w["edu"].pk, "percentage": "40"}]
        ),
    )
    response = client.post(change, edited)
    assert response.status_code == 302, response.content.decode()[:3000]
    after = aid_state(project)
    assert after["shares"] == [("11220", Decimal("40.00")), ("14030", Decimal("60.00"))]
    first, second, third = revisions.history(project).order_by("number")
    assert second.changed_fields == ["title_vi"]
    assert set(third.changed_fields) == {"districts", "sector_shares", "transactions"}

    html = client.get(admin_url(project, "revisions")).content.decode()
    assert "giao dịch" in html.lower() and "tiêu đề [vi]" in html
    client.force_login(staff("Leadership"))
    assert client.get(admin_url(project, "revisions")).status_code == 200
    assert client.post(admin_url(project, "restore", 1)).status_code == 403
    assert aid_state(project) == after

    client.force_login(staff("Administrator"))
    assert client.post(admin_url(project, "restore", 1)).status_code == 302
    assert aid_state(project) == before
    assert project.transactions.get().pk == transaction.pk


def test_a_transaction_edited_on_its_own_page_is_in_the_project_history(client, staff, aid_world):
    w = aid_world
    project = AidProject.objects.create(
        reference="X-1", title_vi="Dự án", kind="project", year=2024
    )
    transaction = Transaction.objects.create(
        project=project,
        transaction_type="2",
        donor=w["water"],
        date=datetime.date(2024, 3, 1),
        value_date=datetime.date(2024, 3, 1),
        amount=Decimal("100"),
        currency="USD",
    )
    client.force_login(staff("Secretariat"))
    data = {**tx(w, "250"), "project": project.pk}
    response = client.post(admin_url(transaction, "change"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [r.changed_fields for r in revisions.history(project).order_by("number")][1] == [
        "transactions"
    ]
    client.post(admin_url(project, "restore", 1))
    assert project.transactions.get().amount == Decimal("100.00")


def test_a_revision_naming_a_deleted_donor_is_not_restored(client, staff, aid_world):
    w = aid_world
    project = AidProject.objects.create(
        reference="X-2", title_vi="Dự án", kind="project", year=2024
    )
    Participant.objects.create(project=project, donor=w["school"], role="1")
    revisions.record(project, None)
    project.participants.all().delete()
    project.title_vi = "Đã đổi"
    project.save()
    revisions.record(project, None)
    w["school"].delete()
    client.force_login(staff("Secretariat"))
    response = client.post(admin_url(project, "restore", 1), follow=True)
    notes = " ".join(messages_of(response))
    assert "không còn tồn tại" in notes and "không có gì thay đổi" in notes
    project.refresh_from_db()
    assert project.title_vi == "Đã đổi" and revisions.history(project).count() == 2


# All three ------------------------------------------------------------------------------------
def test_history_page_queries_are_bounded(client, staff, home_union, django_assert_max_num_queries):
    congress = Congress.objects.create(
        union=home_union,
        ordinal=3,
        term_start_year=2013,
        term_end_year=2018,
        held_from=datetime.date(2013, 6, 1),
    )
    user = staff("Secretariat")
    client.force_login(user)
    url = admin_url(congress, "revisions")
    for count in (3, 60):
        while revisions.history(congress).count() < count:
            congress.venue_vi = f"Hội trường {revisions.history(congress).count()}"
            congress.save()
            revisions.record(congress, user)
        with django_assert_max_num_queries(10):
            response = client.get(url)
        assert response.status_code == 200
    assert client.get(url + "?p=2").status_code == 200
    assert client.get(url + "?p=abc").status_code == 404
    assert client.get(url + "?p=99").status_code == 404


def test_unknown_objects_and_revisions_are_404(client, staff, home_union):
    congress = Congress.objects.create(
        union=home_union,
        ordinal=2,
        term_start_year=2008,
        term_end_year=2013,
        held_from=datetime.date(2008, 6, 1),
    )
    client.force_login(staff("Secretariat"))
    assert client.get(admin_url(congress, "restore", 7)).status_code == 404
    assert (
        client.get(reverse("admin:congresses_congress_revisions", args=[99999])).status_code == 404
    )


def test_history_goes_with_the_object(staff, home_union):
    congress = Congress.objects.create(
        union=home_union,
        ordinal=1,
        term_start_year=2003,
        term_end_year=2008,
        held_from=datetime.date(2003, 6, 1),
    )
    revisions.record(congress, None)
    assert Revision.objects.count() == 1
    congress.delete()
    assert Revision.objects.count() == 0


def test_every_editable_field_is_in_a_snapshot():
    # A field added to a model later is recorded without anyone remembering to declare it.
    fields = {f.attname for f in revisions.recorded_fields(Article)}
    assert {"title_vi", "title_en", "body_vi", "cover", "video_file", "category_id"} <= fields
    assert not {"title", "view_count", "created_by_id", "search_text_vi"} & fields
    fields = {f.attname for f in revisions.recorded_fields(Mandate)}
    assert {"person_id", "change_reason_vi", "start_date"} <= fields and "rank" not in fields
