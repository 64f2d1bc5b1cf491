"""E-mail notifications through the queue, delivered to a real SMTP server (aiosmtpd) on a
loopback port: who gets what, in which language, with working links; an SMTP outage that
neither fails nor loses anything; and no applicant's personal data in the logs."""

import io
import logging
import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import transaction
from mailer.models import Message

from members.models import Association, MembershipApplication
from news.models import Article, Comment
from portal import notifications
from portal.models import NotificationPreference
from tests import factories
from tests.smtp import SITE, smtp_fixture  # noqa: F401 (the smtp fixture)

pytestmark = pytest.mark.django_db


def deliver():
    call_command("send_mail", stdout=io.StringIO())


def parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def links(html):
    return re.findall(r'href="([^"]+)"', html)


def path_of(url):
    assert url.startswith(SITE + "/"), url
    return url[len(SITE) :]


@pytest.fixture
def associations(home_union):
    from members import demo as members_demo

    members_demo.load(io.StringIO())
    return Association.objects.get(slug="viet-lao")


def join_data(association, **overrides):
    return {
        "association": association.pk,
        "full_name": "Trịnh Thị Thư Tín",
        "email": "thu.tin.5521@example.org",
        "phone": "0987 552 155",
        "birth_year": "1990",
        "occupation": "Giáo viên",
        "motivation": "Tôi muốn kết bạn.",
        "consent": "on",
        "website": "",
        **overrides,
    }


def test_join_application_mails_the_secretariat_and_acknowledges_in_the_applicants_language(
    client, smtp, associations
):
    response = client.post("/en/join/", join_data(associations))
    assert response.status_code == 302
    application = MembershipApplication.objects.get(email="thu.tin.5521@example.org")
    assert application.language == "en"
    deliver()

    (ack,) = smtp.inbox.to("thu.tin.5521@example.org")
    text, html = parts(ack)
    assert ack["Subject"] == "We have received your application"
    assert 'lang="en"' in html and "has been received" not in text
    assert "we have received your application" in text
    assert f"{SITE}/en/" in text

    (notice,) = smtp.inbox.to("secretariat@example.org")
    text, html = parts(notice)
    assert "Trịnh Thị Thư Tín" not in text + html  # the name stays in the admin
    admin_link = next(u for u in links(html) if "/admin/" in u)
    assert admin_link in text
    client.force_login(factories.staff_user("secretary", "Secretariat"))
    assert client.get(path_of(admin_link)).status_code == 200


def test_a_vietnamese_applicant_hears_in_vietnamese_and_of_the_decision(
    client, smtp, associations, admin_user
):
    client.post("/vi/gia-nhap/", join_data(associations))
    application = MembershipApplication.objects.get(email="thu.tin.5521@example.org")
    assert application.language == "vi"
    client.force_login(admin_user)
    client.post(
        "/vi/admin/members/membershipapplication/",
        {"action": "reject", "_selected_action": [application.pk]},
    )
    deliver()
    to_applicant = smtp.inbox.to("thu.tin.5521@example.org")
    assert len(to_applicant) == 2
    for message in to_applicant:
        text, html = parts(message)
        assert 'lang="vi"' in html and f"{SITE}/vi/" in text
    assert MembershipApplication.objects.get(email="thu.tin.5521@example.org").status == "rejected"


def test_with_smtp_down_the_action_succeeds_the_mail_waits_and_is_delivered_once_later(
    client, smtp, associations
):
    smtp.stop()
    response = client.post("/en/join/", join_data(associations))
    assert response.status_code == 302
    assert MembershipApplication.objects.filter(email="thu.tin.5521@example.org").exists()
    assert Message.objects.count() == 2
    deliver()
    assert Message.objects.deferred().count() == 2
    waiting = notifications.undelivered_mail()
    assert waiting["count"] == 2 and waiting["oldest"] is not None
    assert smtp.inbox.messages == []

    smtp.start()
    call_command("retry_deferred", stdout=io.StringIO())
    deliver()
    deliver()
    assert len(smtp.inbox.messages) == 2
    assert len(smtp.inbox.to("thu.tin.5521@example.org")) == 1
    assert Message.objects.count() == 0
    assert notifications.undelivered_mail()["count"] == 0


def test_a_rolled_back_action_leaves_no_mail(smtp, associations):
    application = MembershipApplication(
        association=associations, full_name="X", email="x@example.org", motivation="-"
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        application.save()
        notifications.application_received(application)
        assert Message.objects.count() == 2
        raise RuntimeError
    assert Message.objects.count() == 0


def test_no_applicant_data_in_the_logs(client, smtp, associations, caplog):
    caplog.set_level(logging.INFO)
    client.post("/en/join/", join_data(associations))
    smtp.stop()
    deliver()  # deferred: the failure is logged
    smtp.start()
    call_command("retry_deferred", stdout=io.StringIO())
    deliver()
    assert len(smtp.inbox.messages) == 2
    # mail.log is the test's own SMTP server, not the portal.
    logged = "\n".join(
        r.getMessage() + repr(r.__dict__) for r in caplog.records if r.name != "mail.log"
    )
    for secret in ("Trịnh Thị Thư Tín", "thu.tin.5521@example.org", "0987 552 155"):
        assert secret not in logged


@pytest.fixture
def newsroom(db, category):
    writer = factories.staff_user("writer1", "Writer", email="writer@example.org")
    editor = factories.staff_user("editor1", "Editor", email="editor@example.org")
    quiet = factories.staff_user("editor2", "Editor", email="quiet@example.org")
    NotificationPreference.objects.create(user=quiet, article_review=False, comment_digest=False)
    NotificationPreference.objects.create(user=writer, language="en")
    return writer, editor


def test_submit_publish_and_return_mail_the_editor_then_the_writer(client, smtp, newsroom):
    writer, editor = newsroom
    article = factories.article(
        title_vi="Bài gửi duyệt", title_en="Sent for review", status="draft", published_at=None
    )
    Article.objects.filter(pk=article.pk).update(created_by=writer)
    client.force_login(writer)
    client.post(
        "/vi/admin/news/article/",
        {"action": "send_for_review", "_selected_action": [article.pk]},
    )
    deliver()
    (review,) = smtp.inbox.messages
    assert review["To"] == "editor@example.org"  # the other Editor turned it off
    text, html = parts(review)
    assert "Bài gửi duyệt" in text and 'lang="vi"' in html
    (link,) = [u for u in links(html) if "/admin/" in u]
    client.force_login(editor)
    assert client.get(path_of(link)).status_code == 200

    client.post("/vi/admin/news/article/", {"action": "publish", "_selected_action": [article.pk]})
    deliver()
    (published,) = smtp.inbox.to("writer@example.org")
    text, html = parts(published)
    assert "Sent for review" in text and 'lang="en"' in html  # the writer reads English
    public = [u for u in links(html) if "/en/" in u and "/admin/" not in u][0]
    client.logout()
    assert client.get(path_of(public)).status_code == 200

    Article.objects.filter(pk=article.pk).update(status="review")
    article.refresh_from_db()
    notifications.article_decided(article, "article_returned", "Thêm ảnh, xin cảm ơn.")
    deliver()
    returned = smtp.inbox.to("writer@example.org")[-1]
    text, html = parts(returned)
    assert "Thêm ảnh, xin cảm ơn." in text and "Thêm ảnh, xin cảm ơn." in html


def test_editor_returns_an_article_with_a_note_through_the_form(client, smtp, newsroom, category):
    writer, editor = newsroom
    article = factories.article(title_vi="Bài cần sửa", status="review", category=category)
    Article.objects.filter(pk=article.pk).update(created_by=writer)
    client.force_login(editor)
    page = client.get(f"/vi/admin/news/article/{article.pk}/change/")
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or name in ("cover", "video_file"):
            continue
        data[name] = (
            [v.pk if hasattr(v, "pk") else v for v in value] if isinstance(value, list) else value
        )
    data.update({"status": "draft", "return_note": "Cần thêm nguồn tin."})
    response = client.post(f"/vi/admin/news/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    deliver()
    (returned,) = smtp.inbox.to("writer@example.org")
    assert "Cần thêm nguồn tin." in parts(returned)[0]
    # The note stays with the article: the writer reads it on the form and in their queue.
    article.refresh_from_db()
    assert article.returned_at is not None and article.editor_note == "Cần thêm nguồn tin."
    client.force_login(writer)
    assert "Cần thêm nguồn tin." in client.get(f"/vi/admin/news/article/{article.pk}/change/").text
    assert 'data-key="my_returned"' in client.get("/vi/admin/").text
    # Sent for review again, it is no longer "returned".
    client.post(
        "/vi/admin/news/article/", {"action": "send_for_review", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == "review" and article.returned_at is None and not article.editor_note


def test_comments_are_digested_once_an_hour_not_mailed_one_by_one(smtp, newsroom):
    item = factories.article(title_vi="Bài có ý kiến")
    for n in range(3):
        Comment.objects.create(article=item, name=f"Bạn đọc {n}", email="", body="Hay")
    assert Message.objects.count() == 0  # no mail per comment
    call_command("send_comment_digest", stdout=io.StringIO())
    call_command("send_comment_digest", stdout=io.StringIO())  # nothing new: no mail
    deliver()
    (digest,) = smtp.inbox.messages
    assert digest["To"] == "editor@example.org"
    text, html = parts(digest)
    assert "Bài có ý kiến: 3" in text
    Comment.objects.create(article=item, name="Bạn đọc 9", email="", body="Tốt")
    call_command("send_comment_digest", stdout=io.StringIO())
    deliver()
    assert len(smtp.inbox.messages) == 2
    assert "Bài có ý kiến: 1" in parts(smtp.inbox.messages[-1])[0]


def test_a_staff_member_turns_a_kind_off_on_their_own_page(client, smtp, newsroom):
    writer, editor = newsroom
    client.force_login(editor)
    page = client.get("/en/admin/")
    assert 'href="/en/admin/notifications/"' in page.content.decode()
    response = client.post(
        "/en/admin/notifications/",
        {"language": "en", "article_decision": "on", "application_received": "on"},
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=editor)
    assert preference.language == "en" and not preference.article_review
    article = factories.article(title_vi="Bài mới", status="draft", published_at=None)
    Article.objects.filter(pk=article.pk).update(created_by=writer)
    client.force_login(writer)
    client.post(
        "/vi/admin/news/article/", {"action": "send_for_review", "_selected_action": [article.pk]}
    )
    assert Article.objects.get(pk=article.pk).status == "review"
    deliver()
    assert smtp.inbox.messages == []  # both Editors turned it off


@pytest.mark.parametrize(
    ("environment", "backend"),
    [
        ({}, "django.core.mail.backends.console.EmailBackend"),
        ({"EMAIL_HOST": "smtp.example.vn"}, "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_without_email_host_mail_goes_to_the_console(environment, backend):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_", "DATABASE"))
    }
    env.update(DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="portal.settings", **environment)
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.MAILER_EMAIL_BACKEND, s.SITE_URL)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["mailer.backend.DbBackend", backend, "http://127.0.0.1:8000"]
