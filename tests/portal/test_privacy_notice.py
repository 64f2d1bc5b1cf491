"""The privacy notice (Decree 13/2023/NĐ-CP): both languages, the controller from the home
union, the periods from the retention settings, linked from the forms and the footer."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

URL_VI = "/vi/du-lieu-ca-nhan/"
URL_EN = "/en/privacy/"


@pytest.fixture
def union(home_union):
    home_union.address = "Số 1 Đường Hữu Nghị, Bắc Giang"
    home_union.email = "lienhiep@example.vn"
    home_union.phone = "0204 385 0000"
    home_union.save()
    return home_union


def test_urls_are_translated():
    for language, url in (("vi", URL_VI), ("en", URL_EN)):
        with translation.override(language):
            assert reverse("privacy") == url


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        (
            URL_VI,
            ["Thông báo xử lý dữ liệu cá nhân", "Quyền của bạn", "rút lại", "khiếu nại", "37 ngày"],
        ),
        (
            URL_EN,
            ["Privacy notice", "Your rights", "withdraw it", "to complain", "37 days"],
        ),
    ],
)
def test_notice_in_both_languages_names_controller_periods_and_version(
    client, union, settings, url, texts
):
    settings.PRIVACY_RETENTION_REJECTED_APPLICATION_DAYS = 37
    settings.PRIVACY_RETENTION_COMMENT_EMAIL_DAYS = 41
    settings.PRIVACY_RETENTION_ACCESS_LOG_DAYS = 3
    settings.PRIVACY_NOTICE_VERSION = "7b"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in texts:
        assert text in html, text
    with translation.override(url[1:3]):
        union_name = str(union.name)
    for detail in (union_name, union.address, union.email, union.phone, "41", " 3 ", "7b"):
        assert detail in html, detail
    # The counterpart in the other language is announced.
    other = URL_EN if url == URL_VI else URL_VI
    assert f'hreflang="{other[1:3]}" href="http://testserver{other}"' in html


def test_notice_without_a_home_union_still_answers(client, db):
    response = client.get(URL_EN)
    assert response.status_code == 200
    assert "Contact details have not been entered yet." in response.content.decode()


def test_notice_is_linked_from_footer_join_form_and_comment_form(client, union, category):
    from members import demo as members_demo
    from tests.factories import article

    members_demo.load(__import__("io").StringIO())
    item = article(category)
    pages = {
        "/vi/": URL_VI,
        "/en/": URL_EN,
        "/vi/gia-nhap/": URL_VI,
        "/en/join/": URL_EN,
        item.get_absolute_url("vi"): URL_VI,
        item.get_absolute_url("en"): URL_EN,
    }
    for page, notice in pages.items():
        html = client.get(page).content.decode()
        assert html.count(f'href="{notice}"') >= (1 if page in ("/vi/", "/en/") else 2), page
    # The forms carry the version they show, so a consent names the text the person saw.
    assert 'name="notice_version" value="1"' in client.get("/en/join/").content.decode()
    article_page = client.get(item.get_absolute_url("vi")).content.decode()
    assert 'name="notice_version" value="1"' in article_page


def test_notice_is_in_the_sitemap_in_both_languages(client, union):
    xml = sitemap_xml(client)
    assert f"<loc>http://testserver{URL_VI}</loc>" in xml
    assert f"<loc>http://testserver{URL_EN}</loc>" in xml
