"""The same page in the other language.

By default a page's counterpart is found by re-reversing its URL in the other
language (Django's translate_url). Views whose URLs carry translated slugs call
`set_alternates(request, {...})` with the real URLs, and `None` for a language in
which the content does not exist; the language switcher and the hreflang links
then follow what the view said.
"""

from django.conf import settings
from django.urls import translate_url


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
            urls[code] = translate_url(request.get_full_path(), code)
    return urls
