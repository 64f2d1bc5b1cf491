"""Print: an article on paper shows its content, its date and its address, no navigation."""

import re

import pytest

from tests.audit import pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NAVIGATION = [".skip-link", "header.masthead", "nav.main-nav", ".search-box", "footer.site-footer"]


def test_printed_article_has_no_navigation_and_shows_address_and_date(live_server, page, artifacts):
    chosen = pages.load_demo_and_collect(live_server.url)
    articles = pages.article_pages(chosen)
    # Until the news app lists articles in the sitemap, the frame is checked on the home page.
    targets = articles or {lang: chosen[("home", lang)] for lang in ("vi", "en")}
    for language, path in sorted(targets.items()):
        page.emulate_media(media="screen")
        page.goto(live_server.url + path)
        assert page.locator(".print-source").is_hidden(), "the print line shows on screen"
        page.emulate_media(media="print")
        for selector in NAVIGATION:
            assert page.locator(selector).first.is_hidden(), f"{selector} is printed ({path})"
        source = page.locator(".print-source")
        assert source.is_visible()
        assert live_server.url + path in source.inner_text()
        assert page.locator("main h1").first.is_visible()
        if articles:
            date = page.locator("main time[datetime]").first
            assert date.is_visible(), f"the article's date is not printed ({path})"
            assert re.search(r"\d{2}/\d{2}/\d{4}|\d{4}", date.inner_text())
        page.pdf(path=artifacts / f"print-{language}.pdf", format="A4")
