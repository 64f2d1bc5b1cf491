"""Uploaded files leave storage with the row that named them (portal/stored_files.py).

Real files on the per-test MEDIA_ROOT; the deletions wait for the transaction to commit,
so the tests run the on-commit callbacks (and one test rolls back instead).
"""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.factories import image_bytes

pytestmark = pytest.mark.django_db

PDF = (Path(settings.BASE_DIR) / "fixtures/congresses/sample-resolution.pdf").read_bytes()


def stored():
    """Every file under MEDIA_ROOT, as names relative to it."""
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def image(name="photo.jpg", size=(700, 500)):
    return SimpleUploadedFile(name, image_bytes(size=size), content_type="image/jpeg")


def person_with_photo():
    from congresses.models import Person

    return Person.objects.create(full_name="Trần Văn Ảnh", photo=image())


def test_a_persons_photo_and_renditions_are_gone_after_the_person_is_deleted(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        person = person_with_photo()
    files = stored()
    # The original and its renditions (320 and 640 px, 700 px; WebP and JPEG).
    assert person.photo.name in files and len(files) == 7
    assert all(name.startswith("congresses/people/") for name in files)
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert stored() == set()


def test_replacing_a_photo_removes_the_old_file_and_its_renditions(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        person = person_with_photo()
    old = stored()
    with django_capture_on_commit_callbacks(execute=True):
        person.photo = image("new.jpg", size=(400, 300))
        person.save()
    now = stored()
    assert not (old & now)
    assert person.photo.name in now and len(now) == 5  # 320 and 400 px, two formats each
    # Clearing the field removes the file too.
    with django_capture_on_commit_callbacks(execute=True):
        person.photo = ""
        person.save()
    assert stored() == set()


def test_saving_without_changing_the_file_keeps_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = person_with_photo()
    before = stored()
    with django_capture_on_commit_callbacks(execute=True):
        person.titles = "Chủ tịch"
        person.save()
    assert stored() == before


def test_a_rolled_back_deletion_keeps_the_file():
    from congresses.models import Person

    person = person_with_photo()
    before = stored()
    with pytest.raises(RuntimeError), transaction.atomic():
        Person.objects.filter(pk=person.pk).delete()
        raise RuntimeError("the deletion is rolled back")
    assert Person.objects.filter(pk=person.pk).exists()
    assert stored() == before


def test_covers_logos_congress_photos_and_pdfs(home_union, django_capture_on_commit_callbacks):
    from congresses.models import Congress, CongressDocument, CongressPhoto
    from tests.factories import article

    with django_capture_on_commit_callbacks(execute=True):
        item = article(cover=image("cover.jpg"))
        congress = Congress.objects.create(
            union=home_union,
            ordinal=9,
            term_start_year=2043,
            term_end_year=2048,
            held_from=datetime.date(2043, 8, 8),
        )
        document = CongressDocument.objects.create(
            congress=congress,
            title="Nghị quyết",
            file=SimpleUploadedFile("nghi-quyet.pdf", PDF, content_type="application/pdf"),
        )
        CongressPhoto.objects.create(
            congress=congress, image=image("hall.jpg"), caption="Hội trường"
        )
        home_union.logo = image("logo.png")
        home_union.save()
    files = stored()
    assert document.file.name in files and item.cover.name in files
    assert any(name.startswith("congresses/photos/") for name in files)
    assert any(name.startswith("unions/logos/") for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        item.cover = image("other-cover.jpg", size=(330, 200))
        item.save()
    assert not any(name in stored() for name in files if name.startswith("news/"))

    with django_capture_on_commit_callbacks(execute=True):
        congress.delete()  # its documents and photos go with it (CASCADE)
        home_union.logo = ""
        home_union.save()
        item.delete()
    assert stored() == set()


def test_restoring_a_revision_whose_cover_was_replaced_keeps_the_current_cover(
    django_capture_on_commit_callbacks, staff
):
    from portal import revisions
    from portal.roles import EDITOR
    from tests.factories import article

    editor = staff(EDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        item = article(cover=image("cover.jpg"))
        first = revisions.record(item, editor)
        item.cover = image("second.jpg")
        item.title_vi = "Tiêu đề mới"
        item.save()
        revisions.record(item, editor)
    current = item.cover.name
    revisions.restore(first, editor)
    item.refresh_from_db()
    assert item.title_vi != "Tiêu đề mới"  # the text came back…
    assert item.cover.name == current and current in stored()  # …the missing file did not
