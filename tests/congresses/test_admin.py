"""The secretariat's screens: one screen for a congress result, pasted names, rules as messages."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from congresses.models import Congress, Mandate, Person

from .conftest import add_mandate

P = Mandate.Position


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def congress_data(union, bodies=(), **fields):
    data = {
        "union": str(union.pk),
        "association": "",
        "ordinal": "5",
        "of_delegates": "on",
        "term_start_year": "2023",
        "term_end_year": "2028",
        "held_from": "2023-08-08",
        "held_to": "2023-08-09",
        "venue_vi": "Bắc Giang",
        "venue_en": "",
        "delegates_count": "150",
        "is_published": "on",
        "guests_vi": "Ông Phan Anh Sơn – Phó Chủ tịch, Tổng Thư ký VUFO",
        "guests_en": "",
        "summary_vi": "",
        "summary_en": "",
        "directions_vi": "",
        "directions_en": "",
        "slug": "",
        "note": "",
        **management("bodies", total=len(bodies)),
        **management("documents"),
        **management("photos"),
    }
    for i, (kind, size, names) in enumerate(bodies):
        data.update(
            {f"bodies-{i}-kind": kind, f"bodies-{i}-size": str(size), f"bodies-{i}-names": names}
        )
    data.update(fields)
    return data


def add_url(language="vi"):
    with translation.override(language):
        return reverse("admin:congresses_congress_add")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


PASTED = """Trần Công Thắng - Chủ tịch
Nguyễn Thị Hoa – Phó Chủ tịch thường trực
3. Lê Văn Nam - Phó Chủ tịch
Phạm Minh Đức
"""


def test_a_whole_congress_result_in_one_screen(secretariat_client, home_union):
    existing = Person.objects.create(full_name="Trần Công Thắng")
    data = congress_data(
        home_union,
        bodies=[
            ("executive", 15, PASTED),
            (
                "standing",
                5,
                "Trần Công Thắng - President\nNguyễn Thị Hoa - Standing Vice President",
            ),
            ("inspection", 3, ""),
        ],
    )
    response = secretariat_client.post(add_url(), data, follow=True)
    assert response.status_code == 200
    congress = Congress.objects.get()
    assert congress.bodies.count() == 3
    executive = congress.bodies.get(kind="executive")
    mandates = {m.person.full_name: m.position for m in executive.mandates.select_related("person")}
    assert mandates == {
        "Trần Công Thắng": P.PRESIDENT,
        "Nguyễn Thị Hoa": P.STANDING_VICE_PRESIDENT,
        "Lê Văn Nam": P.VICE_PRESIDENT,
        "Phạm Minh Đức": P.MEMBER,
    }
    # The known person is reused, the others are new, and the screen says which.
    assert Person.objects.filter(full_name="Trần Công Thắng").get() == existing
    assert Person.objects.count() == 4
    notes = " ".join(messages_of(response))
    assert "Nguyễn Thị Hoa, Lê Văn Nam, Phạm Minh Đức" in notes
    assert "Ban Chấp hành: đã thêm 4 nhân sự" in notes
    assert all(m.start_date == datetime.date(2023, 8, 8) for m in Mandate.objects.all())
    standing = congress.bodies.get(kind="standing")
    assert standing.mandates.get(position=P.PRESIDENT).person == existing


def test_pasting_two_presidents_is_refused_in_the_staff_language(secretariat_client, home_union):
    data = congress_data(home_union, bodies=[("executive", 15, "A - Chủ tịch\nB - Chủ tịch")])
    response = secretariat_client.post(add_url("vi"), data)
    assert response.status_code == 200
    assert "Mỗi cơ quan chỉ có một Chủ tịch tại một thời điểm" in response.content.decode()
    assert not Congress.objects.exists()
    response = secretariat_client.post(add_url("en"), data)
    assert "A body has one President at any date" in response.content.decode()


def test_pasting_more_names_than_the_elected_size_is_refused(secretariat_client, home_union):
    data = congress_data(home_union, bodies=[("inspection", 3, "A\nB\nC\nD")])
    response = secretariat_client.post(add_url("vi"), data)
    assert "Ủy ban Kiểm tra được bầu 3 thành viên; như vậy sẽ thành 4" in response.content.decode()
    assert not Congress.objects.exists()


def test_an_unknown_position_names_its_line(secretariat_client, home_union):
    data = congress_data(home_union, bodies=[("executive", 15, "A - Chủ tịch\nB - Thủ quỹ")])
    response = secretariat_client.post(add_url("vi"), data)
    page = response.content.decode()
    assert "Dòng 2: “Thủ quỹ” không phải chức vụ đã biết" in page
    # What was typed is kept.
    assert "B - Thủ quỹ" in page


@pytest.mark.parametrize(
    ("fields", "message_vi", "message_en"),
    [
        (
            {"term_end_year": "2020"},
            "Nhiệm kỳ phải kết thúc sau năm bắt đầu",
            "The term must end after it starts",
        ),
        (
            {"held_to": "2023-08-01"},
            "Đại hội không thể kết thúc trước ngày khai mạc",
            "cannot end before it begins",
        ),
    ],
)
def test_congress_rules_are_admin_errors(
    secretariat_client, home_union, fields, message_vi, message_en
):
    data = congress_data(home_union, **fields)
    assert message_vi in secretariat_client.post(add_url("vi"), data).content.decode()
    assert message_en in secretariat_client.post(add_url("en"), data).content.decode()
    assert not Congress.objects.exists()


def test_overlapping_terms_and_falling_ordinals_are_admin_errors(
    secretariat_client, home_union, make_congress
):
    make_congress(ordinal=4, start=2018, end=2023)
    overlap = congress_data(home_union, term_start_year="2021", term_end_year="2026")
    assert (
        "trùng với nhiệm kỳ 2018–2023"
        in secretariat_client.post(add_url(), overlap).content.decode()
    )
    falling = congress_data(home_union, ordinal="3", term_start_year="2023", term_end_year="2028")
    page = secretariat_client.post(add_url(), falling).content.decode()
    assert "Lần thứ phải tăng theo thời gian" in page
    assert Congress.objects.count() == 1


def test_both_organisations_is_an_admin_error(secretariat_client, home_union):
    from members.models import Association

    association = Association.objects.create(
        name="Hội Việt – Lào", slug="viet-lao", union=home_union
    )
    data = congress_data(home_union, association=str(association.pk))
    page = secretariat_client.post(add_url(), data).content.decode()
    assert "không chọn cả hai" in page
    assert not Congress.objects.exists()


def test_a_term_other_than_five_years_is_saved_with_a_warning(secretariat_client, home_union):
    response = secretariat_client.post(
        add_url(), congress_data(home_union, term_end_year="2030"), follow=True
    )
    assert Congress.objects.get().term_end_year == 2030
    assert any("kéo dài 7 năm" in m for m in messages_of(response))
    response = secretariat_client.post(
        add_url(),
        congress_data(
            home_union,
            ordinal="6",
            term_start_year="2030",
            term_end_year="2035",
            held_from="2030-08-01",
            held_to="",
        ),
        follow=True,
    )
    assert not any("kéo dài" in m for m in messages_of(response))


def body_data(body, rows=(), names="", start="", reason=""):
    data = {
        "congress": str(body.congress_id),
        "kind": body.kind,
        "size": str(body.size),
        "names": names,
        "paste_start": start,
        "paste_reason": reason,
        **management("mandates", total=len(rows), initial=sum(1 for r in rows if r.get("id"))),
    }
    for i, row in enumerate(rows):
        data.update(
            {
                f"mandates-{i}-id": str(row.get("id", "")),
                f"mandates-{i}-body": str(body.pk),
                f"mandates-{i}-person": str(row["person"]),
                f"mandates-{i}-position": row.get("position", P.MEMBER),
                f"mandates-{i}-start_date": row.get("start", ""),
                f"mandates-{i}-end_date": row.get("end", ""),
                f"mandates-{i}-change_reason_vi": row.get("reason", ""),
                f"mandates-{i}-change_reason_en": "",
                f"mandates-{i}-order": "0",
            }
        )
    return data


def body_url(body):
    with translation.override("vi"):
        return reverse("admin:congresses_electedbody_change", args=[body.pk])


def rows_of(body):
    return [
        {
            "id": m.pk,
            "person": m.person_id,
            "position": m.position,
            "start": m.start_date.isoformat(),
            "end": m.end_date.isoformat() if m.end_date else "",
            "reason": m.change_reason,
        }
        for m in body.mandates.all()
    ]


def test_mid_term_change_beyond_the_size_needs_a_reason(secretariat_client, body):
    for name in ("A", "B", "C"):
        add_mandate(body, name)
    no_reason = body_data(body, rows_of(body), names="D", start="2025-01-13")
    page = secretariat_client.post(body_url(body), no_reason).content.decode()
    assert "Ban Chấp hành được bầu 3 thành viên; như vậy sẽ thành 4" in page
    assert body.mandates.count() == 3
    with_reason = body_data(
        body, rows_of(body), names="D", start="2025-01-13", reason="Kiện toàn nhân sự Ban Chấp hành"
    )
    response = secretariat_client.post(body_url(body), with_reason, follow=True)
    assert response.status_code == 200
    added = body.mandates.get(person__full_name="D")
    assert added.start_date == datetime.date(2025, 1, 13)
    assert added.change_reason_vi == "Kiện toàn nhân sự Ban Chấp hành"


def test_mandate_rows_outside_the_term_are_refused(secretariat_client, body):
    add_mandate(body, "A")
    rows = rows_of(body)
    rows[0]["start"] = "2020-01-01"
    page = secretariat_client.post(body_url(body), body_data(body, rows)).content.decode()
    assert "Thời gian đảm nhiệm phải nằm trong nhiệm kỳ" in page
    assert body.mandates.get().start_date == datetime.date(2023, 8, 8)


def test_two_president_rows_are_refused_but_a_successor_is_fine(secretariat_client, body):
    add_mandate(body, "A", P.PRESIDENT)
    b = add_mandate(body, "B")
    rows = rows_of(body)
    rows[1]["position"] = P.PRESIDENT
    page = secretariat_client.post(body_url(body), body_data(body, rows)).content.decode()
    assert "Mỗi cơ quan chỉ có một Chủ tịch" in page
    # A hands over to B on 1 March 2025: both rows change in the same save.
    rows[0]["end"] = "2025-02-28"
    rows[1]["start"] = "2025-03-01"
    rows[1]["reason"] = "Kiện toàn"
    response = secretariat_client.post(body_url(body), body_data(body, rows), follow=True)
    assert response.status_code == 200
    b.refresh_from_db()
    assert b.position == P.PRESIDENT and b.start_date == datetime.date(2025, 3, 1)


def test_a_name_shared_by_two_people_must_be_chosen_by_hand(secretariat_client, body):
    Person.objects.create(full_name="Nguyễn Văn An")
    Person.objects.create(full_name="Nguyễn  văn an")
    page = secretariat_client.post(
        body_url(body), body_data(body, names="Nguyễn Văn An")
    ).content.decode()
    assert "có nhiều người tên Nguyễn Văn An" in page
    assert not body.mandates.exists()


@pytest.mark.parametrize("role", ["Writer", "Editor", "Leadership", "Administrator"])
def test_other_roles_read_but_do_not_edit(client, staff, congress, body, role):
    user = staff(role)
    client.force_login(user)
    with translation.override("vi"):
        change = reverse("admin:congresses_congress_change", args=[congress.pk])
        assert client.get(reverse("admin:congresses_congress_changelist")).status_code == 200
        assert client.get(change).status_code == 200
        assert client.get(reverse("admin:congresses_congress_add")).status_code == 403
        assert client.post(change, congress_data(congress.union)).status_code == 403
        assert client.get(reverse("admin:congresses_person_changelist")).status_code == 200
        body_page = client.get(reverse("admin:congresses_electedbody_change", args=[body.pk]))
        assert body_page.status_code == 200
        assert 'name="names"' not in body_page.content.decode()
    assert user.has_perm("congresses.view_mandate")
    assert not user.has_perm("congresses.change_mandate")


def test_secretariat_edits_everything(staff):
    user = staff("Secretariat")
    for model in (
        "congress",
        "electedbody",
        "mandate",
        "person",
        "congressdocument",
        "congressphoto",
    ):
        for action in ("view", "add", "change", "delete"):
            assert user.has_perm(f"congresses.{action}_{model}")


def test_admin_pages_render(secretariat_client, body):
    add_mandate(body, "Trần Công Thắng", P.PRESIDENT)
    with translation.override("vi"):
        for url in (
            reverse("admin:congresses_congress_changelist"),
            reverse("admin:congresses_congress_add"),
            reverse("admin:congresses_congress_change", args=[body.congress_id]),
            reverse("admin:congresses_electedbody_changelist"),
            reverse("admin:congresses_electedbody_change", args=[body.pk]),
            reverse("admin:congresses_person_changelist"),
            reverse("admin:congresses_person_change", args=[Person.objects.get().pk]),
        ):
            assert secretariat_client.get(url).status_code == 200, url
        # The person autocomplete of a mandate row finds people by name.
        found = secretariat_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "congresses",
                "model_name": "mandate",
                "field_name": "person",
                "term": "Trần",
            },
        ).json()
        assert [r["text"] for r in found["results"]] == ["Trần Công Thắng"]
