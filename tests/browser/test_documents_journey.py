"""A reader finds the founding decision in the official documents and downloads its file:
list → filter → document → download, on a phone (390 px) and a desktop (1280 px), in both
languages, with the demo data."""

import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STEPS = {
    "vi": {
        "list": "/vi/van-ban/",
        "type": "Loại",
        "decision": "Quyết định",
        "year": "Năm",
        "show": "Xem",
        "title": "Quyết định thành lập Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang",
        "heading": "Văn bản",
        "download": "Tải về",
        "file": "121-QĐ-UBND – Quyết định thành lập Liên hiệp các tổ chức hữu nghị tỉnh Bắc "
        "Giang (mẫu).pdf",
        "date": "12/10/1998",
    },
    "en": {
        "list": "/en/documents/",
        "type": "Type",
        "decision": "Decision",
        "year": "Year",
        "show": "Show",
        "title": "Decision founding the Bắc Giang Union of Friendship Organizations",
        "heading": "Official documents",
        "download": "Download",
        "file": "121-QĐ-UBND – Decision founding the Bắc Giang Union of Friendship "
        "Organizations (sample).pdf",
        "date": "12 October 1998",
    },
}


@pytest.fixture
def demo_site(db):
    from congresses import demo as congresses_demo
    from documents import demo as documents_demo
    from members import demo as members_demo
    from news import demo as news_demo
    from unions import demo as unions_demo

    for module in (unions_demo, members_demo, news_demo, congresses_demo, documents_demo):
        module.load(io.StringIO())


def _fits(page, what):
    assert page.locator("h1").count() == 1, what
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{what} scrolls sideways"
    )


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_list_filter_document_download(live_server, page, artifacts, demo_site, language, width):
    text = STEPS[language]
    page.set_viewport_size({"width": width, "height": 900})
    shot = f"documents-{{}}-{language}-{width}.png"

    response = page.goto(live_server.url + text["list"])
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == text["heading"]
    assert page.locator(".documents-list__item").count() == 6
    _fits(page, "list")
    page.screenshot(path=artifacts / shot.format("list"), full_page=True)

    page.get_by_label(text["type"], exact=True).select_option(label=text["decision"])
    page.get_by_label(text["year"], exact=True).select_option("1998")
    page.get_by_role("button", name=text["show"], exact=True).click()
    page.wait_for_url("**kind=decision**")
    assert "year=1998" in page.url
    items = page.locator(".documents-list__item")
    assert items.count() == 1
    assert text["date"] in items.first.inner_text()
    _fits(page, "filtered list")
    page.screenshot(path=artifacts / shot.format("filtered"), full_page=True)

    items.first.get_by_role("link", name=text["title"]).click()
    page.wait_for_url("**/121-qd-ubnd-1998/")
    assert text["title"] in page.get_by_role("heading", level=1).inner_text()
    assert text["date"] in page.locator(".document__facts").inner_text()
    _fits(page, "document")
    page.screenshot(path=artifacts / shot.format("document"), full_page=True)

    link = page.locator(".document-files__link")
    assert link.count() == 1 and link.inner_text().startswith(text["download"])
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == text["file"]
    saved = artifacts / f"documents-download-{language}-{width}.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    saved.unlink()
    # The reader is still on the document's page: the file came as a download.
    assert page.url.endswith("/121-qd-ubnd-1998/")


def test_the_about_page_leads_to_the_founding_decision(live_server, page, demo_site):
    page.goto(live_server.url + "/en/about/")
    page.get_by_role("link", name="Decision No. 121/QĐ-UBND").click()
    page.wait_for_url("**/en/documents/121-qd-ubnd-1998/")
    assert "Bắc Giang" in page.get_by_role("heading", level=1).inner_text()
