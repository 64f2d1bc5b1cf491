"""Public pages in both languages, bad input, feeds, sitemap."""

import datetime
import re

import pytest
from django.utils import timezone

from news.models import Article, Comment, Tag
from tests import factories
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_giang(make_article, home_union):
    article = make_article(
        title_vi="Liên hiệp Hữu nghị tỉnh Bắc Giang: “Chủ động, linh hoạt, sáng tạo, hiệu quả”",
        title_en="Bắc Giang Friendship Union: “Proactive, flexible, creative, effective”",
        published_at=timezone.make_aware(datetime.datetime(2023, 8, 16, 5, 43)),
        author="Q.Hoa t.h / Thời Đại",
        source_name="vufo.org.vn",
        source_url="https://vufo.org.vn",
        cover_caption_vi="Ông Trần Công Thắng tiếp tục được bầu làm Chủ tịch",
        view_count=96,
    )
    article.unions.add(home_union)
    return article


def test_article_page_in_vietnamese(client, bac_giang):
    assert bac_giang.slug_vi.startswith("lien-hiep-huu-nghi-tinh-bac-giang-chu-dong")
    response = client.get(f"/vi/tin-tuc/{bac_giang.slug_vi}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thứ tư - 16/08/2023 05:43" in html
    assert "97 lượt xem" in html
    assert "Q.Hoa t.h / Thời Đại" in html
    assert 'Nguồn tin: <a href="https://vufo.org.vn" rel="noopener">vufo.org.vn</a>' in html
    assert '<link rel="canonical" href="http://testserver/vi/tin-tuc/' in html
    assert '<meta property="og:title" content="Liên hiệp Hữu nghị tỉnh Bắc Giang' in html
    assert '<meta name="twitter:card"' in html
    assert "data-print" in html and "In bài viết" in html
    assert "facebook.com/sharer" in html
    assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html
    assert f'hreflang="en" href="http://testserver/en/news/{bac_giang.slug_en}/"' in html
    # The reading waits in the cache until a batch of them is written (news.readings).
    bac_giang.refresh_from_db()
    assert bac_giang.view_count == 96


def test_article_page_in_english(client, bac_giang):
    html = client.get(f"/en/news/{bac_giang.slug_en}/").content.decode()
    assert "Wednesday, 16 August 2023 05:43" in html
    assert "Bắc Giang Friendship Union: “Proactive" in html
    assert "Source: " in html
    assert '<meta property="og:locale" content="en_US">' in html


def test_vietnamese_only_article(client, make_article):
    only_vi = make_article(title_vi="Thông báo lịch tiếp công dân", title_en="", body_en="")
    assert only_vi.slug_en is None
    other = make_article(title_vi="Một thông báo khác", title_en="")
    assert other.slug_en is None  # two NULLs do not collide
    html = client.get(f"/vi/tin-tuc/{only_vi.slug_vi}/").content.decode()
    assert '<span class="lang-switch__missing" lang="en">Không có bản English</span>' in html
    assert 'hreflang="en"' not in html
    # Its address in English: still a 404, which says so and links the Vietnamese original.
    response = client.get(f"/en/news/{only_vi.slug_vi}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This article has no English version" in html
    assert (
        f'<a href="/vi/tin-tuc/{only_vi.slug_vi}/" hreflang="vi" lang="vi">'
        "Thông báo lịch tiếp công dân</a>"
    ) in html
    assert '<meta name="robots" content="noindex">' in html
    # The language switcher leads to the original, and says there is no English version.
    assert (
        f'<a href="/vi/tin-tuc/{only_vi.slug_vi}/" hreflang="vi" lang="vi">Tiếng Việt</a>' in html
    )
    # A slug no article has, or one of an article in review, is the plain 404.
    assert "no English version" not in client.get("/en/news/khong-co/").content.decode()
    draft = make_article(title_vi="Bản nháp", title_en="", status=Article.Status.DRAFT)
    response = client.get(f"/en/news/{draft.slug_vi}/")
    assert response.status_code == 404 and "Bản nháp" not in response.content.decode()
    english_list = client.get("/en/news/").content.decode()
    assert "Thông báo lịch tiếp công dân" not in english_list
    assert "Thông báo lịch tiếp công dân" in client.get("/vi/tin-tuc/").content.decode()


def test_slug_of_the_other_language_is_not_found(client, bac_giang):
    assert client.get(f"/vi/tin-tuc/{bac_giang.slug_en}/").status_code == 404
    assert client.get(f"/en/news/{bac_giang.slug_vi}/").status_code == 404


def test_drafts_scheduled_and_archived_articles_are_not_public(client, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + datetime.timedelta(days=1))
    archived = make_article(status=Article.Status.ARCHIVED)
    assert scheduled.is_scheduled
    listing = client.get("/vi/tin-tuc/").content.decode()
    for article in (draft, scheduled, archived):
        assert client.get(f"/vi/tin-tuc/{article.slug_vi}/").status_code == 404
        assert article.title_vi not in listing


@pytest.mark.parametrize(
    "url",
    [
        "/vi/tin-tuc/?page=abc",
        "/vi/tin-tuc/?page=0",
        "/vi/tin-tuc/?page=99",
        "/vi/tin-tuc/?page=-1",
        "/vi/tin-tuc/chuyen-muc/khong-co/",
        "/vi/tin-tuc/the/khong-co/",
        "/vi/tin-tuc/khong-co-bai-nay/",
        "/vi/tin-tuc/2023/13/",
        "/vi/tin-tuc/0/1/",
        "/en/news/category/khong-co/rss/",
        "/vi/tim-kiem/?q=hai&page=abc",
    ],
)
def test_bad_input_is_a_404(client, make_article, url):
    make_article()
    assert client.get(url).status_code == 404


def test_pagination_and_category_and_tag_pages(client, make_article, category):
    tag = Tag.objects.create(name_vi="Đại hội", name_en="Congress")
    other = factories.category(name_vi="Truyền hình", name_en="Video")
    articles = [make_article() for _ in range(14)]
    articles[0].tags.add(tag)
    make_article(category=other, title_vi="Bài video", title_en="Video item")
    page1 = client.get("/vi/tin-tuc/chuyen-muc/tin-tuc-su-kien/").content.decode()
    assert "Trang 1 / 2" in page1 and "Bài video" not in page1
    page2 = client.get("/en/news/category/news-and-events/?page=2")
    assert page2.status_code == 200 and "Page 2 of 2" in page2.content.decode()
    assert client.get("/vi/tin-tuc/chuyen-muc/tin-tuc-su-kien/?page=3").status_code == 404
    tag_page = client.get(f"/vi/tin-tuc/the/{tag.slug_vi}/").content.decode()
    assert articles[0].title_vi in tag_page and articles[1].title_vi not in tag_page
    en = client.get("/en/news/category/news-and-events/").content.decode()
    assert 'hreflang="vi" href="http://testserver/vi/tin-tuc/chuyen-muc/tin-tuc-su-kien/"' in en
    assert "/en/news/category/news-and-events/rss/" in en


def test_monthly_archive(client, make_article):
    august = make_article(published_at=timezone.make_aware(datetime.datetime(2023, 8, 16, 5, 43)))
    july = make_article(published_at=timezone.make_aware(datetime.datetime(2023, 7, 31, 23, 30)))
    html = client.get("/vi/tin-tuc/2023/8/").content.decode()
    assert august.title_vi in html and july.title_vi not in html
    assert "Tháng 8/2023" in html
    assert "August 2023" in client.get("/en/news/2023/8/").content.decode()


def test_home_shows_ticker_lead_sections_and_links(client, make_article, home_union):
    hot = make_article(is_highlight=True, title_vi="Tin nóng hôm nay")
    make_article(title_vi="Tin thường")
    html = client.get("/vi/").content.decode()
    assert "Tin nóng" in html and hot.title_vi in html
    assert 'class="news-lead"' in html
    assert "Tin tức &amp; Sự kiện" in html
    for url in ("/vi/gioi-thieu/", "/vi/lanh-dao/", "/vi/vien-tro/"):
        assert f'href="{url}"' in html
    assert client.get("/en/").status_code == 200


def test_home_sections_take_the_categories_kept_for_the_generation(
    client, make_article, category, home_union
):
    """The home page reads its articles on every request, the categories of its sections
    once a content generation (the menu's); a renamed category shows on the next page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_article(title_vi="Bài trong chuyên mục")
    make_article(title_vi="Bài dẫn")  # the lead: the sections show the others
    client.get("/vi/")
    with CaptureQueriesContext(connection) as built:
        html = client.get("/vi/").content.decode()
    assert "Bài trong chuyên mục" in html
    assert not any('FROM "news_category"' in q["sql"].split("WHERE")[0] for q in built)
    category.name_vi = "Hoạt động đối ngoại"
    category.save()
    html = client.get("/vi/").content.decode()
    section = html[html.index('class="news-layout__main"') : html.index("news-layout__aside")]
    assert "Hoạt động đối ngoại" in section


def test_lead_story_is_the_latest_highlight_with_a_picture(client, make_article, home_union):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import image_bytes

    def with_cover(**kwargs):
        article = make_article(**kwargs)
        article.cover = SimpleUploadedFile("c.jpg", image_bytes(), content_type="image/jpeg")
        article.save()
        return article

    with_cover(title_vi="Tin mới nhất có ảnh")  # newer, but not the editors' choice
    chosen = with_cover(title_vi="Tin nổi bật có ảnh", is_highlight=True)
    make_article(title_vi="Tin nổi bật không ảnh", is_highlight=True)
    html = client.get("/vi/").content.decode()
    lead = html[html.index('class="news-lead"') :][:3000]
    assert chosen.title_vi in lead
    # Still the lead when six newer highlights without a picture fill the ticker.
    for n in range(6):
        make_article(title_vi=f"Tin nổi bật mới {n}", is_highlight=True)
    html = client.get("/vi/").content.decode()
    lead = html[html.index('class="news-lead"') :][:3000]
    assert chosen.title_vi in lead
    # With no highlight, the newest article with a picture.
    Article.objects.filter(is_highlight=True).update(is_highlight=False)
    html = client.get("/vi/").content.decode()
    lead = html[html.index('class="news-lead"') :][:3000]
    assert "Tin mới nhất có ảnh" in lead


def test_related_articles_and_comments_only_approved(client, make_article):
    article = make_article()
    sibling = make_article(title_vi="Bài cùng chuyên mục")
    Comment.objects.create(
        article=article,
        name="An",
        email="an@example.vn",
        body="Đã duyệt",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.create(article=article, name="Bình", email="binh@example.vn", body="Chờ duyệt")
    Comment.objects.create(
        article=article,
        name="Chi",
        email="chi@example.vn",
        body="Bị từ chối",
        status=Comment.Status.REJECTED,
    )
    html = client.get(f"/vi/tin-tuc/{article.slug_vi}/").content.decode()
    assert sibling.title_vi in html
    assert "Đã duyệt" in html and "Chờ duyệt" not in html and "Bị từ chối" not in html
    assert "an@example.vn" not in html


def test_related_articles_are_kept_until_content_changes(client, make_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = make_article()
    make_article(title_vi="Bài cùng chuyên mục")
    path = f"/vi/tin-tuc/{article.slug_vi}/"
    with CaptureQueriesContext(connection) as first:
        assert "Bài cùng chuyên mục" in client.get(path).content.decode()
    with CaptureQueriesContext(connection) as second:
        assert "Bài cùng chuyên mục" in client.get(path).content.decode()
    # The second reader gets the box as kept: the query that finds it is not made again.
    assert len(second) < len(first)
    assert not any("UNION" in q["sql"] or "LIMIT 4" in q["sql"] for q in second.captured_queries)
    make_article(title_vi="Bài mới đăng")
    assert "Bài mới đăng" in client.get(path).content.decode()
    # Each article has its own box.
    other = make_article(title_vi="Bài khác")
    html = client.get(f"/vi/tin-tuc/{other.slug_vi}/").content.decode()
    related = html[html.index('id="related-title"') :]
    assert article.title_vi in related and "Bài khác</a>" not in related


def test_feeds_per_language_and_category(client, make_article, home_union):
    both = make_article(title_vi="Tin hai thứ tiếng", title_en="News in both languages")
    only_vi = make_article(title_vi="Chỉ tiếng Việt", title_en="")
    rss_vi = client.get("/vi/tin-tuc/rss/")
    assert rss_vi["Content-Type"].startswith("application/rss+xml")
    body = rss_vi.content.decode()
    assert "Tin hai thứ tiếng" in body and "Chỉ tiếng Việt" in body
    atom_en = client.get("/en/news/atom/").content.decode()
    assert "<feed" in atom_en and "News in both languages" in atom_en
    assert "Chỉ tiếng Việt" not in atom_en
    assert f"/en/news/{both.slug_en}/" in atom_en
    cat = client.get("/vi/tin-tuc/chuyen-muc/tin-tuc-su-kien/atom/").content.decode()
    assert only_vi.title_vi in cat


def test_sitemap_has_articles_with_lastmod_and_hreflang(client, make_article):
    both = make_article()
    only_vi = make_article(title_en="")
    xml = sitemap_xml(client)
    assert f"<loc>http://testserver/vi/tin-tuc/{both.slug_vi}/</loc><lastmod>" in xml
    assert f'hreflang="en" href="http://testserver/en/news/{both.slug_en}/"' in xml
    entry = re.search(
        rf"<url><loc>http://testserver/vi/tin-tuc/{only_vi.slug_vi}/</loc>.*?</url>", xml
    )
    assert entry and 'hreflang="en"' not in entry.group(0)


def test_video_embed_only_from_allowlisted_providers(client, make_article):
    from django.core.exceptions import ValidationError

    from news.video import embed_url, validate_video_url

    assert embed_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert embed_url("https://youtu.be/dQw4w9WgXcQ").endswith("/embed/dQw4w9WgXcQ")
    assert embed_url("https://vimeo.com/76979871") == "https://player.vimeo.com/video/76979871"
    assert embed_url("https://evil.example/watch?v=dQw4w9WgXcQ") == ""
    assert embed_url("javascript:alert(1)") == ""
    with pytest.raises(ValidationError):
        validate_video_url("https://evil.example/video.mp4")
    article = make_article(video_url="https://youtu.be/dQw4w9WgXcQ")
    html = client.get(f"/vi/tin-tuc/{article.slug_vi}/").content.decode()
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    csp = client.get(f"/vi/tin-tuc/{article.slug_vi}/")["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in csp
    plain = make_article()
    assert (
        "frame-src 'none'" in client.get(f"/vi/tin-tuc/{plain.slug_vi}/")["Content-Security-Policy"]
    )


def test_body_is_sanitized_on_save(make_article):
    article = make_article(
        body_vi='<p onclick="x()">A<script>alert(1)</script><a href="javascript:x">l</a></p>'
    )
    assert "script" not in article.body_vi and "onclick" not in article.body_vi
    assert "javascript" not in article.body_vi
