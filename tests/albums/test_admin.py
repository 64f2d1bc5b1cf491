"""The album admin: many photos in one upload, each checked by portal.images; the ordered
photo rows; who may publish; the history of changes."""

import time
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ImageFile

from albums.forms import MAX_FILES
from albums.models import Album, Photo
from portal import revisions
from portal.images import parse_name, rendition_name, rendition_widths
from portal.roles import ADMINISTRATOR, EDITOR, LEADERSHIP, SECRETARIAT, WRITER
from tests.albums.conftest import upload
from tests.factories import image_bytes
from tests.security.test_uploads import HTML, png_bomb
from tests.security.xss import admin_form_data

pytestmark = pytest.mark.django_db

ADD = "/vi/admin/albums/album/add/"


def change_url(album):
    return f"/vi/admin/albums/album/{album.pk}/change/"


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def warnings(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def successes(response):
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "success"]


def album_data(client, url=ADD, **fields):
    data = admin_form_data(client, url)
    data.update(
        {
            "kind": "photo",
            "title_vi": "Đại hội đại biểu lần thứ V",
            "title_en": "The 5th Congress of Delegates",
            "date": "08/08/2023",
            **fields,
        }
    )
    return data


@pytest.fixture
def editor(client, staff):
    client.force_login(staff(EDITOR))
    return client


# Many photos at once --------------------------------------------------------------------------
def test_many_photos_are_added_in_one_upload_with_their_renditions(editor):
    files = [
        upload("IMG_0003.jpg", size=(1200, 800), exif=True),
        upload("IMG_0001.png", "PNG", size=(800, 1200)),
        upload("img_0002.webp", "WEBP", size=(640, 480)),
    ]
    response = editor.post(ADD, album_data(editor, new_photos=files))
    assert response.status_code == 302, response.content.decode()[:3000]
    album = Album.objects.get()
    photos = list(album.photos.order_by("order"))
    # In the order of the file names, after the album's other photos.
    assert [parse_name(p.image.name)[:2] for p in photos] == [(800, 1200), (640, 480), (1200, 800)]
    assert [p.order for p in photos] == [10, 20, 30]
    assert successes(response)[0] == "Đã thêm 3 ảnh vào album."
    files = set(stored_files())
    for photo in photos:
        assert photo.image.name.startswith("albums/")
        width, _height, ext = parse_name(photo.image.name)
        for w in rendition_widths(width):
            assert rendition_name(photo.image.name, w, "webp") in files
    # Re-encoded: the camera's EXIF (make, GPS position) is gone.
    from PIL import Image

    with Image.open(Path(settings.MEDIA_ROOT) / photos[2].image.name) as stored:
        assert not stored.getexif()
    # One revision holds the album and its photos.
    revision = revisions.history(album).get()
    assert [row["image"] for row in revision.data["photos"]] == sorted(
        (p.image.name for p in photos), key=lambda name: Photo.objects.get(image=name).pk
    )

    # A second batch goes after the first.
    more = [upload("IMG_0100.jpg")]
    url = change_url(album)
    response = editor.post(url, album_data(editor, url, new_photos=more))
    assert response.status_code == 302
    assert list(album.photos.order_by("order").values_list("order", flat=True)) == [10, 20, 30, 40]
    assert revisions.history(album).count() == 2


def truncated_jpeg():
    data = image_bytes("JPEG", (900, 600), color=(20, 120, 40))
    return data[: len(data) // 2]


def test_bad_files_are_named_and_the_good_ones_kept(editor, monkeypatch):
    """An HTML page named .jpg, a decompression bomb, a huge-pixel PNG and a truncated JPEG,
    among two good photos: the good ones are added, each bad one is named with its reason,
    nothing of the bad ones is stored, and no bomb is ever decoded."""
    decoded = []
    original_load = ImageFile.ImageFile.load

    def measured_load(image):
        decoded.append(image.size[0] * image.size[1])
        return original_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", measured_load)
    files = [
        upload("a-good.jpg", size=(900, 600)),
        SimpleUploadedFile("b-page.jpg", HTML, content_type="image/jpeg"),
        SimpleUploadedFile("c-bomb.png", png_bomb(), content_type="image/png"),
        SimpleUploadedFile(
            "d-bomb.png", image_bytes("PNG", (30000, 30000), "1"), content_type="image/png"
        ),
        SimpleUploadedFile("e-cut.jpg", truncated_jpeg(), content_type="image/jpeg"),
        upload("f-good.png", "PNG", size=(600, 900)),
    ]
    tracemalloc.start()
    started = time.monotonic()
    response = editor.post(ADD, album_data(editor, new_photos=files))
    elapsed = time.monotonic() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 302
    assert elapsed < 20, elapsed
    assert peak < 80 * 1024 * 1024, peak
    # Nothing larger than the good photos was ever decoded (a bomb's 48 or 900 megapixels).
    assert max(decoded) <= 900 * 600, max(decoded)

    album = Album.objects.get()
    assert album.photos.count() == 2
    assert successes(response)[0] == "Đã thêm 2 ảnh vào album."
    refused = warnings(response)
    assert len(refused) == 4
    not_an_image = "Tệp không phải ảnh hoặc đã bị hỏng."
    assert refused[0] == f"Không thêm được “b-page.jpg”: {not_an_image}"
    assert refused[1].startswith("Không thêm được “c-bomb.png”: Ảnh có quá nhiều điểm ảnh")
    assert refused[2].startswith("Không thêm được “d-bomb.png”: Ảnh có quá nhiều điểm ảnh")
    assert refused[3] == f"Không thêm được “e-cut.jpg”: {not_an_image}"
    # Only the two good photos and their renditions are in storage.
    stems = {Path(p.image.name).name.split("-")[0] for p in album.photos.all()}
    assert {Path(name).name.split("-")[0] for name in stored_files()} == stems


def test_a_batch_too_large_is_refused_with_the_form_kept(editor):
    files = [upload(f"anh-{n:02d}.jpg", size=(64, 48)) for n in range(MAX_FILES + 1)]
    response = editor.post(ADD, album_data(editor, new_photos=files))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Bạn đã chọn {MAX_FILES + 1} tệp" in page
    assert 'value="Đại hội đại biểu lần thứ V"' in page  # the form as it was typed
    assert not Album.objects.exists() and stored_files() == []
    assert "chọn lại ảnh" in " ".join(warnings(response))


def test_too_many_megapixels_at_once_are_refused(editor):
    files = [upload(f"lon-{n}.png", "PNG", size=(6000, 5000), mode="1") for n in range(3)]
    response = editor.post(ADD, album_data(editor, new_photos=files))
    assert response.status_code == 200
    assert "90 megapixel" in response.content.decode()
    assert not Album.objects.exists() and stored_files() == []


def test_photos_chosen_on_a_form_with_errors_are_reported_as_not_added(editor):
    data = album_data(editor, title_vi="", new_photos=[upload("anh.jpg")])
    response = editor.post(ADD, data)
    assert response.status_code == 200
    assert not Album.objects.exists() and stored_files() == []
    assert warnings(response) == [
        "Các ảnh bạn đã chọn chưa được thêm vì trang còn lỗi bên dưới. "
        "Hãy sửa lỗi rồi chọn lại ảnh."
    ]


# The photo rows -------------------------------------------------------------------------------
def test_photos_are_edited_as_ordered_rows_with_captions_in_both_languages(editor, make_album):
    album = make_album(photos=3)
    url = change_url(album)
    data = album_data(editor, url)
    ids = [data[f"photos-{i}-id"] for i in range(3)]
    data.update(
        {
            "photos-0-order": "30",
            "photos-2-order": "5",
            "photos-1-caption_vi": "Đại biểu biểu quyết",
            "photos-1-caption_en": "Delegates vote",
            "photos-1-is_cover": "on",
        }
    )
    response = editor.post(url, data)
    assert response.status_code == 302
    photos = list(album.photos.order_by("order", "id"))
    assert [str(p.pk) for p in photos] == [ids[2], ids[1], ids[0]]
    cover = Photo.objects.get(pk=ids[1])
    assert cover.is_cover and cover.caption_en == "Delegates vote"
    # Two covers are refused, with the form kept.
    data = album_data(editor, url)
    data["photos-0-is_cover"] = "on"
    data["photos-2-is_cover"] = "on"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "Mỗi album chỉ có một ảnh bìa." in response.content.decode()


def test_a_video_link_must_be_youtube_or_vimeo(editor, video_album):
    url = change_url(video_album)
    data = album_data(editor, url, kind="video")
    data["videos-0-video_url"] = "https://evil.example/watch?v=dQw4w9WgXcQ"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "YouTube" in response.content.decode()
    data["videos-0-video_url"] = "https://vimeo.com/123456789"
    assert editor.post(url, data).status_code == 302
    assert video_album.videos.get().embed_url == "https://player.vimeo.com/video/123456789"


# Roles ----------------------------------------------------------------------------------------
def test_a_writer_puts_an_album_together_but_cannot_publish_it(client, staff, make_album):
    client.force_login(staff(WRITER))
    data = album_data(client, is_published="on", new_photos=[upload()])
    assert "is_published" not in admin_form_data(client, ADD)
    assert client.post(ADD, data).status_code == 302
    album = Album.objects.get()
    assert not album.is_published and album.photos.count() == 1
    # A published album is read-only for a Writer.
    published = make_album(photos=1)
    page = client.get(change_url(published))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = client.post(change_url(published), album_data(client, change_url(album)))
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title_vi.startswith("Album số")


@pytest.mark.parametrize("role", [EDITOR, SECRETARIAT])
def test_editors_and_the_secretariat_publish(client, staff, role):
    client.force_login(staff(role))
    response = client.post(ADD, album_data(client, is_published="on"))
    assert response.status_code == 302
    assert Album.objects.get().is_published


def test_an_administrator_takes_a_photo_down_but_adds_none(client, staff, make_album):
    album = make_album(photos=2)
    client.force_login(staff(ADMINISTRATOR))
    assert client.get(ADD).status_code == 403
    url = change_url(album)
    data = admin_form_data(client, url)
    assert "new_photos" not in client.get(url).content.decode()
    data["photos-0-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert album.photos.count() == 1


def test_leadership_only_reads(client, staff, make_album):
    album = make_album(photos=1)
    client.force_login(staff(LEADERSHIP))
    assert client.get(ADD).status_code == 403
    page = client.get(change_url(album))
    assert page.status_code == 200 and not page.context["has_change_permission"]


# History --------------------------------------------------------------------------------------
def test_a_revision_puts_back_the_photos_and_captions(
    editor, make_album, django_capture_on_commit_callbacks
):
    album = make_album(photos=3)
    url = change_url(album)
    data = album_data(editor, url)
    data["photos-0-caption_vi"] = "Chú thích đã sửa"
    data["photos-2-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):  # the deleted photo's file goes
        assert editor.post(url, data).status_code == 302
    history = revisions.history(album).order_by("number")
    assert history.count() == 2  # the baseline, then the change
    baseline = history.first()
    assert "photos" in history.last().changed_fields
    page = editor.get(f"/vi/admin/albums/album/{album.pk}/revisions/")
    assert page.status_code == 200
    deleted = baseline.data["photos"][2]["image"]
    kept = baseline.data["photos"][0]["image"]

    # The third photo's file left storage with its row: it cannot come back, the rest can.
    restore = f"/vi/admin/albums/album/{album.pk}/revisions/{baseline.number}/restore/"
    response = editor.post(restore)
    assert response.status_code == 302
    photos = list(album.photos.order_by("order"))
    assert [p.image.name for p in photos] == [kept, baseline.data["photos"][1]["image"]]
    assert photos[0].caption_vi == "Chú thích ảnh 1"
    assert deleted not in [p.image.name for p in photos]
    assert kept in stored_files()


def test_the_admin_links_a_draft_album_to_its_preview(editor, make_album):
    album = make_album(photos=1, is_published=False)
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Album)
    response = editor.get(f"/vi/admin/r/{content_type.pk}/{album.pk}/")
    assert response.status_code == 302 and response["Location"] == album.get_absolute_url("vi")
    assert editor.get(response["Location"]).status_code == 200


def test_the_album_list_in_the_admin(editor, make_album):
    make_album(photos=2, title_vi="Album có ảnh")
    page = editor.get(reverse("admin:albums_album_changelist"))
    assert page.status_code == 200
    assert "Album có ảnh" in page.content.decode()
    # The photo upload field asks the browser for several images at once.
    form = editor.get(ADD).content.decode()
    assert 'name="new_photos"' in form and "multiple" in form
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in form


def test_a_restored_video_whose_poster_left_storage_comes_back_without_it(
    video_album, staff, django_capture_on_commit_callbacks
):
    video = video_album.videos.get()
    video.poster = upload("poster.jpg")
    video.save()
    user = staff(EDITOR)
    before = revisions.record(video_album, user)
    poster = video.poster.name
    with django_capture_on_commit_callbacks(execute=True):  # the replaced poster's file goes
        video.poster = upload("other.jpg")
        video.save()
    assert poster not in stored_files()
    revisions.restore(before, user)
    restored = video_album.videos.get()
    assert restored.video_url and restored.title_vi == "Giao lưu"
    assert not restored.poster  # not a name with no file behind it
