"""Upload sizes: what nginx lets through (docs/operations.md) is at least what the portal accepts,
so a person sends a file the portal would take and never gets nginx's bare 413 (and a lost
form); the article form states the video limit and refuses a larger file with a message."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from congresses.files import PDF_MAX_BYTES
from news.models import Article
from news.video import video_help_text
from portal.images import MAX_BYTES as IMAGE_MAX_BYTES
from tests import factories
from tests.factories import article_form_data

OPERATIONS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def _size(value):
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", value.lower()).groups()
    return int(number) * UNITS[unit]


def nginx_servers():
    """Each `server` block of the nginx examples that proxies to the portal:
    (the server's client_max_body_size, [(location, its own client_max_body_size or None)])."""
    text = OPERATIONS.read_text()
    servers = []
    for block in re.findall(r"```nginx\n(.*?)```", text, re.S):
        for body in re.split(r"\nserver \{", "\n" + block)[1:]:
            if "proxy_pass" not in body:
                continue  # the port-80 redirect
            server_size, locations, current, depth = None, [], None, 1
            for line in body.splitlines():
                line = line.split("#", 1)[0].strip()
                match = re.match(r"location\s+(.*?)\s*\{$", line)
                if match:
                    current = [match.group(1), None]
                    locations.append(current)
                size = re.match(r"client_max_body_size\s+(\w+);", line)
                if size:
                    if current is not None and depth == 2:
                        current[1] = _size(size.group(1))
                    elif depth == 1:
                        server_size = _size(size.group(1))
                depth += line.count("{") - line.count("}")
                if depth == 1:
                    current = None
            servers.append((server_size, [tuple(location) for location in locations]))
    return servers


def nginx_limit(server, path):
    """The body size nginx allows for `path`: a matching regex location, else the prefix one."""
    server_size, locations = server
    for location, size in locations:
        if location.startswith("~") and re.search(location.lstrip("~* ").strip(), path):
            return size or server_size
    return server_size


def test_nginx_lets_through_every_upload_the_portal_accepts():
    servers = nginx_servers()
    assert len(servers) == 2  # section 5 and the multi-server example
    # Any form: one file at the largest limit other than videos, and the text fields.
    any_form = max(IMAGE_MAX_BYTES, PDF_MAX_BYTES) + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # The article form: a video, a cover image, the text fields.
    article_form = (
        settings.VIDEO_UPLOAD_MAX_BYTES + IMAGE_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    paths = {
        "congress": reverse("admin:congresses_congress_add"),
        "logo": reverse("admin:unions_union_add"),
        "editor image": reverse("news:editor_upload"),
    }
    for language in ("vi", "en"):
        with translation.override(language):
            article_add = reverse("admin:news_article_add")
            article_change = reverse("admin:news_article_change", args=[1])
            public = reverse("news:index")
        for server in servers:
            assert server[0] is not None
            for name, path in paths.items():
                assert nginx_limit(server, path) >= any_form, (name, server)
            for path in (article_add, article_change):
                assert nginx_limit(server, path) >= article_form, (path, server)
            # The large limit is for the admin's article pages only, not public forms.
            assert nginx_limit(server, public) < settings.VIDEO_UPLOAD_MAX_BYTES


@pytest.fixture
def editor(db):
    return factories.staff_user("editor1", "Editor")


def _mp4(size):
    return b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (size - 12)


def test_article_form_states_the_video_limit_and_refuses_a_larger_file(
    client, editor, category, settings
):
    settings.VIDEO_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    client.force_login(editor)
    # The help text in each language, with the limit as configured (the Vietnamese wording
    # comes with the catalogue, the size format with the language's formats).
    page = client.get("/vi/admin/news/article/add/").content.decode()
    with translation.override("vi"):
        assert "2,0\xa0MB" in video_help_text() and video_help_text() in page
    page = client.get("/en/admin/news/article/add/").content.decode()
    assert "An MP4 or WebM file, at most 2.0\xa0MB (when there is no video link)." in page

    video = SimpleUploadedFile("phong-su.mp4", _mp4(3 * 1024 * 1024), content_type="video/mp4")
    response = client.post(
        "/vi/admin/news/article/add/", article_form_data(category, video_file=video)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp có dung lượng 3,0\xa0MB; giới hạn là 2,0\xa0MB." in page
    assert "Hội hữu nghị Việt – Lào gặp mặt" in page  # the rest of the form is kept
    assert not Article.objects.exists()

    video = SimpleUploadedFile("phong-su.mp4", _mp4(1024 * 1024), content_type="video/mp4")
    response = client.post(
        "/vi/admin/news/article/add/", article_form_data(category, video_file=video)
    )
    assert response.status_code == 302
    assert Article.objects.get().video_file.name.endswith(".mp4")
