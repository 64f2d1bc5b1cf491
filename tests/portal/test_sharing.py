"""Every public page can be shared and is canonical: one canonical link, and Open Graph and
Twitter meta with its title, its description and an image (its own where it has one, else the
union's) in the reader's language (issue 15, part 6)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html

from tests import factories
from tests.sitemaps import sitemap_paths

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def head(response):
    """{name or property: [content…]}, the canonical links and the title of a page's head."""
    tree = html.fromstring(response.content)
    meta = {}
    for tag in tree.head.findall("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            meta.setdefault(key, []).append(tag.get("content"))
    canonical = [
        link.get("href") for link in tree.head.findall("link") if link.get("rel") == "canonical"
    ]
    return meta, canonical, tree.findtext(".//title")


def assert_shareable(response, url):
    meta, canonical, title = head(response)
    assert canonical == [url], (url, canonical)
    for key in (
        "og:title",
        "og:description",
        "og:url",
        "og:image",
        "og:locale",
        "og:type",
        "twitter:card",
        "twitter:title",
        "twitter:description",
        "twitter:image",
    ):
        assert len(meta.get(key, [])) == 1 and meta[key][0], (url, key, meta.get(key))
    assert meta["og:url"] == [url]
    # The page's own title, without the union's name that <title> adds.
    assert title.startswith(meta["og:title"][0]), (title, meta["og:title"])
    assert meta["og:image"][0].startswith(HOST + "/"), meta["og:image"]
    return meta


@pytest.fixture
def content(home_union):
    factories.article(title_vi="Gặp mặt hữu nghị Việt – Lào", title_en="A Vietnam–Laos meeting")
    factories.article(title_vi="Chỉ có tiếng Việt", title_en="")
    return home_union


def test_every_page_of_the_sitemap_is_canonical_and_shareable(client, content):
    paths = sitemap_paths(client)
    assert len(paths) > 30
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        meta = assert_shareable(response, HOST + path)
        locale = "en_US" if path.startswith("/en/") else "vi_VN"
        assert meta["og:locale"] == [locale], path


def test_a_list_is_canonical_by_its_page_number_only(client, content):
    for n in range(14):
        factories.article(title_vi=f"Tin số {n}", title_en=f"News number {n}")
    assert_shareable(
        client.get("/vi/tin-tuc/?page=2&utm_source=zalo"), f"{HOST}/vi/tin-tuc/?page=2"
    )
    assert_shareable(client.get("/vi/tin-tuc/?page=1"), f"{HOST}/vi/tin-tuc/")
    assert_shareable(client.get("/en/news/?utm_source=x"), f"{HOST}/en/news/")


def test_an_article_shares_its_cover_and_the_others_the_unions_image(client, content, settings):
    cover = SimpleUploadedFile("cover.jpg", factories.image_bytes(), content_type="image/jpeg")
    article = factories.article(
        title_vi="Có ảnh",
        title_en="With a picture",
        cover=cover,
        cover_caption_vi="Ảnh đoàn",
        cover_caption_en="The delegation",
    )
    meta = assert_shareable(
        client.get(article.get_absolute_url("en")), HOST + article.get_absolute_url("en")
    )
    assert meta["og:type"] == ["article"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["og:image:alt"] == ["The delegation"]
    assert "/r/" in meta["og:image"][0] and meta["og:image"][0].endswith(".jpg")
    meta = assert_shareable(client.get("/vi/gioi-thieu/"), f"{HOST}/vi/gioi-thieu/")
    assert meta["og:type"] == ["website"] and meta["twitter:card"] == ["summary"]
    assert meta["og:image"][0].startswith(f"{HOST}/static/img/share")


def test_search_is_canonical_only_with_results_and_errors_never(client, content):
    meta, canonical, _title = head(client.get("/vi/tim-kiem/?q=huu+nghi"))
    assert canonical == [f"{HOST}/vi/tim-kiem/?q=huu+nghi"]
    meta, canonical, _title = head(client.get("/vi/tim-kiem/?q=khongcogi"))
    assert canonical == [] and "og:title" not in meta and meta["robots"] == ["noindex"]
    response = client.get("/vi/khong-co-trang-nay/")
    assert response.status_code == 404
    meta, canonical, _title = head(response)
    assert canonical == [] and "og:url" not in meta
