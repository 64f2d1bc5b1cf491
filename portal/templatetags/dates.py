"""Django's `date` filter, each answer kept (settings.TEMPLATES makes this library a builtin,
so `{{ value|date }}` everywhere is this one).

A list page formats 20 to 50 dates: Django's filter looks up the language's format and parses
it for every value (about 50 µs each), while the same few dates and formats recur on every
page. The answer depends only on the value, its time zone, the format and the language.
"""

import datetime
import functools

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.utils import translation

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _formatted(value, tzname, offset, arg, language):
    # Called with `language` active: the cache key says which language the answer is in.
    return defaultfilters.date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if not isinstance(value, datetime.date):
        return defaultfilters.date(value, arg)
    tz = getattr(value, "tzinfo", None)
    # Two aware datetimes of the same instant are equal whatever their zone: the zone is
    # part of the key.
    zone = (str(tz), value.utcoffset()) if tz is not None else (None, None)
    return _formatted(value, *zone, arg, translation.get_language())


@receiver(setting_changed)
def _forget(**kwargs):
    # Formats come from settings and locale files (tests override them).
    _formatted.cache_clear()
