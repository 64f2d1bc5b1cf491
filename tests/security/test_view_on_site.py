"""The admin's "view on site" shortcut (`r/<content type>/<id>/`): no slug of an object a staff
member cannot see, the staff preview for drafts, and a 404 (never a 500) for an object with no
address in the language of the admin."""

import pytest
from django.contrib.contenttypes.models import ContentType

from aid.models import AidProject
from news.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def shortcut(obj, language="vi"):
    content_type = ContentType.objects.get_for_model(obj)
    return f"/{language}/admin/r/{content_type.pk}/{obj.pk}/"


@pytest.fixture
def writer(db):
    return factories.staff_user("writer1", "Writer")


@pytest.fixture
def editor(db):
    return factories.staff_user("editor1", "Editor")


def test_no_slug_of_a_draft_the_staff_member_cannot_see(client, writer, category):
    other = factories.staff_user("writer2", "Writer")
    draft = factories.article(
        category=category,
        title_vi="Bản thảo bí mật",
        slug_vi="ban-thao-bi-mat",
        status=Article.Status.DRAFT,
        created_by=other,
    )
    client.force_login(writer)
    response = client.get(shortcut(draft))
    assert response.status_code == 404
    assert "ban-thao-bi-mat" not in response.get("Location", "")
    assert b"ban-thao-bi-mat" not in response.content


def test_no_address_of_a_model_the_role_cannot_read(client, writer):
    project = AidProject.objects.create(
        reference="KIN-2026-07",
        title_vi="Dự án chưa công bố",
        kind="project",
        year=2026,
        is_published=False,
    )
    client.force_login(writer)  # Writers have no permission on aid
    response = client.get(shortcut(project))
    assert response.status_code == 404
    assert "KIN-2026-07" not in response.get("Location", "")


def test_a_draft_goes_to_the_staff_preview(client, editor, writer, category):
    draft = factories.article(
        category=category, slug_vi="ban-thao", status=Article.Status.DRAFT, created_by=writer
    )
    for user in (editor, writer):  # the Editor, and the Writer whose draft it is
        client.force_login(user)
        response = client.get(shortcut(draft))
        assert response.status_code == 302
        assert response["Location"] == f"/vi/admin/news/article/{draft.pk}/preview/"


def test_a_published_article_goes_to_its_page(client, editor, category):
    article = factories.article(category=category, slug_vi="da-dang", slug_en="published")
    client.force_login(editor)
    assert client.get(shortcut(article))["Location"] == "/vi/tin-tuc/da-dang/"
    assert client.get(shortcut(article, "en"))["Location"] == "/en/news/published/"


def test_no_address_in_this_language_is_a_404(client, editor, category):
    article = factories.article(category=category, title_en="", slug_vi="chi-tieng-viet")
    assert article.slug_en is None
    client.force_login(editor)
    assert client.get(shortcut(article))["Location"] == "/vi/tin-tuc/chi-tieng-viet/"
    response = client.get(shortcut(article, "en"))
    assert response.status_code == 404


def test_unknown_objects_are_404(client, editor, category):
    client.force_login(editor)
    article_type = ContentType.objects.get_for_model(Article).pk
    for path in (f"r/{article_type}/999999/", f"r/{article_type}/abc/", "r/999999/1/"):
        assert client.get(f"/vi/admin/{path}").status_code == 404
