"""Readings of articles: the total (`Article.view_count`) and one count a day
(`ArticleReading`), for the "most read" lists of the last 7 and 30 days.

A reading is counted in the shared cache, by the article view and by the page cache when it
serves a copy of the page (news.pagecache.HIT_HOOKS). Every VIEW_BATCH readings of an
article, one transaction adds them to its total and to today's row: two statements per ten
readings of a popular article, never a write per reading. The total and the days are added
the same batches, so the total is the readings counted before this feature (the demo's, an
import's) plus the sum of the days, until old days are pruned (KEEP_DAYS).

Readings still in the cache (fewer than a batch an article) are lost if the cache is; a batch
is dated the day it is written. Days are the portal's (Asia/Ho_Chi_Minh, settings.TIME_ZONE).
"""

import datetime
import time

from django.core.cache import cache
from django.db import connections, router, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone, translation

from portal import pagecache
from portal.cache import kept_or_keep
from portal.i18n import PathPattern

from .models import Article, ArticleReading, published_q

# Days of readings kept: a year of "most read" and a little more, for a year's comparison.
KEEP_DAYS = 400
# The lists: days back from today (today included), articles in each.
WINDOWS = (7, 30)
MOST_READ = 5
# Read beyond MOST_READ: the lists stay full when an article in them expires.
SPARE = 3
LANGUAGES = ("vi", "en")
# How long the lists are kept for a content generation: readings add up without a save.
MOST_READ_SECONDS = 300


def today():
    return timezone.localdate(timezone=timezone.get_default_timezone())


def count(article_id):
    """Count one reading; return how many of the article's readings, this one included, the
    total read from the database before it lacks (what the page adds to the total it shows)."""
    key = f"news:readings:{article_id}"
    try:
        counted = cache.incr(key)
    except ValueError:  # the article's first reading, or the counter was evicted
        counted = 1 if cache.add(key, 1, None) else cache.incr(key)
    pending = counted % pagecache.VIEW_BATCH
    if pending == 0:
        write(article_id, pagecache.VIEW_BATCH)
        return pagecache.VIEW_BATCH
    return pending


def write(article_id, readings, day=None):
    """Add `readings` to the article's total and to its row of `day` (today): one UPDATE and
    one upsert, which adds to the row rather than setting it (Django's
    bulk_create(update_conflicts=True) can only set it), with the same SQL on PostgreSQL and
    SQLite. Neither sends a signal: readings are not content, and no cached page is dropped."""
    using = router.db_for_write(ArticleReading)
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = ArticleReading._meta
    table = quote(meta.db_table)
    article, when, total = (quote(meta.get_field(f).column) for f in ("article", "day", "count"))
    # The names are the model's, quoted: no value is put into the SQL.
    sql = (
        f"INSERT INTO {table} ({article}, {when}, {total}) VALUES (%s, %s, %s) "  # noqa: S608
        f"ON CONFLICT ({article}, {when}) "
        f"DO UPDATE SET {total} = {table}.{total} + excluded.{total}"
    )
    with transaction.atomic(using=using):
        found = (
            Article.objects.using(using)
            .filter(pk=article_id)
            .update(view_count=F("view_count") + readings)
        )
        if found:  # not deleted meanwhile
            with connection.cursor() as cursor:
                cursor.execute(sql, [article_id, day or today(), readings])


def prune(now=None, dry_run=False):
    """Delete the days older than KEEP_DAYS (manage.py apply_retention, daily); return how
    many rows. One DELETE: through the ORM each row would be read and signalled."""
    before = (now or today()) - datetime.timedelta(days=KEEP_DAYS)
    old = ArticleReading.objects.filter(day__lt=before)
    if dry_run:
        return old.count()
    using = router.db_for_write(ArticleReading)
    connection = connections[using]
    meta = ArticleReading._meta
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(meta.db_table)} "  # noqa: S608
            f"WHERE {connection.ops.quote_name(meta.get_field('day').column)} < %s",
            [before],
        )
        return cursor.rowcount


def _ranked():
    """Every list of every language in one query: each article read within the longest
    window, its sum over each window and its rank by each (window functions; in English
    among the articles that have an English version), cut to the ranks that may be shown.
    Kept with each entry: its expiry, so that one passing drops it from the copy."""
    first = today()
    longest = first - datetime.timedelta(days=max(WINDOWS) - 1)
    english = ExpressionWrapper(Q(slug_en__isnull=False), output_field=BooleanField())
    sums, ranks, shown = {}, {}, Q()
    for days in WINDOWS:
        since = first - datetime.timedelta(days=days - 1)
        sums[f"r{days}"] = Sum("readings__count", filter=Q(readings__day__gte=since))
        order = [F(f"r{days}").desc(nulls_last=True), F("published_at").desc(), F("id").desc()]
        ranks[f"vi{days}"] = Window(RowNumber(), order_by=order)
        ranks[f"en{days}"] = Window(RowNumber(), partition_by=[english], order_by=order)
        shown |= Q(**{f"vi{days}__lte": MOST_READ + SPARE})
        # (The first ranks of the articles without English come too, and are not used.)
        shown |= Q(**{f"en{days}__lte": MOST_READ + SPARE})
    rows = (
        Article.objects.filter(published_q("vi"), readings__day__gte=longest)
        .values("id", "published_at", "slug_vi", "slug_en", "title_vi", "title_en", "expires_at")
        .annotate(**sums)
        .annotate(**ranks)
        .filter(shown)
    )
    paths = PathPattern("news:article", "slug")
    lists = {(language, days): [] for language in LANGUAGES for days in WINDOWS}
    for row in rows:
        expires = row["expires_at"].timestamp() if row["expires_at"] else None
        for language in LANGUAGES:
            slug = row[f"slug_{language}"]
            for days in WINDOWS:
                place = row[f"{language}{days}"]
                if slug and row[f"r{days}"] and place <= MOST_READ + SPARE:
                    item = {
                        "url": paths(slug, language),
                        "title": row[f"title_{language}"],
                        "expires": expires,
                    }
                    lists[(language, days)].append((place, item))
    return {
        key: [item for _place, item in sorted(items, key=lambda x: x[0])]
        for key, items in lists.items()
    }


def most_read(language=None):
    """[(days, [{url, title}…]) for each of WINDOWS]: the most read articles a reader of
    `language` may see. One aggregate query over the days' index for every list of both
    languages, kept for the content generation (a save shows at once) and
    MOST_READ_SECONDS at most; an article whose expiry passes meanwhile leaves at its time."""
    language = language or translation.get_language()
    key = f"news:most-read:{pagecache.generation()}:{today().isoformat()}"
    found = kept_or_keep(key, _ranked, MOST_READ_SECONDS)
    now = time.time()
    return [
        (
            days,
            [
                item
                for item in found[(language, days)]
                if item["expires"] is None or item["expires"] > now
            ][:MOST_READ],
        )
        for days in WINDOWS
    ]
