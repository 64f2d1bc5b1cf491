import io

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(db):
    from members import demo as members_demo
    from unions import demo as unions_demo

    unions_demo.load(io.StringIO())
    members_demo.load(io.StringIO())


PAGES = [
    ("about", "/vi/gioi-thieu/", "/en/about/"),
    ("associations", "/vi/cac-hoi-huu-nghi/", "/en/associations/"),
    (
        "association",
        "/vi/cac-hoi-huu-nghi/viet-sec-slovakia/",
        "/en/associations/viet-sec-slovakia/",
    ),
    ("network", "/vi/mang-luoi-lien-hiep/", "/en/network/"),
    ("merged", "/vi/mang-luoi-lien-hiep/hau-giang/", "/en/network/hau-giang/"),
    ("join", "/vi/gia-nhap/", "/en/join/"),
]


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_fit_the_screen_in_both_languages(page, live_server, artifacts, demo_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, vi, en in PAGES:
        for language, path in (("vi", vi), ("en", en)):
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways at {width}px"
            for img in page.locator("main img").all():
                assert img.get_attribute("alt"), f"image without alt on {path}"
            page.screenshot(
                path=str(artifacts / f"unions-{name}-{language}-{width}.png"), full_page=True
            )


def test_flags_load_from_the_portal(page, live_server, demo_site):
    page.goto(live_server.url + "/en/associations/")
    flags = page.locator("img.flag")
    assert flags.count() >= 9
    for src in set(flags.evaluate_all("els => els.map(e => e.getAttribute('src'))")):
        assert src.startswith("/static/members/flags/"), src  # served by the portal, no CDN
        response = page.request.get(live_server.url + src)
        assert response.status == 200 and "svg" in response.headers["content-type"]


def test_join_form_keeps_input_and_explains_errors(page, live_server, demo_site):
    page.goto(live_server.url + "/vi/gia-nhap/")
    box = page.locator("#id_website").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0  # the honeypot is off-screen for people
    page.select_option("#id_association", label="Hội Hữu nghị Việt – Lào tỉnh Bắc Giang")
    page.fill("#id_full_name", "Vũ Thị Thử")
    page.fill("#id_motivation", "Muốn giao lưu")
    page.click(".join-form button[type=submit]")
    assert "Vui lòng đánh dấu đồng ý" in page.content()
    assert page.input_value("#id_full_name") == "Vũ Thị Thử"
    page.fill("#id_email", "thu@example.org")
    page.check("#id_consent")
    page.click(".join-form button[type=submit]")
    page.wait_for_url("**/gia-nhap/cam-on/")
    assert "Xin cảm ơn" in page.content()
