"""The calendar's admin: who edits, an event entered in Vietnam time, the articles, revisions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Event
from portal.models import Revision
from tests import factories

from .conftest import local

pytestmark = pytest.mark.django_db


def admin_url(name, *args, language="vi"):
    with translation.override(language):
        return reverse(f"admin:events_event_{name}", args=args)


def event_data(union, **fields):
    return {
        "kind": "delegation",
        "title_vi": "Đón đoàn đại biểu tỉnh Luang Prabang",
        "title_en": "Welcoming a delegation from Luang Prabang",
        "summary_vi": "",
        "summary_en": "",
        "description_vi": "",
        "description_en": "",
        # The admin's widgets in Vietnamese: day/month/year, and the hour in Vietnam time.
        "starts_at_0": "10/03/2027",
        "starts_at_1": "08:30",
        "ends_at_0": "12/03/2027",
        "ends_at_1": "16:00",
        "place_vi": "Bắc Giang",
        "place_en": "Bắc Giang",
        "union": str(union.pk),
        "association": "",
        "is_published": "on",
        "slug": "",
        "note": "",
        **fields,
    }


def test_the_secretariat_enters_an_event_in_vietnam_time(client, staff, home_union):
    user = staff("Secretariat")
    client.force_login(user)
    response = client.post(admin_url("add"), event_data(home_union))
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert event.local_start == local(2027, 3, 10, 8, 30)
    assert event.starts_at == datetime.datetime(2027, 3, 10, 1, 30, tzinfo=datetime.UTC)
    assert event.slug == "don-doan-dai-bieu-tinh-luang-prabang"
    assert Revision.objects.filter(object_id=event.pk, user=user).count() == 1
    # Its history and the shortcut to the public page.
    assert client.get(admin_url("revisions", event.pk)).status_code == 200
    # The Secretariat sees the linked articles but does not pick them (no access to articles).
    page = client.get(admin_url("change", event.pk)).content.decode()
    assert 'name="articles"' not in page


def test_form_errors_are_in_the_staffs_language(client, staff, home_union):
    client.force_login(staff("Secretariat"))
    data = {**event_data(home_union, ends_at_0="09/03/2027"), "union": ""}
    response = client.post(admin_url("add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Sự kiện không thể kết thúc trước khi bắt đầu." in errors["ends_at"]
    assert "Chọn đơn vị tổ chức: một liên hiệp hoặc một hội hữu nghị." in errors["union"]
    response = client.post(admin_url("add", language="en"), data)
    errors = response.context["adminform"].form.errors
    assert "The event cannot end before it starts." in errors["ends_at"]


def test_an_all_day_event_ignores_the_hours(client, staff, home_union):
    client.force_login(staff("Editor"))
    data = event_data(home_union, all_day="on", starts_at_1="15:00", ends_at_0="10/03/2027")
    data["ends_at_1"] = "09:00"  # before the start's hour: the same day, so no error
    assert client.post(admin_url("add"), data).status_code == 302
    event = Event.objects.get()
    assert event.local_start == local(2027, 3, 10) and event.end_date == datetime.date(2027, 3, 10)


def test_editors_link_the_articles_written_about_an_event(client, staff, home_union, category):
    article = factories.article(category, title_vi="Đoàn Luang Prabang thăm Bắc Giang")
    user = staff("Editor")
    client.force_login(user)
    assert client.post(admin_url("add"), event_data(home_union)).status_code == 302
    event = Event.objects.get()
    data = event_data(home_union, articles=[str(article.pk)])
    response = client.post(admin_url("change", event.pk), data)
    assert response.status_code == 302
    assert list(event.articles.all()) == [article]
    # The articles' autocomplete answers the Editor.
    with translation.override("vi"):
        autocomplete = reverse("admin:autocomplete")
    found = client.get(
        autocomplete,
        {
            "term": "luang",
            "app_label": "events",
            "model_name": "event",
            "field_name": "articles",
        },
    )
    assert found.status_code == 200 and str(article.pk) in found.content.decode()
    # Two revisions, the second with the article.
    revisions = Revision.objects.filter(object_id=event.pk).order_by("number")
    assert [r.data["articles"] for r in revisions] == [[], [article.pk]]


@pytest.mark.parametrize("role", ["Writer", "Leadership", "Administrator"])
def test_the_other_roles_read_the_calendar(client, staff, home_union, make_event, role):
    event = make_event(local(2027, 3, 10, 8, 30))
    client.force_login(staff(role))
    assert client.get(admin_url("changelist")).status_code == 200
    assert client.get(admin_url("add")).status_code == 403
    response = client.get(admin_url("change", event.pk))
    assert response.status_code == 200 and not response.context["has_change_permission"]
    assert client.post(admin_url("change", event.pk), event_data(home_union)).status_code == 403
