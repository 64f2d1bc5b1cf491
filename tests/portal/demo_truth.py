"""What the demo may say where (issue 17), shared by the tests that walk the demo's pages with
each home union: tests/portal/test_demo_honesty.py and test_public_pages_both_homes.py."""

import io
import re
from urllib.parse import urlsplit

from django.core.management import call_command
from django.urls import resolve
from django.utils import translation
from django.utils.translation import gettext
from lxml import html

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
# The demo's home unions by the name their pages give them.
HOME_NAMES = {"bac-giang": "Bắc Giang", "tay-ninh": "Tây Ninh"}
# Pages that speak for the home union: no other union's seed fact belongs there at all, and
# the other demo home union is not named there.
HOME_PAGES = {
    "unions:about",
    "congresses:leadership",
    "members:associations",
    "aid:overview",
    "aid:projects",
    "aid:project",
    "documents:list",
    "documents:document",
    "albums:index",
    "albums:album",
    "events:upcoming",
    "contact",
    "privacy",
}
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
    for slug, name in HOME_NAMES.items():
        if kind in HOME_PAGES and slug != home and name in main:
            problems.append(f"{path}: names {name}, not the home union, on its page")
    # Sample people are named in the reader's language.
    other = "en" if language == "vi" else "vi"
    foreign = in_language(other, "Sample member %(code)s", code="")
    if foreign != in_language(language, "Sample member %(code)s", code="") and foreign in main:
        problems.append(f"{path}: a sample person named in the other language ({foreign!r})")
    return problems


def page_kind(path):
    """(the path's language, the name of the view that serves it)."""
    language = path.strip("/").split("/", 1)[0]
    with translation.override(language):
        return language, resolve(urlsplit(path).path).view_name


def load(home=None):
    args = ["--union", home] if home else []
    call_command("load_demo", "--no-users", *args, stdout=io.StringIO())
