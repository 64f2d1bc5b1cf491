"""`{% picture image alt=… sizes=… %}`: a responsive <picture> for an image stored by portal.images.

Renditions are found from the stored name alone, so a list of twenty articles costs
no query and no file access for its pictures.
"""

import functools
import re

from django import template
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from portal.images import _public_urls_base, parse_name, picture_data

register = template.Library()

DEFAULT_SIZES = "(min-width: 1100px) 1040px, 100vw"


@register.simple_tag
def picture(image, alt="", sizes=DEFAULT_SIZES, css_class="", loading="lazy"):
    """`image` is a FieldFile (or a stored name); renders nothing when it is empty."""
    name = getattr(image, "name", image)
    if not name:
        return ""
    storage = getattr(image, "storage", default_storage)
    where = _public_urls_base(storage)
    if where is not None and all(
        isinstance(value, str) for value in (alt, sizes, css_class, loading)
    ):
        return _public_picture(name, where, storage, alt, sizes, css_class, loading)
    return _picture(name, storage, alt, sizes, css_class, loading)


@functools.lru_cache(maxsize=1024, typed=True)
def _public_picture(name, where, storage, alt, sizes, css_class, loading):
    # A list shows a dozen covers, the same for every reader: the markup is kept per image
    # and arguments where the URLs depend on the name alone (as picture_data's). `typed`:
    # a safe string is not escaped again, a plain one is.
    return _picture(name, storage, alt, sizes, css_class, loading)


def _picture(name, storage, alt, sizes, css_class, loading):
    data = picture_data(name, storage=storage)
    dimensions = ""
    if data["width"]:
        dimensions = format_html(' width="{}" height="{}"', data["width"], data["height"])
    img = format_html(
        '<img src="{}"{} alt="{}" loading="{}" decoding="async"{}{}>',
        data["src"],
        format_html(' srcset="{}" sizes="{}"', data["fallback"], sizes) if data["fallback"] else "",
        alt,
        loading,
        dimensions,
        format_html(' class="{}"', css_class) if css_class else "",
    )
    if not data["webp"]:
        return img
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">{}</picture>',
        data["webp"],
        sizes,
        img,
    )


IMG_SRC_RE = re.compile(r'<img\b([^>]*?)\bsrc="([^"]+)"([^>]*)>')


@register.filter(is_safe=True)
def responsive_images(html):
    """Give the editor's inline images (already sanitized HTML) their renditions."""
    if not html:
        return html
    # Editor uploads are linked under MEDIA_URL (portal.images.editor_upload), whatever the
    # storage; S3 storage has no base_url.
    media_url = settings.MEDIA_URL

    def replace(match):
        before, src, after = match.groups()
        if not src.startswith(media_url) or "srcset=" in match.group(0):
            return match.group(0)
        name = src[len(media_url) :]
        if parse_name(name) is None:
            return match.group(0)
        data = picture_data(name)
        return (
            f'<picture><source type="image/webp" srcset="{escape(data["webp"])}" '
            f'sizes="{DEFAULT_SIZES}"><img{before}src="{escape(data["src"])}" '
            f'srcset="{escape(data["fallback"])}" sizes="{DEFAULT_SIZES}" loading="lazy" '
            f'width="{data["width"]}" height="{data["height"]}"{after}></picture>'
        )

    return mark_safe(IMG_SRC_RE.sub(replace, str(html)))  # noqa: S308 - input is sanitized HTML


@register.simple_tag
def picture_url(image, width=1280):
    """The URL of the fallback rendition closest to `width` (for og:image, video posters)."""
    from portal.images import fallback_extension, rendition_name, rendition_widths

    name = getattr(image, "name", image)
    if not name:
        return ""
    storage = getattr(image, "storage", default_storage)
    parsed = parse_name(name)
    if parsed is None:
        return storage.url(name)
    widths = rendition_widths(parsed[0])
    best = min(widths, key=lambda w: abs(w - width))
    return storage.url(rendition_name(name, best, fallback_extension(parsed[2])))
