"""A Writer sends for review, the Editor gets the mail, follows its link and publishes, the
Writer gets the mail and follows its link to the public article (real SMTP server)."""

import io
import re

import pytest
from django.core.management import call_command

from tests import factories
from tests.security.helpers import authenticator, browser_form_login
from tests.smtp import use_smtp_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-pass-2026!"


def _run_action(page, title, action):
    row = page.locator("#result_list tr", has_text=title)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


def _deliver():
    call_command("send_mail", stdout=io.StringIO())


def _link(message, contains):
    html = message.get_body(("html",)).get_content()
    return next(u for u in re.findall(r'href="([^"]+)"', html) if contains in u)


def test_submit_mail_publish_mail(live_server, browser, settings, category):
    from news.models import Article
    from portal.roles import sync_role_permissions
    from unions import demo as unions_demo

    unions_demo.load(io.StringIO())
    sync_role_permissions()  # transaction=True flushed the permissions post_migrate gave
    base = live_server.url
    smtp = use_smtp_server(settings, site=base)
    try:
        writer = factories.staff_user("writer", "Writer", PASSWORD, email="writer@example.org")
        editor_device = authenticator(
            factories.staff_user("editor", "Editor", PASSWORD, email="editor@example.org")
        )
        article = factories.article(
            category=category,
            title_vi="Giao lưu hữu nghị mùa xuân",
            title_en="A spring friendship meeting",
            status="draft",
            published_at=None,
        )
        Article.objects.filter(pk=article.pk).update(created_by=writer)

        # 1. The Writer sends the draft for review.
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        browser_form_login(page, base, "writer", PASSWORD, "/vi/admin/news/article/")
        _run_action(page, "Giao lưu hữu nghị mùa xuân", "send_for_review")
        page.wait_for_load_state()
        context.close()
        assert Article.objects.get(pk=article.pk).status == "review"

        # 2. The Editor gets the mail, follows its link, and publishes.
        _deliver()
        (review,) = smtp.inbox.to("editor@example.org")
        link = _link(review, "/admin/news/article/")
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        path = link[len(base) :]
        browser_form_login(page, base, "editor", PASSWORD, path, editor_device)
        assert page.locator("#id_title_vi").input_value() == "Giao lưu hữu nghị mùa xuân"
        page.goto(f"{base}/vi/admin/news/article/")
        _run_action(page, "Giao lưu hữu nghị mùa xuân", "publish")
        page.wait_for_load_state()
        context.close()
        assert Article.objects.get(pk=article.pk).status == "published"

        # 3. The Writer gets the mail and reads the article on the site through its link.
        _deliver()
        (published,) = smtp.inbox.to("writer@example.org")
        public = _link(published, "/vi/")
        context = browser.new_context(locale="vi-VN")
        page = context.new_page()
        page.goto(public)
        assert "Giao lưu hữu nghị mùa xuân" in page.locator("h1").inner_text()
        context.close()
    finally:
        smtp.stop()
