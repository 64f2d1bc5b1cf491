"""Uploaded images: checked by content, cleaned, stored under a generated name, resized.

Every image staff upload (a model's `PortalImageField` or an inline image sent by the
rich-text editor) goes through `process_upload`:

1. `validate_image` opens the file with Pillow (the file's name and declared type are
   not trusted): JPEG, PNG, WebP or GIF only, at most 10 MB and 40 megapixels. The
   pixel count is read from the header before anything is decoded, so a decompression
   bomb is refused with a message instead of exhausting memory.
2. The image is re-encoded from its pixels: EXIF (camera, GPS position, owner), comments,
   text chunks and anything after the image's end are dropped, the EXIF orientation is
   applied first so the photo stays upright. This is also what defuses an image that is
   a web page as well (a polyglot): nothing of the upload's bytes is stored, so the
   uploaded bytes are not scanned for markup (a scan refused about one genuine 5 MB photo
   in 3,000 whose compressed bytes spelled "<script" by chance). Media is served with
   `nosniff` (docs/operations.md), so a stored image is never read as a page.
3. It is stored as `images/YYYY/MM/<random>-<W>x<H>.<ext>`. Width and height are in
   the name so that templates can write `srcset`, `width` and `height` without opening
   the file or querying anything.
4. Renditions at the widths in RENDITION_WIDTHS narrower than the original (and one at
   the original width, up to the largest) are written next to it, each as WebP and as
   JPEG (or PNG when the image has transparency) for browsers without WebP:
   `images/YYYY/MM/r/<random>-<width>.webp` / `.jpg`.

Renditions are made once, on save: serving them is a plain static file.
"""

import functools
import io
import re
import uuid
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow format name -> extension of the stored original.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "png"}
RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)
WEBP_QUALITY = 80
JPEG_QUALITY = 82

NAME_RE = re.compile(r"^(?P<stem>.*/)?(?P<key>[0-9a-f]{32})-(?P<w>\d+)x(?P<h>\d+)\.(?P<ext>\w+)$")


def _error(message, code, **params):
    return ValidationError(message, code=code, params=params)


def validate_image(upload):
    """Raise ValidationError unless `upload` is an allowed image; return (format, width, height)."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > MAX_BYTES:
        raise _error(
            _("The image is too large (%(size)s MB); the limit is %(limit)s MB."),
            "too_large",
            size=round(size / 1024 / 1024, 1),
            limit=MAX_BYTES // 1024 // 1024,
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                if image_format not in ALLOWED_FORMATS:
                    raise _error(
                        _("Only JPEG, PNG, WebP and GIF images can be uploaded."), "format"
                    )
                if width * height > MAX_PIXELS:
                    raise _error(
                        _(
                            "The image has too many pixels (%(width)s × %(height)s); "
                            "the limit is %(limit)s megapixels."
                        ),
                        "too_many_pixels",
                        width=width,
                        height=height,
                        limit=MAX_PIXELS // 1_000_000,
                    )
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _error(
            _("The image has too many pixels; the limit is %(limit)s megapixels."),
            "too_many_pixels",
            limit=MAX_PIXELS // 1_000_000,
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _error(_("The file is not an image or it is damaged."), "invalid") from exc
    finally:
        if hasattr(upload, "seek"):
            upload.seek(0)
    return image_format, width, height


def _has_alpha(image):
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _load_clean(upload):
    """The decoded image, upright, without metadata, in RGB or RGBA."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(upload) as source:
            source.seek(0)  # the first frame of an animation
            image = ImageOps.exif_transpose(source)
            alpha = _has_alpha(image)
            image = image.convert("RGBA" if alpha else "RGB")
    # A fresh image carries no info dict: EXIF, XMP, ICC comments stay behind.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean, alpha


def _encode(image, fmt):
    buffer = io.BytesIO()
    if fmt == "WEBP":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    elif fmt == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        image.save(buffer, fmt, optimize=True)
    return buffer.getvalue()


def rendition_widths(width):
    """The widths rendered for an original `width` pixels wide."""
    widths = [w for w in RENDITION_WIDTHS if w < width]
    widths.append(min(width, RENDITION_WIDTHS[-1]))
    return sorted(set(widths))


def fallback_extension(original_ext):
    return "png" if original_ext == "png" else "jpg"


def rendition_name(name, width, ext):
    match = NAME_RE.match(name or "")
    if not match:
        return None
    return f"{match['stem'] or ''}r/{match['key']}-{width}.{ext}"


def parse_name(name):
    """(width, height, extension) from a stored name, or None for a name we did not make."""
    match = NAME_RE.match(name or "")
    if not match:
        return None
    return int(match["w"]), int(match["h"]), match["ext"]


def process_upload(upload, folder="images", storage=None):
    """Validate, clean and store `upload` with its renditions; return the stored name."""
    storage = storage or default_storage
    image_format, _width, _height = validate_image(upload)
    image, alpha = _load_clean(upload)
    ext = ALLOWED_FORMATS[image_format]
    if ext == "jpg" and alpha:
        ext = "png"
    width, height = image.size
    stem = f"{folder.strip('/')}/{timezone.now():%Y/%m}/"
    name = f"{stem}{uuid.uuid4().hex}-{width}x{height}.{ext}"
    pil_format = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[ext]
    name = storage.save(name, ContentFile(_encode(image, pil_format)))
    make_renditions(name, image, storage=storage)
    return name


def make_renditions(name, image=None, storage=None):
    storage = storage or default_storage
    parsed = parse_name(name)
    if parsed is None:
        return []
    width, height, ext = parsed
    if image is None:
        with storage.open(name) as fh:
            image, _alpha = _load_clean(fh)
    written = []
    fallback = fallback_extension(ext)
    for target in rendition_widths(width):
        resized = image
        if target < width:
            resized = image.resize((target, max(1, round(height * target / width))), Image.LANCZOS)
        for out_ext, fmt in (("webp", "WEBP"), (fallback, "JPEG" if fallback == "jpg" else "PNG")):
            out = rendition_name(name, target, out_ext)
            if storage.exists(out):
                storage.delete(out)
            written.append(storage.save(out, ContentFile(_encode(resized, fmt))))
    return written


def delete_image(name, storage=None):
    """Remove a stored original and its renditions."""
    storage = storage or default_storage
    parsed = parse_name(name)
    if parsed is None:
        return
    width, _height, ext = parsed
    for target in rendition_widths(width):
        for out_ext in ("webp", fallback_extension(ext)):
            out = rendition_name(name, target, out_ext)
            if storage.exists(out):
                storage.delete(out)
    if storage.exists(name):
        storage.delete(name)


def picture_data(name, storage=None):
    """What a <picture> needs for a stored image, computed from its name alone. Kept per
    name where the storage's URLs depend on the name alone (files under MEDIA_URL, public
    URLs of an object store): a list page shows the same covers to every reader, each with
    a dozen rendition URLs (an object store's take boto3 about 0.3 ms each)."""
    storage = storage or default_storage
    where = _public_urls_base(storage)
    if where is not None:
        return _public_picture_data(name, where, storage)
    return _picture_data(name, storage)


def _public_urls_base(storage):
    """What a storage's URLs depend on besides the name, or None when they change (signed)."""
    if isinstance(storage, FileSystemStorage):
        return storage.base_url
    if getattr(storage, "querystring_auth", True) is False:
        return (storage.bucket_name, storage.endpoint_url, storage.custom_domain)
    return None


@functools.lru_cache(maxsize=2048)
def _public_picture_data(name, where, storage):
    # `where` is part of the key: a changed MEDIA_URL or bucket (tests) makes new entries.
    return _picture_data(name, storage)


def _picture_data(name, storage):
    parsed = parse_name(name)
    if parsed is None:
        return {"src": storage.url(name), "webp": "", "fallback": "", "width": None, "height": None}
    width, height, ext = parsed
    widths = rendition_widths(width)
    fallback = fallback_extension(ext)

    def srcset(out_ext):
        return ", ".join(f"{storage.url(rendition_name(name, w, out_ext))} {w}w" for w in widths)

    middle = widths[min(len(widths) - 1, 2)]
    return {
        "src": storage.url(rendition_name(name, middle, fallback)),
        "webp": srcset("webp"),
        "fallback": srcset(fallback),
        "fallback_type": "image/png" if fallback == "png" else "image/jpeg",
        "width": width,
        "height": height,
    }


class PortalImageFormField(forms.ImageField):
    """A form field that applies the portal's checks (and their messages) before Django's."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        validate_image(data)
        return super().to_python(data)


def validate_image_upload(value):
    """Model-field validator: only fresh uploads are checked (stored files already were)."""
    if value and not getattr(value, "_committed", True):
        validate_image(value.file)


class PortalImageField(models.ImageField):
    """An ImageField whose uploads are validated, cleaned, renamed and rendered on save."""

    default_validators = [validate_image_upload]

    def __init__(self, *args, folder="images", **kwargs):
        self.folder = folder
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("upload_to", f"{folder}/")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.folder != "images":
            kwargs["folder"] = self.folder
        if kwargs.get("upload_to") == f"{self.folder}/":
            del kwargs["upload_to"]
        if kwargs.get("max_length") == 255:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", PortalImageFormField)
        return super().formfield(**kwargs)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            upload = file.file
            stored = process_upload(upload, folder=self.folder, storage=file.storage)
            file.name = stored
            file._committed = True
        return file


def editor_upload(request):
    """The rich-text editor's image upload, through the same checks as every other image.

    Answers in the JSON django-ckeditor-5's upload adapter expects:
    `{"url": …}` or `{"error": {"message": …}}`.
    """
    from django.http import JsonResponse

    if request.method != "POST":
        return JsonResponse({"error": {"message": str(_("Use POST to upload."))}}, status=405)
    if not (request.user.is_authenticated and request.user.is_staff):
        return JsonResponse(
            {"error": {"message": str(_("Only staff can upload images."))}}, status=403
        )
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": str(_("No image was sent."))}}, status=400)
    try:
        name = process_upload(upload, folder="images/editor")
    except ValidationError as exc:
        return JsonResponse({"error": {"message": " ".join(exc.messages)}}, status=400)
    # Under MEDIA_URL whatever the storage: the article keeps a URL that neither expires (a
    # signed one) nor names the store; `responsive_images` gives readers the storage's URLs.
    return JsonResponse({"url": media_path(name)})


def media_path(name):
    """The portal's own URL of a stored file: MEDIA_URL + name (portal.media.redirect_media
    sends it on to the store when media is not in a folder)."""
    from django.conf import settings
    from django.utils.encoding import filepath_to_uri

    return settings.MEDIA_URL + filepath_to_uri(name)
