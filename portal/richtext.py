"""Rich text: one allowlist, applied by nh3 every time rich text is stored."""

import re

import nh3
from django.db import models
from django_ckeditor_5.widgets import CKEditor5Widget

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "span",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "figure",
    "figcaption",
    "img",
    "picture",
    "source",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "oembed",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading"},
    "source": {"srcset", "type", "sizes"},
    "figure": {"class"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "oembed": {"url"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _web_address(url):
    # Browsers drop whitespace and control characters inside a scheme ("java\tscript:").
    scheme = _SCHEME.match(_INVISIBLE.sub("", url))
    return scheme is None or scheme.group(1).lower() in ("http", "https")


def _filter_attribute(tag, attribute, value):
    # nh3 applies URL_SCHEMES only to the attributes it knows hold URLs (href, src, …);
    # CKEditor's <oembed url> and the candidates of a srcset are checked here.
    if tag == "oembed" and attribute == "url":
        return value if value.strip().lower().startswith(("https://", "http://")) else None
    if attribute == "srcset":
        candidates = [c.strip().split(" ")[0] for c in value.split(",") if c.strip()]
        return value if all(_web_address(c) for c in candidates) else None
    return value


def sanitize_html(value: str) -> str:
    """Return `value` with only allowlisted markup: no scripts, handlers or javascript: URLs."""
    if not value:
        return value
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


class RichTextField(models.TextField):
    """Rich text edited with CKEditor 5 and sanitized before it reaches the database.

    A TextField (not django-ckeditor-5's own field) so that modeltranslation can
    make its _vi and _en twins, which inherit the sanitizing pre_save.
    """

    def __init__(self, *args, config_name="default", **kwargs):
        self.config_name = config_name
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.config_name != "default":
            kwargs["config_name"] = self.config_name
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        # The admin passes its own textarea for every TextField; the editor wins over it.
        if not isinstance(kwargs.get("widget"), CKEditor5Widget):
            kwargs["widget"] = CKEditor5Widget(config_name=self.config_name)
        return super().formfield(**kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
