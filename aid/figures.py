"""The figures of the aid overview and dashboard, kept in the shared cache.

They sum every transaction (aid/reports.py: one query, a pass over all of them), so they are
kept under a version of the aid data rather than the page cache's generation: an article
saved leaves them as they are. Any aid data saved or deleted gives a new version, and once
its transaction commits the figures that readers open first are computed again (`refresh`:
the overview and the dashboard unfiltered, in VND, in each language), so that the first
reader after a save is not the one who waits for them. Any other filter or currency is
computed by its first reader and kept as well. A stale figure is never read: the version is
part of every key.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy

from portal.cache import counter, increment

from . import reports

SECONDS = 3600
VERSION_KEY = "aid:figures:version"
UNSPECIFIED = gettext_lazy("Not specified")
# Computed when aid data changes: what the unfiltered overview (published projects only)
# and dashboard show by default.
REFRESHED = ((reports.Filters(published_only=True), "VND"), (reports.Filters(), "VND"))


def version():
    return counter(VERSION_KEY)


def key(filters, currency):
    """What the figures depend on: the filters, the currency, the language and the version of
    the aid data."""
    parts = tuple(
        (field, getattr(value, "pk", value)) for field, value in sorted(vars(filters).items())
    )
    raw = repr((parts, currency, get_language()))
    return f"{version()}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"


def cached(name, compute, filters, currency):
    cache_key = f"aid:{name}:{key(filters, currency)}"
    value = cache.get(cache_key)
    if value is None:
        value = compute(filters, currency)
        cache.set(cache_key, value, SECONDS)
    return value


def sections(filters, currency):
    """Every figure of the overview and the dashboard (reports.sections)."""
    return cached(
        "sections",
        lambda f, c: reports.sections(f, c, UNSPECIFIED),
        filters,
        currency,
    )


def bump():
    increment(VERSION_KEY)


def refresh():
    """A new version, and the figures readers open first computed for it."""
    bump()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for filters, currency in REFRESHED:
                sections(filters, currency)


def changed(action=None, **_kwargs):
    """Aid data changed: a new version now, and again once the transaction commits, with the
    figures readers open first computed for it (once, however many rows the transaction
    wrote). Again, because a reader meanwhile reads the rows as they were and keeps its
    figures under the first new version. Outside a transaction (a script saving row by row)
    only the new version: the first reader computes the figures."""
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: the same change is sent again once made
    bump()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # run_on_commit holds (savepoint ids, function, robust) for each callback.
    if all(entry[1] is not refresh for entry in connection.run_on_commit):
        # Robust: the rows are saved whatever happens here; a reader computes the figures.
        transaction.on_commit(refresh, robust=True)
