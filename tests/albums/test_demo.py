import io

import pytest
from lxml import html
from PIL import Image

from albums import demo
from albums.models import Album, Photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(home_union):
    from congresses import demo as congresses_demo
    from members import demo as members_demo
    from news import demo as news_demo

    for module in (members_demo, news_demo, congresses_demo):
        module.load(io.StringIO())


def test_the_demo_albums_load_twice_to_the_same_site(demo_site, client):
    demo.load(io.StringIO())
    first = list(Photo.objects.values_list("album__slug_vi", "image", "order").order_by("pk"))
    demo.load(io.StringIO())
    assert list(Photo.objects.values_list("album__slug_vi", "image", "order").order_by("pk")) == (
        first
    )
    albums = demo.albums_of("bac-giang")
    assert Album.objects.count() == len(albums)
    assert Photo.objects.count() == sum(len(spec["photos"]) for spec in albums)
    # The one album with a seed's fact is Bắc Giang's, linked to its congress and article.
    bac_giang = Album.objects.get(slug_vi=demo.CONGRESS_ALBUMS["bac-giang"]["slug_vi"])
    assert bac_giang.congress.union.slug == "bac-giang" and bac_giang.congress.ordinal == 5
    assert list(bac_giang.articles.values_list("slug_vi", flat=True)) == [demo.BAC_GIANG_SEED]
    assert client.get(bac_giang.congress.get_absolute_url()).status_code == 200
    assert (
        bac_giang.get_absolute_url("vi")
        in client.get(bac_giang.congress.get_absolute_url()).content.decode()
    )


def test_the_congress_album_is_the_home_unions(demo_site, client):
    """With Tây Ninh as home, its 2nd congress's album replaces Bắc Giang's 5th's, and back."""
    from congresses import demo as congresses_demo
    from members import demo as members_demo
    from news import demo as news_demo
    from unions import demo as unions_demo

    demo.load(io.StringIO())
    unions_demo.load(io.StringIO(), home="tay-ninh")
    for module in (members_demo, news_demo, congresses_demo, demo):
        module.load(io.StringIO())
    slugs = set(Album.objects.values_list("slug_vi", flat=True))
    assert slugs == {spec["slug_vi"] for spec in demo.albums_of("tay-ninh")}
    tay_ninh = Album.objects.get(slug_vi=demo.CONGRESS_ALBUMS["tay-ninh"]["slug_vi"])
    assert tay_ninh.congress.union.slug == "tay-ninh" and tay_ninh.congress.ordinal == 2
    assert list(tay_ninh.articles.values_list("slug_vi", flat=True)) == [demo.TAY_NINH_SEED]
    assert tay_ninh.photos.count() == len(demo.CONGRESS_ALBUMS["tay-ninh"]["photos"])
    gallery = client.get("/en/gallery/").content.decode()
    assert "Tây Ninh" in gallery and "Bắc Giang" not in gallery

    unions_demo.load(io.StringIO())
    demo.load(io.StringIO())
    slugs = set(Album.objects.values_list("slug_vi", flat=True))
    assert slugs == {spec["slug_vi"] for spec in demo.albums_of("bac-giang")}


def test_every_demo_photo_says_it_is_a_sample_in_the_readers_language(demo_site, client):
    demo.load(io.StringIO())
    for album in Album.objects.all():
        assert "(ảnh mẫu)" in album.title_vi or "(album mẫu)" in album.title_vi
        assert not album.title_en or "(sample" in album.title_en
        for language in ("vi", "en") if album.title_en else ("vi",):
            page = html.fromstring(client.get(album.get_absolute_url(language)).content)
            captions = [c.text_content() for c in page.xpath("//ol[@data-album-grid]//figcaption")]
            assert len(captions) == album.photos.count()
            word = "Ảnh mẫu" if language == "vi" else "Sample photo"
            assert all(caption.startswith(word) for caption in captions), captions
    # Vietnamese only: no English page.
    vietnamese = Album.objects.get(title_en="")
    assert client.get(f"/en/gallery/{vietnamese.slug_vi}/").status_code == 404


def test_the_sample_picture_carries_its_label():
    data = demo.sample_image(3, 10, demo.WIDE, ((11, 79, 138), (179, 20, 31)))
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (960, 640)
        # The white band with the red "ẢNH MẪU" across the middle of the picture.
        band = image.crop((0, 240, 960, 400)).convert("RGB")
        colours = {colour for _count, colour in band.getcolors(band.width * band.height)}
        assert (255, 255, 255) in colours
        assert any(r > 150 and g < 60 and b < 60 for r, g, b in colours)
