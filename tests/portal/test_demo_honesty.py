"""The demo tells only the truth (issue 17): a seed's facts appear only with the union the seed
is about, and whatever is invented is marked as sample where a reader sees it, in the reader's
language. Every public page kind is walked in both languages with each home union the demo
offers: Bắc Giang (`make run`) and Tây Ninh (`DEMO=tay-ninh make run`)."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve
from django.utils import translation
from django.utils.translation import gettext, ngettext
from lxml import html

from tests.sitemaps import sitemap_paths
from unions.models import SiteSettings

pytestmark = pytest.mark.django_db

# What each seed (../shared/seeds) says that no other seed does: names, numbers, decisions.
# seed -> (names of its union, any of which shows the fact is told with its union; facts).
SEEDS = {
    "000 Bắc Giang": (
        ["Bắc Giang"],
        [
            "121/QĐ-UBND",
            "12/10/1998",
            "12 October 1998",
            "Trần Công Thắng",
            "318 hội viên",
            "318 members",
        ],
    ),
    "001 Cluster No. 5": (
        ["Cụm số 5", "Cluster No. 5"],
        ["Lê Thị Thanh Giang", "Đoàn Tấn Bửu", "Trần Chí Dũng"],
    ),
    "002 Hải Phòng": (
        ["Hải Phòng"],
        ["Vũ Văn Trà", "Đào Khánh Hà", "Hà Văn Thủy", "Tràng Duệ", "300 triệu", "VND 300 million"],
    ),
    "003 Tây Ninh": (
        ["Tây Ninh"],
        ["105 tỷ", "105 billion", "Võ Đức Trong", "Nguyễn Mạnh Hùng", "13.000", "13,000"],
    ),
    "004 Tuyên Quang": (
        ["Tuyên Quang"],
        ["2,6 triệu USD", "USD 2.6 million", "Vũ Thị Bích Việt", "Đỗ Minh Tân", "1,126 tỷ"],
    ),
}
HOME_SEED = {"bac-giang": "000 Bắc Giang", "tay-ninh": "003 Tây Ninh"}
# Pages that speak for the home union: no other union's seed fact belongs there at all.
HOME_PAGES = {
    "unions:about",
    "congresses:leadership",
    "members:associations",
    "aid:overview",
    "aid:projects",
    "aid:project",
    "contact",
    "privacy",
}
# Pages about one union, congress or article: all of these are read (other kinds: two each).
ALL_OF_KIND = {"news:article", "unions:union", "congresses:congress"}
SEED_UNIONS = {"bac-giang", "tay-ninh", "tuyen-quang", "hai-phong", "can-tho", "dong-thap"}
SAMPLE_ARTICLE = re.compile(r"/(bai-mau|sample)-\d+/$")
# Links to articles: a headline is the article's, whose own page names its union.
ARTICLE_LINK = re.compile(r"^/(vi/tin-tuc|en/news)/")


def in_language(language, message, **params):
    with translation.override(language):
        text = gettext(message)
    return text % params if params else text


def texts(content):
    """(the page frame's text, the main content's text without article headlines)."""
    tree = html.fromstring(content)
    body = tree.find("body")
    main = body.get_element_by_id("main")
    main.getparent().remove(main)
    for link in main.iter("a"):
        if ARTICLE_LINK.match(link.get("href") or ""):
            link.drop_tree()
    return body.text_content(), main.text_content()


def pages_to_read(client):
    """The pages of ALL_OF_KIND that a seed can be about, two of each other kind, per language."""
    chosen, counts = [], {}
    for path in dict.fromkeys(sitemap_paths(client)):
        language = path.strip("/").split("/", 1)[0]
        with translation.override(language):
            match = resolve(urlsplit(path).path)
        kind = match.view_name
        about_a_seed = kind in ALL_OF_KIND and not SAMPLE_ARTICLE.search(path)
        if kind == "unions:union":
            about_a_seed = match.kwargs["slug"] in SEED_UNIONS
        counts[kind, language] = counts.get((kind, language), 0) + 1
        if about_a_seed or counts[kind, language] <= 2:
            chosen.append((path, language, kind))
    for language in ("vi", "en"):
        chosen.append((f"/{language}/", language, "home"))
    return chosen


def check_page(path, language, kind, content, home):
    """The problems of one page, as readable lines."""
    problems = []
    frame, main = texts(content)
    banner = in_language(language, "Sample data")
    if f"{banner}:" not in frame:
        problems.append(f"{path}: no “{banner}” notice")
    for seed, (names, facts) in SEEDS.items():
        for fact in facts:
            if fact in frame:
                problems.append(f"{path}: {fact!r} (seed {seed}) in the page frame")
            if fact not in main:
                continue
            if kind in HOME_PAGES and seed != HOME_SEED[home]:
                problems.append(f"{path}: {fact!r} (seed {seed}) on a page of the home union")
            elif not any(name in main for name in names):
                problems.append(f"{path}: {fact!r} (seed {seed}) without its union")
    # Sample people are named in the reader's language.
    other = "en" if language == "vi" else "vi"
    foreign = in_language(other, "Sample member %(code)s", code="")
    if foreign != in_language(language, "Sample member %(code)s", code="") and foreign in main:
        problems.append(f"{path}: a sample person named in the other language ({foreign!r})")
    return problems


def load(home=None):
    args = ["--union", home] if home else []
    call_command("load_demo", "--no-users", *args, stdout=io.StringIO())


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
    assert not SiteSettings.current().editor_in_chief  # no seed names one


def check_tay_ninh(client, seen):
    for language, amount in (("vi", "105 tỷ đồng"), ("en", "VND 105 billion")):
        assert 'lang="vi">Liên hiệp các tổ chức hữu nghị tỉnh Tây Ninh<' in seen["home", language]
        about = seen["unions:about", language]
        assert amount in about and "Võ Đức Trong" in about
        assert "Bắc Giang" not in texts(about.encode())[1]
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
