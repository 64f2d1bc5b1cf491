"""Video articles: embeds only from an allowlist of providers, or an uploaded file."""

import re
import uuid
from urllib.parse import parse_qs, urlparse

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VIDEO_EXTENSIONS = (".mp4", ".webm")
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{6,12}$")


def embed_url(url):
    """The player address for an allowlisted video page, or "" for anything else."""
    if not url:
        return ""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https"):
        return ""
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parsed.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/").split("/")[0]
    if video_id:
        if YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
        return ""
    if host in ("vimeo.com", "player.vimeo.com"):
        last = parsed.path.rstrip("/").split("/")[-1]
        if VIMEO_ID.match(last):
            return f"https://player.vimeo.com/video/{last}"
    return ""


def validate_video_url(value):
    if value and not embed_url(value):
        raise ValidationError(
            _("Only YouTube and Vimeo video links can be embedded."), code="video_provider"
        )


def max_video_bytes():
    return settings.VIDEO_UPLOAD_MAX_BYTES


def video_help_text():
    return _("An MP4 or WebM file, at most %(limit)s (when there is no video link).") % {
        "limit": filesizeformat(max_video_bytes())
    }


def validate_video_file(value):
    if not value:
        return
    if not value.name.lower().endswith(VIDEO_EXTENSIONS):
        raise ValidationError(_("Only MP4 and WebM video files can be uploaded."), code="video")
    if getattr(value, "_committed", False):
        return  # kept from an earlier save, checked when it was uploaded
    limit = max_video_bytes()
    if value.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(value.size), "limit": filesizeformat(limit)},
        )
    head = value.read(16) if hasattr(value, "read") else b""
    if hasattr(value, "seek"):
        value.seek(0)
    # MP4 has "ftyp" at byte 4; WebM starts with the EBML magic number.
    if head and head[4:8] != b"ftyp" and not head.startswith(b"\x1a\x45\xdf\xa3"):
        raise ValidationError(_("The file is not an MP4 or WebM video."), code="video")


def video_upload_to(instance, filename):
    """A random name under media: an upload can neither overwrite another nor be guessed."""
    ext = ".webm" if filename.lower().endswith(".webm") else ".mp4"
    return f"news/video/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{ext}"
