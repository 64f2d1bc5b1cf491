"""Readers' comments: held for moderation, honeypot, rate limit, plain text."""

import pytest

from news.models import Comment

pytestmark = pytest.mark.django_db


def post(client, article, address="10.0.0.1", **data):
    payload = {
        "name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "body": "Bài viết rất hay!",
        "consent": "on",
    }
    payload.update(data)
    return client.post(f"/vi/tin-tuc/{article.slug_vi}/y-kien/", payload, REMOTE_ADDR=address)


def test_comment_waits_for_approval_then_appears(client, make_article, editor):
    article = make_article()
    response = post(client, article, body="<b>Ý kiến</b> của tôi")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    page = client.get(f"/vi/tin-tuc/{article.slug_vi}/").content.decode()
    assert "Ý kiến</b> của tôi" not in page and "Ý kiến&lt;/b&gt;" not in page
    client.force_login(editor)
    client.post(
        "/vi/admin/news/comment/",
        {"action": "approve", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    client.logout()
    page = client.get(f"/vi/tin-tuc/{article.slug_vi}/").content.decode()
    assert "&lt;b&gt;Ý kiến&lt;/b&gt; của tôi" in page  # plain text, escaped
    assert "an@example.vn" not in page


def test_honeypot_is_silently_dropped(client, make_article):
    article = make_article()
    response = post(client, article, website="http://spam.example")
    assert response.status_code == 302
    assert Comment.objects.count() == 0


def test_rate_limit_per_address(client, make_article):
    article = make_article()
    for _ in range(3):
        assert post(client, article).status_code == 302
    response = post(client, article)
    assert response.status_code == 429
    assert "thời gian ngắn" in response.content.decode()
    assert post(client, article, address="10.0.0.2").status_code == 302
    assert Comment.objects.count() == 4


def test_invalid_comment_keeps_what_was_typed(client, make_article):
    article = make_article()
    response = post(client, article, email="not-an-email", body="Nội dung giữ lại")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nội dung giữ lại" in html and "errorlist" in html
    assert Comment.objects.count() == 0


def test_comments_only_on_public_articles(client, make_article):
    from news.models import Article

    draft = make_article(status=Article.Status.DRAFT)
    assert post(client, draft).status_code == 404
    assert client.get(f"/vi/tin-tuc/{draft.slug_vi}/y-kien/").status_code == 405
