import unicodedata

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_root_sends_reader_to_vietnamese_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/vi/"


def test_root_follows_accept_language(client):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response["Location"] == "/en/"


def test_root_prefers_the_language_cookie_over_the_browser(client):
    client.cookies["lang"] = "vi"
    response = client.get("/", headers={"accept-language": "en"})
    assert response["Location"] == "/vi/"


def test_reading_a_page_remembers_its_language(client):
    response = client.get("/en/")
    assert response.cookies["lang"].value == "en"
    assert client.get("/")["Location"] == "/en/"


@pytest.mark.parametrize(
    ("name", "vi", "en"),
    [
        ("news:index", "/vi/tin-tuc/", "/en/news/"),
        ("unions:about", "/vi/gioi-thieu/", "/en/about/"),
        ("congresses:leadership", "/vi/lanh-dao/", "/en/leadership/"),
        ("aid:overview", "/vi/vien-tro/", "/en/aid/"),
        ("contact", "/vi/lien-he/", "/en/contact/"),
        ("search:results", "/vi/tim-kiem/", "/en/search/"),
    ],
)
def test_path_segments_are_translated(name, vi, en):
    with translation.override("vi"):
        assert reverse(name) == vi
    with translation.override("en"):
        assert reverse(name) == en


def test_page_has_lang_hreflang_and_switcher(client, home_union):
    response = client.get("/vi/lien-he/")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert '<link rel="alternate" hreflang="vi" href="http://testserver/vi/lien-he/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/contact/">' in html
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/vi/lien-he/">' in html
    )
    assert 'href="/en/contact/" hreflang="en" lang="en">English</a>' in html


def test_switcher_says_when_no_version_exists(rf, home_union):
    from django.template.loader import render_to_string

    from portal.i18n import set_alternates

    request = rf.get("/vi/lien-he/")
    with translation.override("vi"):
        set_alternates(request, {"en": None})
        html = render_to_string("base.html", request=request)
    assert "Không có bản English" in html
    assert 'hreflang="en"' not in html


def test_english_page_uses_english_navigation(client, home_union):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    for label in [
        "Home",
        "News & Events",
        "About",
        "Leadership",
        "Documents",
        "Aid",
        "Contact",
    ]:
        assert f">{label}</a>" in html
    assert "Bắc Giang Union of Friendship Organizations" in html


def test_vietnamese_page_uses_vietnamese_navigation(client, home_union):
    html = client.get("/vi/").content.decode()
    for label in [
        "Trang chủ",
        "Tin tức – Sự kiện",
        "Giới thiệu",
        "Lãnh đạo",
        "Văn bản",
        "Viện trợ",
        "Liên hệ",
    ]:
        assert f">{label}</a>" in html


def test_pages_are_in_unicode_normal_form_c(client, home_union):
    # Decomposed Vietnamese (NFD) renders badly in some fonts and is what the Nu HTML
    # Checker warns of; Django's own name for the language is decomposed.
    for path in ("/vi/lien-he/", "/en/contact/"):
        html = client.get(path).content.decode()
        assert "Tiếng Việt" in html
        assert unicodedata.is_normalized("NFC", html), path


@pytest.mark.parametrize(
    "name", ["home", "contact", "privacy", "unions:about", "news:index", "aid:overview"]
)
@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("query", ["", "?page=1&utm_source=x"])
def test_the_switcher_links_what_translate_url_gives(client, home_union, name, language, query):
    # The addresses come from the request's own match (portal.i18n), not from resolving the
    # path again: the same answers as Django's translate_url.
    from django.urls import reverse, translate_url

    with translation.override(language):
        path = reverse(name) + query
    response = client.get(path)
    assert response.status_code == 200
    links = {item["code"]: item["url"] for item in response.context["page_languages"]}
    assert links == {code: translate_url(path, code) for code in ("vi", "en")}
