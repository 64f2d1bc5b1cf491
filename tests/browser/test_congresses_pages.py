"""The public congress pages with the demo data, on a phone and a desktop, in both languages."""

import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "leadership": {"vi": "/vi/lanh-dao/", "en": "/en/leadership/"},
    "history": {"vi": "/vi/dai-hoi/", "en": "/en/congresses/"},
    "congress": {"vi": "/vi/dai-hoi/bac-giang-5/", "en": "/en/congresses/bac-giang-5/"},
    "tuyen-quang": {"vi": "/vi/dai-hoi/tuyen-quang-3/", "en": "/en/congresses/tuyen-quang-3/"},
    "person": {"vi": "/vi/nhan-su/tran-cong-thang/", "en": "/en/people/tran-cong-thang/"},
    # Another union's page, with its congresses.
    "tuyen-quang-union": {
        "vi": "/vi/mang-luoi-lien-hiep/tuyen-quang/",
        "en": "/en/network/tuyen-quang/",
    },
}


def test_public_pages_read_well_on_a_phone_and_a_desktop(live_server, page, artifacts):
    from congresses import demo as congresses_demo
    from members import demo as members_demo
    from unions import demo as unions_demo

    for module in (unions_demo, members_demo, congresses_demo):
        module.load(io.StringIO())

    for name, urls in PAGES.items():
        for language, path in urls.items():
            for width in (360, 375, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                assert page.locator("h1").count() == 1
                # No horizontal scrolling, and every image has an alt attribute.
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                    path,
                    width,
                )
                assert page.locator("main img:not([alt])").count() == 0
                if width != 360:
                    page.screenshot(
                        path=artifacts / f"congresses-{name}-{language}-{width}.png", full_page=True
                    )

    page.goto(live_server.url + "/en/leadership/")
    assert "Trần Công Thắng" in page.locator(".org-chart__tier--president").inner_text()


def test_a_reader_goes_from_another_unions_page_to_its_congress(live_server, page):
    from congresses import demo as congresses_demo
    from members import demo as members_demo
    from unions import demo as unions_demo

    for module in (unions_demo, members_demo, congresses_demo):
        module.load(io.StringIO())
    page.goto(live_server.url + "/en/network/tuyen-quang/")
    congresses = page.get_by_role("region", name="Congresses and terms")
    congresses.get_by_role("link").first.click()
    page.wait_for_url(live_server.url + "/en/congresses/tuyen-quang-3/")
    assert "Tuyên Quang" in page.locator("main").inner_text()
