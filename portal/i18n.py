"""The same page in the other language.

By default a page's counterpart is found by re-reversing its URL in the other
language (Django's translate_url). Views whose URLs carry translated slugs call
`set_alternates(request, {...})` with the real URLs, and `None` for a language in
which the content does not exist; the language switcher and the hreflang links
then follow what the view said.

The path a server passes on is not always a plain path: gunicorn hands `//evil.example/vi/…`
to Django as it came, and `translate_url` would keep `evil.example` as the host of every link
it makes. Only the path and query are translated, and a result that a browser could read as
another host is replaced by the language's home page.
"""

import re
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse, translate_url
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS, url_has_allowed_host_and_scheme


def set_alternates(request, urls):
    request.alternate_urls = dict(urls)


def alternate_urls(request):
    """{language code: absolute path of this page in that language, or None}."""
    explicit = getattr(request, "alternate_urls", None)
    urls = {}
    for code, _name in settings.LANGUAGES:
        if explicit is not None and code in explicit:
            urls[code] = explicit[code]
        else:
            urls[code] = _translate(request, local_path(request.get_full_path()), code)
        if urls[code] is not None and not is_local(urls[code]):
            urls[code] = f"/{code}/"
    return urls


def _translate(request, url, language):
    """translate_url(url, language) for the request's own URL, from the match Django already
    made of its path: resolving it again costs ~300 µs, twice a page."""
    match = getattr(request, "resolver_match", None)
    parts = urlsplit(url)
    if match is None or match.url_name is None or parts.path != request.path:
        return translate_url(url, language)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    try:
        if language == translation.get_language():
            path = reverse(name, args=match.args, kwargs=match.kwargs)
        else:
            with translation.override(language):
                path = reverse(name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return url  # as translate_url
    return urlunsplit(("", "", path, parts.query, ""))


def local_path(url):
    """`url` without scheme or host, its path starting with exactly one slash."""
    parts = urlsplit(url)
    return urlunsplit(("", "", "/" + parts.path.lstrip("/\\"), parts.query, ""))


def is_local(url):
    # Django's own test for redirects: no scheme, no host, nothing a browser would turn
    # into one (a backslash, a leading control character, three slashes).
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def translated(field, language=None):
    """A translated field (modeltranslation's `field_vi`, `field_en`) in `language`, falling
    back to Vietnamese as the model would (settings.MODELTRANSLATION_FALLBACK_LANGUAGES), as
    an SQL expression: for long lists read with values(), where a model instance per row
    costs more than the page's queries."""
    language = language or translation.get_language()
    default = F(f"{field}_{settings.LANGUAGE_CODE}")
    if language == settings.LANGUAGE_CODE:
        return default
    return Coalesce(NullIf(f"{field}_{language}", Value("")), default, output_field=CharField())


# What reverse_in() builds from a PathPattern: one slug-like value (what a slug converter
# accepts, which quote() leaves alone), so the result is what reverse() would give.
SLUG_VALUE = re.compile(r"[-a-zA-Z0-9_]+")
_patterns = {}


def reverse_in(language, viewname, **kwargs):
    """reverse() in `language` (its prefix and translated path). A page links dozens of
    articles and categories by their slug: reverse() costs ~60 µs each with the translated,
    prefixed patterns, so a one-slug URL is put together from its pattern reversed once (per
    language, URLconf and script prefix: tests change them). Anything else is reversed, in the
    other language only when asked (switching costs more than the reverse)."""
    if len(kwargs) == 1:
        ((keyword, value),) = kwargs.items()
        if isinstance(value, str) and SLUG_VALUE.fullmatch(value):
            key = (viewname, keyword, get_urlconf(), get_script_prefix())
            pattern = _patterns.get(key)
            if pattern is None:
                pattern = _patterns[key] = PathPattern(viewname, keyword)
            return pattern(value, language or translation.get_language())
    if language == translation.get_language():
        return reverse(viewname, kwargs=kwargs)
    with translation.override(language):
        return reverse(viewname, kwargs=kwargs)


class PathPattern:
    """reverse(name, kwargs={keyword: value}) for many values: reversed once per language with a
    placeholder, each value then put in its place and quoted as reverse() quotes it. reverse()
    costs ~60 µs with the translated, prefixed patterns, and a sitemap page needs thousands."""

    PLACEHOLDER = "0sitemap0"  # accepted by the slug and str converters, left alone by quote()

    def __init__(self, name, keyword):
        self.name, self.keyword = name, keyword
        self.parts = {}

    def __call__(self, value, language):
        parts = self.parts.get(language)
        if parts is None:
            with translation.override(language):
                path = reverse(self.name, kwargs={self.keyword: self.PLACEHOLDER})
            prefix, _mark, suffix = path.partition(self.PLACEHOLDER)
            parts = self.parts[language] = (prefix, suffix)
        return parts[0] + quote(str(value), safe=RFC3986_SUBDELIMS + "/~:@") + parts[1]
