import re

import pytest
from django.contrib.auth.models import Group

from portal.roles import ROLES
from tests.sitemaps import sitemap_paths, sitemap_xml

pytestmark = pytest.mark.django_db


def test_footer_shows_home_union_contacts_from_site_settings(client, home_union):
    from unions.models import SiteSettings

    home_union.phone = "0204 3 999 999"
    home_union.save()
    site = SiteSettings.current()
    site.editor_in_chief = "Nguyễn Văn Biên Tập"  # the demo names none: no seed does
    site.save()
    html = client.get("/vi/").content.decode()
    assert "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang" in html
    assert "Bắc Giang Union of Friendship Organizations" in html  # both names in the header
    assert "0204 3 999 999" in html  # the cached frame was refreshed by the save
    assert "Nguyễn Văn Biên Tập" in html  # editor-in-chief


def test_frame_has_skip_link_and_landmarks(client, home_union):
    html = client.get("/en/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert 'role="search"' in html


def test_frame_costs_a_bounded_number_of_queries(client, home_union, django_assert_max_num_queries):
    client.get("/vi/")  # fills the site settings cache
    with django_assert_max_num_queries(0):
        client.get("/vi/lien-he/")


def test_unknown_page_gets_localized_styled_404(client, home_union):
    response = client.get("/vi/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "site.css" in html
    response = client.get("/en/no-such-page/")
    assert "Page not found" in response.content.decode()


def test_server_error_page_is_localized_and_needs_no_database(rf):
    from django.utils import translation

    from portal.views import server_error

    with translation.override("vi"):
        response = server_error(rf.get("/vi/"))
    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()


def test_robots_points_to_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_sitemap_is_an_index_of_sections_with_hreflang_alternates(client, home_union):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "<sitemapindex" in response.content.decode()
    assert "http://testserver/sitemap-pages.xml" in response.content.decode()
    xml = sitemap_xml(client)
    assert "<loc>http://testserver/vi/lien-he/</loc>" in xml
    assert "<loc>http://testserver/en/contact/</loc>" in xml
    assert re.search(r'hreflang="en" href="http://testserver/en/contact/"', xml)
    # x-default names the Vietnamese page: the portal has no unprefixed URLs.
    assert 'hreflang="x-default" href="http://testserver/vi/lien-he/"' in xml
    for path in sitemap_paths(client):
        assert path.startswith(("/vi/", "/en/")), path


def test_staff_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


def test_admin_is_titled_with_the_union_and_speaks_vietnamese(admin_client, home_union):
    html = admin_client.get("/vi/admin/").content.decode()
    assert "Liên hiệp các tổ chức hữu nghị tỉnh Bắc Giang" in html
    assert '<html lang="vi"' in html
    assert 'href="/en/admin/"' in html  # the English switch


@pytest.mark.parametrize("path", ["/vi/lien-he/", "/en/about/", "/en/leadership/", "/vi/vien-tro/"])
def test_every_page_announces_the_news_feeds(client, home_union, path):
    html = client.get(path).content.decode()
    language = path[1:3]
    feed = "/vi/tin-tuc/rss/" if language == "vi" else "/en/news/rss/"
    assert '<link rel="alternate" type="application/rss+xml" title="' in html
    assert f'href="{feed}"' in html
