"""The XSS corpus through every field a person can fill: nothing executable comes out.

Stored rich text is checked as stored; every page that shows what was typed (public
pages, the staff's admin pages, search results, forms sent back with errors) is checked
as served. tests/browser/test_security_xss.py opens the same pages in Chromium.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.richtext import sanitize_html
from tests import factories
from tests.security import hostile_site
from tests.security.xss import PAYLOADS, assert_no_executable_markup, executable_markup

pytestmark = pytest.mark.django_db

# Payloads with markup that cannot run as they stand (only if a page mangled them).
INERT = {'<a href="//evil.example/%0Aalert(1)">protocol-relative</a>'}


def test_the_corpus_is_large_and_the_detector_sees_every_payload():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    # The detector must flag the raw payloads that carry markup, or it proves nothing.
    missed = [p for p in PAYLOADS if "<" in p and not executable_markup(p, fragment=True)]
    assert missed == [p for p in PAYLOADS if p in INERT], missed


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitized_rich_text_has_nothing_executable(payload):
    assert executable_markup(sanitize_html(payload), fragment=True) == [], payload


def test_every_field_through_the_real_forms(client, home_union):
    site = hostile_site.build(home_union)

    # Rich text is sanitized when stored; plain text (titles, summaries, names, comments)
    # is stored as typed and must be escaped wherever it is shown (the pages below).
    rich = [(a, "body") for a in site["articles"]]
    rich += [(site["congress"], "summary"), (site["congress"], "directions")]
    for item, field in rich:
        for language in ("vi", "en"):
            stored = getattr(item, f"{field}_{language}")
            assert stored, field
            assert_no_executable_markup(stored, f"stored {field}_{language}")
    assert "<script>" in site["articles"][0].title_vi

    for url in site["public"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_executable_markup(response, url)
    # The payloads are there, as text: the checks above looked at real hostile pages.
    page = client.get(site["public"][3]).content.decode()
    assert page.count("&lt;svg onload=window.__xss=1&gt;") >= 3  # title, summary, comment
    for _role, (staff, urls) in site["staff"].items():
        for url in urls:
            response = staff.get(url)
            assert response.status_code == 200, url
            assert_no_executable_markup(response, url)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_search_reflects_no_markup(client, home_union, language):
    url = f"/{language}/" + ("tim-kiem/" if language == "vi" else "search/")
    for payload in PAYLOADS:
        response = client.get(url, {"q": payload})
        assert response.status_code == 200, payload
        assert_no_executable_markup(response, payload)


def test_forms_sent_back_with_errors_reflect_no_markup(client, home_union):
    from members.models import Association

    association = Association.objects.create(name="Hội", slug="hoi", union=home_union)
    article = factories.article(title_vi="Bài", title_en="")
    with translation.override("vi"):
        comment_url = reverse("news:comment", kwargs={"slug": article.slug_vi})
        join_url = reverse("members:join")
    for n, payload in enumerate(PAYLOADS):
        # An invalid email sends each form back with what was typed.
        response = client.post(
            comment_url,
            {"name": payload[:80], "email": payload, "body": payload},
            REMOTE_ADDR=f"10.7.0.{n % 250 + 1}",
        )
        assert response.status_code == 400, payload
        assert_no_executable_markup(response, payload)
        response = client.post(
            join_url,
            {
                "association": str(association.pk),
                "full_name": payload[:150],
                "email": payload[:200],
                "occupation": payload[:150],
                "motivation": payload,
                "birth_year": payload[:10],
            },
            REMOTE_ADDR=f"10.6.0.{n % 250 + 1}",
        )
        assert response.status_code == 400, payload
        assert_no_executable_markup(response, payload)


def test_embedded_media_keeps_only_web_addresses():
    # Regression: nh3 checks schemes only on attributes it knows as URLs, not <oembed url>.
    cleaned = sanitize_html(
        '<oembed url="javascript:window.__xss=1"></oembed>'
        '<oembed url="data:text/html,x"></oembed>'
        '<oembed url="https://www.youtube.com/watch?v=abc"></oembed>'
    )
    assert "javascript:" not in cleaned and "data:" not in cleaned
    assert '<oembed url="https://www.youtube.com/watch?v=abc"></oembed>' in cleaned


def test_srcset_keeps_only_web_addresses():
    cleaned = sanitize_html(
        '<picture><source srcset="javascript:window.__xss=1"><img src="/media/a.jpg" '
        'srcset="/media/a-320.jpg 320w, data:text/html,x 640w"></picture>'
        '<img src="/media/b.jpg" srcset="/media/b-320.jpg 320w, https://x.example/b.jpg 640w">'
    )
    assert "javascript:" not in cleaned and "data:" not in cleaned
    assert 'srcset="/media/b-320.jpg 320w, https://x.example/b.jpg 640w"' in cleaned
