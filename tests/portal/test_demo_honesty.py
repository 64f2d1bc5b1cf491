"""The demo tells only the truth (issue 17): a seed's facts appear only with the union the seed
is about, and whatever is invented is marked as sample where a reader sees it, in the reader's
language. Every public page kind is walked in both languages with each home union the demo
offers: Bắc Giang (`make run`) and Tây Ninh (`DEMO=tay-ninh make run`)."""

import re

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from tests.sitemaps import sitemap_paths
from unions.models import SiteSettings

from .demo_truth import check_page, in_language, load, page_kind, texts

pytestmark = pytest.mark.django_db

# Pages about one union, congress or article: all of these are read (other kinds: two each).
ALL_OF_KIND = {"news:article", "unions:union", "congresses:congress"}
SEED_UNIONS = {"bac-giang", "tay-ninh", "tuyen-quang", "hai-phong", "can-tho", "dong-thap"}
SAMPLE_ARTICLE = re.compile(r"/(bai-mau|sample)-\d+/$")


def pages_to_read(client):
    """The pages of ALL_OF_KIND that a seed can be about, two of each other kind, per language."""
    chosen, counts = [], {}
    for path in dict.fromkeys(sitemap_paths(client)):
        language, kind = page_kind(path)
        about_a_seed = kind in ALL_OF_KIND and not SAMPLE_ARTICLE.search(path)
        if kind == "unions:union":
            about_a_seed = path.rstrip("/").rsplit("/", 1)[-1] in SEED_UNIONS
        counts[kind, language] = counts.get((kind, language), 0) + 1
        if about_a_seed or counts[kind, language] <= 2:
            chosen.append((path, language, kind))
    for language in ("vi", "en"):
        chosen.append((f"/{language}/", language, "home"))
    return chosen


def walk(client, home):
    assert SiteSettings.current().home_union.slug == home
    problems, seen = [], {}
    for path, language, kind in pages_to_read(client):
        response = client.get(path)
        if response.status_code != 200:
            problems.append(f"{path}: {response.status_code}")
            continue
        problems += check_page(path, language, kind, response.content, home)
        seen[kind, language] = response.content.decode()
    return problems, seen


def mark(language):
    return f'<span class="sample-mark">{in_language(language, "(sample)")}</span>'


def check_bac_giang(client, seen):
    for language in ("vi", "en"):
        about = seen["unions:about", language]
        # The seed's totals, told in the description; every yearly count is a marked sample.
        assert "121/QĐ-UBND" in about and "318" in about
        number = "6.152" if language == "vi" else "6,152"
        assert re.search(rf"{number}</span> [^<]+{re.escape(mark(language))}", about), language
        assert about.count(mark(language)) >= 7  # the seven years of the table
        leadership = seen["congresses:leadership", language]
        assert "Trần Công Thắng" in leadership
        assert in_language(language, "Sample member %(code)s", code="BG-01") in leadership
        assert mark(language) in leadership  # beside the committee sizes no seed gives
        note = in_language(
            language,
            "Projects marked “(sample)” and the figures computed from them are invented for "
            "the demo site.",
        )
        assert note in seen["aid:overview", language]
        # Its documents, albums and events (none naming Tây Ninh: HOME_PAGES).
        documents = seen["documents:list", language]
        assert "121/QĐ-UBND" in documents and mark(language) in documents
        founding = SiteSettings.current().home_union.founding_document
        assert f'<a href="{founding.get_absolute_url(language)}">' in about
        assert "Bắc Giang" in texts(seen["albums:index", language].encode())[1]
        upcoming = texts(seen["events:upcoming", language].encode())[1]
        assert in_language(language, "(sample)") in upcoming
    assert not SiteSettings.current().editor_in_chief  # no seed names one


def check_tay_ninh(client, seen):
    for language, amount in (("vi", "105 tỷ đồng"), ("en", "VND 105 billion")):
        assert 'lang="vi">Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh<' in seen["home", language]
        about = seen["unions:about", language]
        assert amount in about and "Võ Đức Trong" in about
        assert "Bắc Giang" not in texts(about.encode())[1]
        # No seed gives its founding decision: the about page names none (Bắc Giang's is not
        # its), and its documents, albums and events are its own (HOME_PAGES: none names
        # Bắc Giang).
        assert in_language(language, "Founding decision") not in about
        documents = texts(seen["documents:list", language].encode())[1]
        assert "121/QĐ-UBND" not in documents and "Tây Ninh" in documents
        assert "Tây Ninh" in texts(seen["albums:index", language].encode())[1]
        upcoming = texts(seen["events:upcoming", language].encode())[1]
        assert "Tây Ninh" in upcoming and in_language(language, "(sample)") in upcoming
        leadership = seen["congresses:leadership", language]
        assert "Võ Đức Trong" in leadership and "2022–2027" in leadership
        assert "Trần Công Thắng" not in leadership
        with translation.override(language):
            for size in (21, 5, 3):
                sentence = ngettext(
                    "Elected with %(size)s member", "Elected with %(size)s members", size
                ) % {"size": size}
                assert f"{sentence};" in leadership, sentence  # the seed's sizes: no mark


def test_each_demo_home_union_tells_only_the_truth(client):
    """`DEMO=tay-ninh make run`, then `make run` in the same database: Bắc Giang again."""
    load("tay-ninh")
    problems, seen = walk(client, "tay-ninh")
    assert not problems, "\n".join(problems)
    check_tay_ninh(client, seen)

    load()
    problems, seen = walk(client, "bac-giang")
    assert not problems, "\n".join(problems)
    check_bac_giang(client, seen)
