"""Writers draft and send for review; only Editors publish, by any path."""

import pytest

from news.models import Article
from portal import revisions
from tests.factories import article_form_data

pytestmark = pytest.mark.django_db

ADD = "/vi/admin/news/article/add/"
LIST = "/vi/admin/news/article/"


def test_writer_creates_a_draft_and_sends_it_for_review(client, writer, category, jpeg_upload):
    client.force_login(writer)
    response = client.post(ADD, article_form_data(category, cover=jpeg_upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.created_by == writer and article.status == Article.Status.DRAFT
    assert article.cover.name.startswith("news/")
    assert revisions.history(article).count() == 1
    response = client.post(LIST, {"action": "send_for_review", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_writer_cannot_publish_through_the_form(client, writer, category):
    client.force_login(writer)
    response = client.post(ADD, article_form_data(category, status="published"))
    assert response.status_code == 200  # the form comes back with an error
    assert Article.objects.count() == 0
    client.post(ADD, article_form_data(category))
    article = Article.objects.get()
    change = f"/vi/admin/news/article/{article.pk}/change/"
    for status in ("published", "archived"):
        client.post(change, article_form_data(category, status=status))
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
    # The highlight flag and the time of publication are read-only for a Writer.
    client.post(
        change,
        article_form_data(
            category, is_highlight="on", published_at_0="01/01/2024", published_at_1="08:00"
        ),
    )
    article.refresh_from_db()
    assert not article.is_highlight and article.published_at is None


def test_writer_cannot_publish_through_actions_or_bulk_edit(client, writer, make_article):
    article = make_article(status=Article.Status.DRAFT, created_by=writer)
    client.force_login(writer)
    for action in ("publish", "archive", "unpublish"):
        client.post(LIST, {"action": action, "_selected_action": [article.pk]})
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
    # A hand-made bulk edit of the change list.
    client.post(
        LIST,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": article.pk,
            "form-0-status": "published",
            "_save": "Save",
        },
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    html = client.get(LIST).content.decode()
    assert 'value="publish"' not in html and 'value="send_for_review"' in html


def test_writer_sees_and_edits_only_own_drafts(client, writer, other_writer, make_article):
    mine = make_article(status=Article.Status.DRAFT, created_by=writer, title_vi="Bài của tôi")
    theirs = make_article(
        status=Article.Status.DRAFT, created_by=other_writer, title_vi="Bài người khác"
    )
    published = make_article(created_by=writer, title_vi="Bài đã đăng")
    client.force_login(writer)
    html = client.get(LIST).content.decode()
    assert "Bài của tôi" in html and "Bài người khác" not in html
    assert client.get(f"/vi/admin/news/article/{theirs.pk}/change/").status_code == 302
    response = client.post(f"/vi/admin/news/article/{published.pk}/change/", {"title_vi": "Sửa"})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title_vi == "Bài đã đăng"
    assert client.get(f"/vi/admin/news/article/{mine.pk}/change/").status_code == 200


def test_editor_publishes_schedules_unpublishes_archives(client, editor, writer, make_article):
    article = make_article(status=Article.Status.REVIEW, created_by=writer, published_at=None)
    client.force_login(editor)
    client.post(LIST, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at is not None
    assert client.get(f"/vi/tin-tuc/{article.slug_vi}/").status_code == 200
    client.post(LIST, {"action": "unpublish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    client.post(LIST, {"action": "archive", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.ARCHIVED
    assert [r.data["status"] for r in revisions.history(article).order_by("number")][-3:] == [
        "published",
        "draft",
        "archived",
    ]


def test_editor_schedules_with_a_future_time(client, editor, category):
    client.force_login(editor)
    response = client.post(
        ADD,
        article_form_data(
            category, status="published", published_at_0="01/01/2099", published_at_1="08:00"
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.is_scheduled
    assert client.get(f"/vi/tin-tuc/{article.slug_vi}/").status_code == 404


def test_revisions_record_who_and_what_and_editor_restores(client, writer, editor, category):
    client.force_login(writer)
    client.post(ADD, article_form_data(category, title_vi="Tiêu đề đầu tiên"))
    article = Article.objects.get()
    client.post(
        f"/vi/admin/news/article/{article.pk}/change/",
        article_form_data(category, title_vi="Tiêu đề thứ hai", slug_vi=article.slug_vi),
    )
    first, second = revisions.history(article).order_by("number")
    assert second.user == writer and "title_vi" in second.changed_fields
    html = client.get(f"/vi/admin/news/article/{article.pk}/revisions/").content.decode()
    assert "tiêu đề [vi]" in html and "writer1" in html
    assert "Khôi phục" not in html  # Writers cannot restore
    restore = f"/vi/admin/news/article/{article.pk}/revisions/{first.number}/restore/"
    assert client.post(restore).status_code == 403
    client.force_login(editor)
    assert client.post(restore).status_code == 302
    article.refresh_from_db()
    assert article.title_vi == "Tiêu đề đầu tiên"
    latest = revisions.history(article).first()
    assert latest.user == editor and "#1" in latest.note


def test_staff_preview_of_a_draft(client, writer, other_writer, make_article):
    draft = make_article(
        status=Article.Status.DRAFT, created_by=writer, title_vi="Bản nháp xem trước"
    )
    assert client.get(f"/vi/tin-tuc/{draft.slug_vi}/").status_code == 404
    preview = f"/vi/admin/news/article/{draft.pk}/preview/"
    assert client.get(preview).status_code == 302  # to the login page
    client.force_login(writer)
    response = client.get(preview)
    html = response.content.decode()
    assert response.status_code == 200 and "Bản nháp xem trước" in html
    assert "Xem trước: bài viết chưa công khai" in html and 'content="noindex"' in html
    client.force_login(other_writer)
    assert client.get(preview).status_code == 404


def test_revision_model_records_changes(make_article, editor):
    article = make_article()
    first = revisions.record(article, editor)
    assert revisions.record(article, editor) == first  # nothing changed, nothing recorded
    article.title_vi = "Khác"
    article.save()
    second = revisions.record(article, editor)
    assert second.number == 2
    assert "title_vi" in second.changed_fields and "body_vi" not in second.changed_fields
