"""The gallery and an album's page: both languages, publication, every photo reachable
without JavaScript, sharing, the links from articles and congresses, bounded queries."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html

from albums.models import Album, Photo, Video
from portal import pagecache
from tests import factories
from tests.albums.conftest import upload
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def tree(response):
    return html.fromstring(response.content)


def find(node, css_class, then="", start=""):
    """Elements of `css_class` under `node` (`then`: an XPath step below them)."""
    has = f"contains(concat(' ', normalize-space(@class), ' '), ' {css_class} ')"
    return node.xpath(f"{start}//*[{has}]{then}")


def meta(page, key):
    return [
        tag.get("content")
        for tag in page.head.findall("meta")
        if key in (tag.get("property"), tag.get("name"))
    ]


# The gallery ---------------------------------------------------------------------------------
def test_the_gallery_lists_published_albums_in_each_language(client, make_album):
    both = make_album(photos=1, title_vi="Gặp mặt hữu nghị", title_en="A friendship meeting")
    vietnamese = make_album(title_vi="Chỉ có tiếng Việt", title_en="")
    make_album(title_vi="Bản nháp", title_en="A draft", is_published=False)

    vi = client.get("/vi/thu-vien/")
    assert vi.status_code == 200
    text = vi.content.decode()
    assert "Gặp mặt hữu nghị" in text and "Chỉ có tiếng Việt" in text
    assert "Bản nháp" not in text
    assert f'href="/vi/thu-vien/{both.slug_vi}/"' in text
    # The cover is a rendition with its size, read from the photo's name.
    cover = find(tree(vi), "album-card__image", "//img")[0]
    assert cover.get("width") == "400" and cover.get("height") == "300"
    assert "/r/" in cover.get("src") and cover.get("loading") == "lazy"

    en = client.get("/en/gallery/").content.decode()
    assert "A friendship meeting" in en
    assert "Chỉ có tiếng Việt" not in en and vietnamese.slug_vi not in en
    assert f'href="/en/gallery/{both.slug_en}/"' in en


def test_the_gallery_filters_by_kind_and_refuses_other_values(client, make_album, video_album):
    make_album(title_vi="Ảnh hội nghị", title_en="Conference photos")
    videos = client.get("/vi/thu-vien/?kind=video").content.decode()
    assert "Phóng sự video" in videos and "Ảnh hội nghị" not in videos
    photos = client.get("/en/gallery/?kind=photo").content.decode()
    assert "Conference photos" in photos and "Video report" not in photos
    for bad in ("?kind=audio", "?kind=", "?kind=PHOTO", "?kind=%00"):
        response = client.get("/vi/thu-vien/" + bad)
        assert response.status_code in (200, 400), bad
        if bad != "?kind=":
            assert response.status_code == 400, bad
    assert client.get("/vi/thu-vien/?page=abc").status_code == 404
    assert client.get("/vi/thu-vien/?page=9").status_code == 404


def test_the_gallery_is_paged_and_canonical_with_its_filter(client, make_album):
    for _ in range(14):
        make_album(kind=Album.Kind.VIDEO)
    page = tree(client.get("/vi/thu-vien/?kind=video&page=2&utm_source=zalo"))
    canonical = [link.get("href") for link in page.head.findall("link[@rel='canonical']")]
    assert canonical == [f"{HOST}/vi/thu-vien/?kind=video&page=2"]
    first = client.get("/vi/thu-vien/?kind=video").content.decode()
    assert 'href="?kind=video&amp;page=2"' in first


def album_queries(captured):
    return [q["sql"] for q in captured.captured_queries if '"albums_' in q["sql"]]


def cold_get(client, url):
    """The page built with nothing kept in the cache (the site settings, the lists' counts,
    the menu): what a request costs after any change of content."""
    cache.clear()
    return client.get(url)


def test_the_gallery_costs_the_same_queries_for_many_albums(
    client, make_album, django_assert_max_num_queries
):
    make_album(photos=2)
    with django_assert_max_num_queries(12) as few:
        assert cold_get(client, "/vi/thu-vien/").status_code == 200
    for _ in range(12):
        make_album(photos=2, kind=Album.Kind.VIDEO)
    for url in ("/vi/thu-vien/", "/en/gallery/?kind=video"):
        with django_assert_max_num_queries(len(few.captured_queries)) as many:
            assert cold_get(client, url).status_code == 200
        # The albums' own: the count, a page of ids, those albums with covers and counts.
        assert len(album_queries(many)) == 3, album_queries(many)


# An album's page ------------------------------------------------------------------------------
def test_every_photo_and_caption_is_on_the_page_without_javascript(client, make_album):
    album = make_album(photos=3)
    Photo.objects.filter(album=album, order=20).update(caption_en="", credit="Báo Bắc Giang")
    vi = tree(client.get(album.get_absolute_url("vi")))
    links = find(vi, "album-grid__link")
    assert len(links) == 3
    for link in links:
        # The large rendition itself: a page a browser opens with or without JavaScript.
        assert re.search(r"/albums/\d{4}/\d{2}/r/[0-9a-f]{32}-400\.jpg$", link.get("href"))
        img = link.find(".//img")
        assert img.get("width") == "400" and img.get("height") == "300"
        assert img.get("loading") == "lazy"
    alts = [link.find(".//img").get("alt") for link in links]
    assert alts == ["Chú thích ảnh 1", "Chú thích ảnh 2", "Chú thích ảnh 3"]
    captions = [figcaption.text_content() for figcaption in find(vi, "album-grid", "//figcaption")]
    assert captions[0] == "Chú thích ảnh 1"
    assert "Ảnh: Báo Bắc Giang" in captions[1]
    # English: the English caption, or a text saying which photo it is (never Vietnamese).
    en = tree(client.get(album.get_absolute_url("en")))
    alts = [img.get("alt") for img in find(en, "album-grid__link", "//img")]
    assert alts == ["Caption of photo 1", "Photo 2 of 3", "Caption of photo 3"]
    assert "Chú thích" not in en.text_content()
    # The viewer's script and dialog are there for readers with JavaScript.
    assert find(vi, "album-viewer") and vi.xpath("//script[contains(@src, 'js/albums.js')]")


def test_the_album_page_is_canonical_and_shared_with_its_cover(client, make_album):
    album = make_album(photos=3)
    cover = Photo.objects.get(album=album, order=20)
    cover.is_cover = True
    cover.save()
    page = tree(client.get("/vi/thu-vien/" + album.slug_vi + "/"))
    canonical = [link.get("href") for link in page.head.findall("link[@rel='canonical']")]
    assert canonical == [f"{HOST}/vi/thu-vien/{album.slug_vi}/"]
    image = meta(page, "og:image")[0]
    stem = cover.image.name.rsplit("/", 1)[-1].split("-")[0]
    assert image.startswith(HOST + "/") and stem in image and image.endswith("-400.jpg")
    assert meta(page, "og:image:alt") == ["Chú thích ảnh 2"]
    assert meta(page, "og:title") == [album.title_vi]
    links = page.head.findall("link[@rel='alternate']")
    alternates = {link.get("hreflang"): link.get("href") for link in links}
    assert alternates["en"] == f"{HOST}/en/gallery/{album.slug_en}/"
    assert alternates["vi"] == alternates["x-default"] == f"{HOST}/vi/thu-vien/{album.slug_vi}/"


def test_an_album_without_english_has_no_english_page(client, make_album):
    album = make_album(photos=1, title_en="")
    assert album.slug_en is None
    assert client.get(f"/en/gallery/{album.slug_vi}/").status_code == 404
    page = client.get(album.get_absolute_url("vi")).content.decode()
    assert 'hreflang="en"' not in page


def test_unpublished_albums_are_for_staff_only(client, make_album, staff):
    album = make_album(photos=1, is_published=False)
    assert client.get(album.get_absolute_url("vi")).status_code == 404
    client.force_login(staff("Writer"))
    preview = client.get(album.get_absolute_url("vi"))
    assert preview.status_code == 200
    assert b'<meta name="robots" content="noindex">' in preview.content
    assert "Xem trước" in preview.content.decode()


def test_the_album_links_its_congress_and_articles(client, make_album, home_union, category):
    from congresses.models import Congress

    congress = Congress.objects.create(
        union=home_union,
        ordinal=5,
        term_start_year=2023,
        term_end_year=2028,
        held_from=datetime.date(2023, 8, 8),
        is_published=False,
    )
    article = factories.article(category, title_vi="Bài về đại hội", title_en="On the congress")
    draft = factories.article(category, title_vi="Bản nháp", status="draft")
    album = make_album(photos=1, congress=congress)
    album.articles.set([article, draft])
    page = client.get(album.get_absolute_url("vi")).content.decode()
    assert article.get_absolute_url("vi") in page and "Bản nháp" not in page
    assert congress.get_absolute_url() not in page  # not published: not linked
    congress.is_published = True
    congress.save()
    page = client.get(album.get_absolute_url("vi")).content.decode()
    assert congress.get_absolute_url() in page


def test_the_album_page_costs_a_fixed_number_of_queries(
    client, make_album, django_assert_max_num_queries
):
    small = make_album(photos=1)
    large = make_album(photos=12)
    with django_assert_max_num_queries(10) as few:
        cold_get(client, small.get_absolute_url("vi"))
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        assert cold_get(client, large.get_absolute_url("vi")).status_code == 200
    # The album (with its congress), its photos, its videos, its articles.
    assert len(album_queries(many)) == 4, album_queries(many)


# Videos ---------------------------------------------------------------------------------------
def test_a_video_album_embeds_its_players_and_allows_only_their_origin(client, video_album):
    Video.objects.create(
        album=video_album,
        title_vi="Tệp video",
        video_file=SimpleUploadedFile("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\0" * 64),
        order=20,
    )
    response = client.get(video_album.get_absolute_url("vi"))
    page = tree(response)
    frame = find(page, "album-video__frame", "//iframe")[0]
    assert frame.get("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert frame.get("loading") == "lazy"
    assert find(page, "album-video__file")[0].get("src").endswith(".mp4")
    policy = response["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in policy
    # A photo album's page keeps the site's "no frames".
    assert "Giao lưu" in page.text_content()


def test_a_photo_album_allows_no_frames(client, make_album):
    album = make_album(photos=1)
    assert "frame-src 'none'" in client.get(album.get_absolute_url("vi"))["Content-Security-Policy"]


def test_a_video_needs_a_link_or_a_file(video_album):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Video(album=video_album).full_clean()
    with pytest.raises(ValidationError):
        Video(album=video_album, video_url="https://example.org/clip").full_clean()


# Links from other pages ---------------------------------------------------------------------
def test_an_article_shows_its_albums_as_a_strip(client, make_album, category):
    article = factories.article(category)
    album = make_album(photos=8)
    album.articles.add(article)
    make_album(photos=2, is_published=False).articles.add(article)
    page = tree(client.get(article.get_absolute_url("vi")))
    strips = find(page, "album-strip")
    assert len(strips) == 1
    links = [a.get("href") for a in find(strips[0], "album-strip__photos", "//a", ".")]
    url = album.get_absolute_url("vi")
    assert links == [f"{url}#photo-{n}" for n in range(1, 7)]
    assert "8 ảnh" in strips[0].text_content()
    # Each thumbnail leads to the same photo of the album's page.
    assert tree(client.get(url)).xpath("//*[@id='photo-6']//a[@href]")


def test_the_article_strip_costs_two_queries_whatever_the_albums(
    client, make_album, category, django_assert_max_num_queries
):
    article = factories.article(category)
    url = article.get_absolute_url("vi")
    with django_assert_max_num_queries(30) as without:
        cold_get(client, url)
    make_album(photos=2).articles.add(article)
    # An article without albums reads none (its own query says so); with some, the albums
    # are one query and their photos one more.
    with django_assert_max_num_queries(len(without.captured_queries) + 2) as one:
        cold_get(client, url)
    for _ in range(3):
        make_album(photos=7).articles.add(article)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = cold_get(client, url)
    assert len(find(tree(page), "album-strip")) == 4


def test_a_congress_links_its_albums(client, make_album, home_union):
    from congresses.models import Congress

    congress = Congress.objects.create(
        union=home_union,
        ordinal=5,
        term_start_year=2023,
        term_end_year=2028,
        held_from=datetime.date(2023, 8, 8),
        is_published=True,
    )
    album = make_album(photos=2, congress=congress, title_vi="Ảnh Đại hội V")
    make_album(congress=congress, title_vi="Chưa đăng", is_published=False)
    page = client.get(congress.get_absolute_url()).content.decode()
    assert album.get_absolute_url("vi") in page and "Ảnh Đại hội V" in page
    assert "Chưa đăng" not in page
    assert "2 ảnh" in page


# Sitemap and page cache -----------------------------------------------------------------------
def test_the_sitemap_lists_albums_in_the_languages_they_exist_in(client, make_album):
    both = make_album()
    vietnamese = make_album(title_en="")
    draft = make_album(is_published=False, title_vi="Bản nháp riêng")
    xml = sitemap_xml(client)
    assert f"{HOST}/vi/thu-vien/</loc>" in xml and f"{HOST}/en/gallery/</loc>" in xml
    assert f"/vi/thu-vien/{both.slug_vi}/</loc>" in xml
    assert f"/en/gallery/{both.slug_en}/</loc>" in xml
    assert f'hreflang="en" href="{HOST}/en/gallery/{both.slug_en}/"' in xml
    assert f"/vi/thu-vien/{vietnamese.slug_vi}/</loc>" in xml
    assert f"/en/gallery/{vietnamese.slug_vi}/" not in xml
    assert f"/{draft.slug_vi}/" not in xml


def test_saving_an_album_or_a_photo_drops_the_cached_pages(make_album):
    album = make_album()
    before = pagecache.generation()
    album.title_vi = "Tiêu đề mới"
    album.save()
    assert pagecache.generation() > before
    before = pagecache.generation()
    Photo.objects.create(album=album, image=upload())
    assert pagecache.generation() > before


def test_slugs_are_made_per_language_and_kept_unique(make_album):
    first = make_album(title_vi="Hội nghị Cụm số 5", title_en="Cluster No. 5 conference")
    second = make_album(title_vi="Hội nghị Cụm số 5", title_en="Cluster No. 5 conference")
    assert first.slug_vi == "hoi-nghi-cum-so-5" and second.slug_vi == "hoi-nghi-cum-so-5-2"
    assert first.slug_en == "cluster-no-5-conference"
    assert second.slug_en == "cluster-no-5-conference-2"
    second.title_en = ""
    second.save()
    assert second.slug_en is None
