"""Public forms: CSRF enforced, rate-limited per address (proxy-aware), errors in the
reader's language. The forms: readers' comments, the join form, the admin login."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from members.models import Association, MembershipApplication
from members.views import JOIN_RATE_LIMIT
from news.models import Comment
from news.views import COMMENT_LIMIT
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    return factories.article(title_vi="Gặp mặt hữu nghị", title_en="Friendship meeting")


@pytest.fixture
def association(home_union):
    return Association.objects.create(name="Hội Việt - Lào", slug="viet-lao", union=home_union)


def url(name, language, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def comment_data(**extra):
    return {
        "name": "Nguyễn Văn An",
        "email": "an@example.vn",
        "body": "Bài viết rất hay!",
        "consent": "on",
        **extra,
    }


def join_data(association, **extra):
    return {
        "association": str(association.pk),
        "full_name": "Vũ Thị Ứng Viên",
        "email": "ung.vien@example.org",
        "phone": "",
        "birth_year": "1995",
        "occupation": "Sinh viên",
        "motivation": "Tôi muốn giao lưu với bạn bè Lào.",
        "consent": "on",
        "website": "",
        **extra,
    }


def in_language(msgid, language):
    with translation.override(language):
        return escape(gettext(msgid))


# CSRF -------------------------------------------------------------------------------------


def _form_token(client, page_url):
    page = client.get(page_url)
    assert page.status_code == 200
    return page.context["csrf_token"] if page.context else client.cookies["csrftoken"].value


@pytest.mark.parametrize("language", ["vi", "en"])
def test_csrf_is_enforced_on_every_public_form(article, association, language):
    browser = Client(enforce_csrf_checks=True)
    forms = [
        (
            article.get_absolute_url(language),
            url("news:comment", language, slug=article.slug_for(language)),
            comment_data(),
        ),
        (url("members:join", language), url("members:join", language), join_data(association)),
        (
            url("admin:login", language),
            url("admin:login", language),
            {"username": "nobody", "password": "wrong-password-123"},
        ),
    ]
    for page_url, post_url, data in forms:
        # Without the token (as a forged cross-site form would send it): refused.
        browser.cookies.clear()
        browser.get(page_url)
        refused = browser.post(post_url, data)
        assert refused.status_code == 403, post_url
        assert in_language("The form could not be sent", language) in refused.content.decode()
        # With the token the page gave: accepted, or answered on its merits.
        token = _form_token(browser, page_url)
        accepted = browser.post(post_url, {**data, "csrfmiddlewaretoken": token})
        assert accepted.status_code in (200, 302), post_url
    assert Comment.objects.count() == 1
    assert MembershipApplication.objects.count() == 1


# Rate limits ------------------------------------------------------------------------------


def test_news_comments_use_the_proxy_aware_client_address(client, article, settings):
    """Two readers behind one reverse proxy are limited separately; a forged header is not
    a way around the limit."""
    settings.TRUSTED_PROXY_COUNT = 1
    post_url = url("news:comment", "vi", slug=article.slug_vi)
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(COMMENT_LIMIT):
        response = client.post(
            post_url, comment_data(), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
        )
        assert response.status_code == 302
    limited = client.post(post_url, comment_data(), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert limited.status_code == 429
    # The same reader forging an extra address in front: the proxy's entry still counts.
    forged = client.post(
        post_url, comment_data(), HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", **proxy
    )
    assert forged.status_code == 429
    other = client.post(post_url, comment_data(), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert other.status_code == 302
    assert Comment.objects.count() == COMMENT_LIMIT + 1


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, article, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    post_url = url("news:comment", "vi", slug=article.slug_vi)
    for n in range(COMMENT_LIMIT):
        response = client.post(
            post_url, comment_data(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}", REMOTE_ADDR="10.0.0.9"
        )
        assert response.status_code == 302
    response = client.post(
        post_url, comment_data(), HTTP_X_FORWARDED_FOR="198.51.100.99", REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429


def test_join_form_is_limited_per_proxy_aware_address(client, association, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    join_url = url("members:join", "en")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(JOIN_RATE_LIMIT):
        response = client.post(
            join_url,
            join_data(association, full_name=f"Người {n}"),
            HTTP_X_FORWARDED_FOR="203.0.113.5",
            **proxy,
        )
        assert response.status_code == 302
    limited = client.post(
        join_url, join_data(association), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
    )
    assert limited.status_code == 429
    other = client.post(
        join_url, join_data(association), HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert other.status_code == 302
    assert MembershipApplication.objects.count() == JOIN_RATE_LIMIT + 1


def test_the_limiter_keeps_no_address(client, article):
    from django.core.cache import cache

    client.post(
        url("news:comment", "vi", slug=article.slug_vi), comment_data(), REMOTE_ADDR="192.0.2.77"
    )
    if not hasattr(cache, "_cache"):
        pytest.skip("the keys of the local-memory cache are read here")
    keys = list(cache._cache.keys())
    assert any("ratelimit:comments:" in key for key in keys)
    assert not any("192.0.2.77" in key for key in keys)


# Errors in the reader's language ----------------------------------------------------------


@pytest.mark.parametrize("language", ["vi", "en"])
def test_comment_errors_in_the_readers_language(client, article, language):
    post_url = url("news:comment", language, slug=article.slug_for(language))
    response = client.post(post_url, comment_data(email="not-an-email", body="a"))
    assert response.status_code == 400
    html = response.content.decode()
    assert in_language("Enter a valid email address.", language) in html
    assert in_language("Please write a little more.", language) in html
    assert "Nguyễn Văn An" in html  # what was typed stays
    for _ in range(COMMENT_LIMIT):
        client.post(post_url, comment_data())
    limited = client.post(post_url, comment_data())
    assert limited.status_code == 429
    message = "You have sent several comments in a short time. Please try again later."
    assert in_language(message, language) in limited.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_join_errors_in_the_readers_language(client, association, language):
    join_url = url("members:join", language)
    response = client.post(
        join_url, join_data(association, consent="", email="x", birth_year="năm")
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in (
        "Please give your consent: we cannot review the application without it.",
        "Enter a valid email address, e.g. name@example.com.",
        "Enter the year as a number, e.g. 1985.",
    ):
        assert in_language(message, language) in html, message
    assert "Vũ Thị Ứng Viên" in html
    for n in range(JOIN_RATE_LIMIT):
        client.post(join_url, join_data(association, full_name=f"Người {n}"))
    limited = client.post(join_url, join_data(association))
    assert limited.status_code == 429
    message = "Too many applications from your connection. Please try again in an hour."
    assert in_language(message, language) in limited.content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_admin_login_errors_in_the_readers_language(client, language):
    factories.staff_user("staff", password="a-long-pass-12345")
    response = client.post(
        url("admin:login", language), {"username": "staff", "password": "wrong-pass-12345"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    with translation.override(language):
        expected = gettext(
            "Please enter the correct %(username)s and password for a staff "
            "account. Note that both fields may be case-sensitive."
        )
    assert escape(expected.split("%(username)s")[0].strip()) in html


def test_messages_really_differ_between_the_languages():
    """Control: each message checked above has a Vietnamese translation."""
    for msgid in (
        "The form could not be sent",
        "Please write a little more.",
        "Enter a valid email address.",
        "Too many applications from your connection. Please try again in an hour.",
        "You have sent several comments in a short time. Please try again later.",
    ):
        assert in_language(msgid, "vi") != in_language(msgid, "en"), msgid
    assert settings.LANGUAGE_CODE == "vi"
