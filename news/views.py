import calendar
import datetime
import functools

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from albums.links import article_albums
from albums.models import Album
from documents.models import Document, public_documents
from events.models import Event
from portal import pagecache, privacy
from portal.cache import kept_or_keep
from portal.i18n import set_alternates
from portal.paginator import IdsFirstPaginator, requested_page
from portal.security import rate_limit_exceeded
from portal.templatetags.images import picture_url

from . import readings
from .forms import CommentForm
from .models import Article, Category, Comment, Series, SeriesArticle, Tag, published_q

PER_PAGE = 12
SEARCH_PER_PAGE = 10
LATEST_PER_CATEGORY = 4
TICKER = 6  # the home page's latest highlights
COMMENT_LIMIT = 3  # comments per address…
COMMENT_WINDOW = 600  # …per this many seconds


# How long a list's count is kept: a scheduled article coming due or an article expiring (no
# save, so no new content generation) shows in the count within this time.
COUNT_SECONDS = 60
# The series box of an article: the articles shown around the one being read, and the most
# read of a series to find them (a series of hundreds is not read whole for every article).
SERIES_BOX = 9
SERIES_BOX_READ = 100


class ArticlePaginator(IdsFirstPaginator):
    """A page of a long list of published articles: its ids from the list's partial index
    (news.models.Article.Meta.indexes), and the count kept for the content generation under
    `count_key`, which names the list (its filter and language): counting 97,000 articles on
    every request cost more than building the page."""

    def __init__(self, queryset, per_page, count_key):
        super().__init__(queryset, per_page)
        self.count_key = count_key

    @cached_property
    def count(self):
        key = f"news:count:{pagecache.generation()}:{self.count_key}"
        return kept_or_keep(key, self.object_list.count, COUNT_SECONDS)


def paginate(request, queryset, per_page=PER_PAGE, count_key=None):
    """The requested page; a page that is not a number or past the end is a 404. A queryset
    with a `count_key` is paged by ArticlePaginator."""
    if count_key is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = ArticlePaginator(queryset, per_page, f"{count_key}:{_language()}")
    return requested_page(request, paginator)


def _union_ids(parts):
    """The ids of several sliced querysets: one UNION query where the database allows a
    LIMIT in each part (PostgreSQL), one query each otherwise (SQLite)."""
    if not parts:
        return []
    if connection.features.supports_slicing_ordering_in_compound:
        return [pk for (pk,) in parts[0].union(*parts[1:], all=True)]
    return [pk for part in parts for (pk,) in part]


def _language():
    return translation.get_language()


def home(request):
    language = _language()
    published = Article.objects.published(language).for_list()
    ticker = list(published.filter(is_highlight=True)[:TICKER])
    # The lead story is the editors' choice: the latest highlight with a picture, most often
    # one of the ticker's (older highlights are looked for only when the ticker is full).
    lead = next((a for a in ticker if a.cover), None)
    if lead is None and len(ticker) == TICKER:
        lead = published.filter(is_highlight=True).exclude(cover="").first()
    lead = lead or published.exclude(cover="").first() or published.first()
    categories = Category.kept()
    # The newest few of each category: one indexed LIMIT per category, in one query (a
    # window over all published articles would number every one of them).
    others = published.exclude(pk=lead.pk if lead else None).order_by("-published_at", "-id")
    parts = [
        others.filter(category_id=c.pk).values_list("pk")[:LATEST_PER_CATEGORY] for c in categories
    ]
    latest = others.filter(pk__in=_union_ids(parts))
    by_category = {}
    for article in latest:
        by_category.setdefault(article.category_id, []).append(article)
    sections = [(c, by_category[c.pk]) for c in categories if by_category.get(c.pk)]
    return render(
        request,
        "home.html",
        {"ticker": ticker, "lead": lead, "sections": sections, "categories": categories},
    )


def index(request):
    page = paginate(request, Article.objects.published().for_list(), count_key="index")
    return render(
        request,
        "news/index.html",
        {"page": page, "categories": Category.objects.all(), "months": archive_months()},
    )


def archive_months():
    """(year, month) pairs that have published articles, newest first, kept for the content
    generation (a scheduled article coming due in a new month, or the last of a month
    expiring, shows within 5 minutes)."""
    language = _language()
    key = f"news:archive-months:{pagecache.generation()}:{language}"

    def read():
        dates = Article.objects.published(language).dates("published_at", "month", order="DESC")
        return [(d.year, d.month) for d in dates]

    months = kept_or_keep(key, read, 300)
    return [datetime.date(y, m, 1) for y, m in months]


def category(request, slug):
    language = _language()
    item = get_object_or_404(Category, **{Category.slug_field(language): slug})
    articles = Article.objects.published(language).for_list().filter(category=item)
    page = paginate(request, articles, count_key=f"category:{item.pk}")
    set_alternates(request, {code: item.get_absolute_url(code) for code in ("vi", "en")})
    return render(
        request, "news/category.html", {"category": item, "page": page, "feed_category": item}
    )


def tag(request, slug):
    language = _language()
    item = get_object_or_404(Tag, **{Tag.slug_field(language): slug})
    articles = Article.objects.published(language).for_list().filter(tags=item)
    page = paginate(request, articles, count_key=f"tag:{item.pk}")
    set_alternates(request, {code: item.get_absolute_url(code) for code in ("vi", "en")})
    return render(request, "news/tag.html", {"tag": item, "page": page})


def archive(request, year, month):
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise Http404("no such month")
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    days = calendar.monthrange(year, month)[1]
    end = start + datetime.timedelta(days=days)
    articles = (
        Article.objects.published().for_list().filter(published_at__gte=start, published_at__lt=end)
    )
    page = paginate(request, articles, count_key=f"archive:{year}-{month}")
    return render(
        request,
        "news/archive.html",
        {"page": page, "month": start.date(), "months": archive_months()},
    )


def series_index(request):
    """The series that have articles a reader of this language may see, the one with the
    newest article first (one query for the page, one for the count)."""
    language = _language()
    shown = published_q(language, "entries__article__")
    items = (
        Series.objects.annotate(
            article_count=Count("entries", filter=shown),
            newest=Max("entries__article__published_at", filter=shown),
        )
        .filter(article_count__gt=0)
        .order_by("-newest", "-id")
    )
    if language == "en":
        items = items.filter(slug_en__isnull=False)
    page = paginate(request, items)
    return render(request, "news/series_index.html", {"page": page})


def series(request, slug):
    """A series' published articles in the editors' order (404 when it has none in this
    language: it is then in no list and no sitemap)."""
    language = _language()
    item = get_object_or_404(Series, **{Series.slug_field(language): slug})
    articles = (
        Article.objects.published(language)
        .for_list()
        .filter(series_entries__series=item)
        .order_by("series_entries__position", "series_entries__id")
    )
    page = paginate(request, articles)
    if not page.paginator.count:
        raise Http404("no articles in this series")
    # The other language's page exists if the series has a slug and an article there.
    other = "en" if language == "vi" else "vi"
    elsewhere = (
        item.slug_for(other)
        and Article.objects.published(other).filter(series_entries__series=item).exists()
    )
    alternates = {language: item.get_absolute_url(language)}
    alternates[other] = item.get_absolute_url(other) if elsewhere else None
    set_alternates(request, alternates)
    context = {"series": item, "page": page, "feed_series": item}
    if item.cover:
        context["share_image"] = request.build_absolute_uri(picture_url(item.cover, 1280))
        context["share_image_alt"] = item.title
    return render(request, "news/series.html", context)


@functools.lru_cache(maxsize=len(settings.LANGUAGES))
def _article_links(language):
    """What an article page shows besides the article, by relation: the prefetch that reads
    it. An article is read with a flag for each (`_article_queryset`), so only the relations
    it has are read: most articles have no album, event, document or series.

    Built once per language: the Prefetch objects are only read (their querysets are cloned
    for each use), so every request of a language shares them."""
    return {
        "tags": "tags",
        "unions": "unions",
        "associations": "associations",
        "comments": Prefetch(
            "comments",
            queryset=Comment.objects.filter(status=Comment.Status.APPROVED).only(
                "id", "article_id", "name", "body", "created_at"
            ),
            to_attr="public_comments",
        ),
        # The albums the article shows, each with a strip of its first photos (two queries).
        "albums": article_albums(language),
        # "About the event …": the published events the article was written about.
        "events": Prefetch(
            "events",
            queryset=Event.objects.published()
            .only("id", "slug", "title_vi", "title_en", "starts_at", "ends_at", "all_day")
            .order_by("-starts_at"),
            to_attr="public_events",
        ),
        # "Related documents": the published official documents linked to the article.
        "documents": public_documents(),
        "series_entries": None,  # read by _series_boxes
    }


def _article_queryset(language=None):
    """The article with its category and a flag for each relation the page shows: whether it
    has any (an EXISTS each, in the article's own query). Built once (eight subqueries cost
    about a millisecond to build): it is never evaluated itself, only filtered, which clones."""
    return _annotated_articles()


@functools.cache
def _annotated_articles():
    def linked(model):
        return Exists(model.objects.filter(article_id=OuterRef("pk")))

    approved = Comment.objects.filter(article_id=OuterRef("pk"), status=Comment.Status.APPROVED)
    return Article.objects.select_related("category").annotate(
        has_tags=linked(Article.tags.through),
        has_unions=linked(Article.unions.through),
        has_associations=linked(Article.associations.through),
        has_comments=Exists(approved),
        has_albums=linked(Album.articles.through),
        has_events=linked(Event.articles.through),
        has_documents=linked(Document.articles.through),
        has_series_entries=linked(SeriesArticle),
    )


def _read_links(article, language):
    """Read the relations the article has (its `has_…` flags); the others are set empty
    without a query."""
    links = _article_links(language)
    wanted = []
    for name, prefetch in links.items():
        present = getattr(article, f"has_{name}", True)
        if prefetch is None:
            continue
        if present:
            wanted.append(prefetch)
        elif isinstance(prefetch, Prefetch):
            setattr(article, prefetch.to_attr, [])
        else:
            # Empty as a prefetch leaves it (Django's prefetch_one_level sets the same two
            # attributes): the template's `article.unions.all` then compiles no SQL, which
            # a none() queryset does before it finds itself empty.
            empty = getattr(article, name).all()
            empty._result_cache, empty._prefetch_done = [], True
            article.__dict__.setdefault("_prefetched_objects_cache", {})[name] = empty
    prefetch_related_objects([article], *wanted)


def _series_boxes(article, language):
    """For each series of the article that has a page in `language`: the series and up to
    SERIES_BOX of its published articles around this one, which is marked. One query
    whatever the number of series and articles: the published entries of every series the
    article is in, with their series, cut at SERIES_BOX_READ a series by a window function."""
    entries = (
        SeriesArticle.objects.filter(
            published_q(language, "article__"),
            series__in=SeriesArticle.objects.filter(article=article).values("series_id"),
        )
        .exclude(**{f"series__{Series.slug_field(language)}": None})
        .select_related("series", "article")
        .only(
            "id",
            "series_id",
            "article_id",
            "position",
            "series__id",
            "series__title_vi",
            "series__title_en",
            "series__slug_vi",
            "series__slug_en",
            "article__id",
            "article__slug_vi",
            "article__slug_en",
            "article__title_vi",
            "article__title_en",
        )
        .annotate(
            place=Window(RowNumber(), partition_by=[F("series_id")], order_by=["position", "id"])
        )
        .filter(place__lte=SERIES_BOX_READ)
        .order_by("series_id", "position", "id")
    )
    by_series = {}
    for entry in entries:
        by_series.setdefault(entry.series_id, (entry.series, []))[1].append(entry)
    boxes = []
    for series, found in by_series.values():
        here = next((i for i, e in enumerate(found) if e.article_id == article.pk), None)
        start = 0
        if here is not None:
            start = max(0, min(here - SERIES_BOX // 2, len(found) - SERIES_BOX))
        boxes.append(
            {
                "series": series,
                "entries": found[start : start + SERIES_BOX],
                "start": start + 1,
                "number": None if here is None else here + 1,
                # Exact unless the series is longer than what was read of it.
                "total": len(found) if len(found) < SERIES_BOX_READ else None,
            }
        )
    return boxes


def _related(article, language):
    """The newest articles of the same category or with a tag in common (two indexed
    queries in one; an OR across the tag join would read the whole table)."""
    tag_ids = [t.pk for t in article.tags.all()]
    base = Article.objects.published(language).exclude(pk=article.pk)
    order = ("-published_at", "-id")
    ids = base.filter(category_id=article.category_id).order_by(*order).values_list("pk")[:4]
    parts = [ids]
    if tag_ids:
        parts.append(base.filter(tags__in=tag_ids).order_by(*order).values_list("pk")[:4])
    return list(Article.objects.for_list().filter(pk__in=_union_ids(parts)).order_by(*order)[:4])


def render_article(request, article, form=None, preview=False, status=200):
    language = _language()
    _read_links(article, language)
    set_alternates(request, {code: article.get_absolute_url(code) for code in ("vi", "en")})
    context = {
        "article": article,
        # Called by the template only when its kept box (a shared fragment for the article
        # and the content generation) is missing: the box is not the page's own content, and
        # finding it cost a fifth of the page.
        "related_articles": functools.partial(_related, article, language),
        "series_boxes": (
            _series_boxes(article, language) if getattr(article, "has_series_entries", True) else []
        ),
        "form": form or CommentForm(),
        "preview": preview,
        "feed_category": article.category,
        "canonical": request.build_absolute_uri(article.get_absolute_url(language) or ""),
        "share_type": "article",
    }
    if article.cover:
        context["share_image"] = request.build_absolute_uri(picture_url(article.cover, 1280))
        context["share_image_alt"] = article.cover_caption
    response = render(request, "news/article.html", context, status=status)
    embed = article.video_embed_url
    if embed:
        # The site allows no frames; a video article allows its one player's origin.
        origin = "/".join(embed.split("/")[:3])
        response._csp_replace = {"frame-src": [origin]}
    return response


def article(request, slug):
    language = _language()
    item = _article_queryset().published(language).filter(**{Article.slug_field(language): slug})
    item = item.first()
    if item is None:
        return _withdrawn(request, slug, language) or _not_in_this_language(request, slug, language)
    # Counted in the shared cache and written ten at a time (news.readings); the page shows
    # the total with this reading and those not written yet.
    item.view_count += readings.count(item.pk)
    response = render_article(request, item)
    # The page cache counts a reading of its copy with the article's id (portal.pagecache).
    response.hit_hook_kwargs = {"pk": item.pk}
    return response


def _withdrawn(request, slug, language):
    """The address of an article whose expiry has passed: 410 Gone and a short notice (what
    it was is not shown: an article may be withdrawn for any reason), or None."""
    item = (
        Article.objects.expired()
        .filter(**{Article.slug_field(language): slug})
        .only("id", "slug_vi", "slug_en", "expires_at")
        .first()
    )
    if item is None:
        return None
    set_alternates(request, {code: item.get_absolute_url(code) for code in ("vi", "en")})
    return render(request, "news/withdrawn.html", {"withdrawn": item}, status=410)


def _not_in_this_language(request, slug, language):
    """The address of a Vietnamese-only article in another language (what the language
    switcher of another site, or a reader editing the URL, makes of it): still a 404, but one
    that says there is no translation and links the original."""
    if language == settings.LANGUAGE_CODE:
        raise Http404("no such article")
    original = (
        Article.objects.published(settings.LANGUAGE_CODE)
        .filter(slug_vi=slug, slug_en__isnull=True)
        .only("id", "slug_vi", "title_vi")
        .first()
    )
    if original is None:
        raise Http404("no such article")
    url = original.get_absolute_url(settings.LANGUAGE_CODE)
    set_alternates(request, {settings.LANGUAGE_CODE: url, language: None})
    context = {"original": original, "original_url": url}
    return render(request, "news/no_translation.html", context, status=404)


@require_POST
def comment(request, slug):
    language = _language()
    item = get_object_or_404(
        _article_queryset().published(language), **{Article.slug_field(language): slug}
    )
    form = CommentForm(request.POST)
    if form.is_valid():
        if form.cleaned_data.get("website"):
            # The honeypot was filled in: a robot. It is told the same as a person.
            messages.success(request, _("Thank you. Your comment will appear once approved."))
            return redirect(item.get_absolute_url(language) + "#comments")
        if rate_limit_exceeded(request, "comments", COMMENT_LIMIT, COMMENT_WINDOW):
            form.add_error(
                None,
                _("You have sent several comments in a short time. Please try again later."),
            )
            return render_article(request, item, form=form, status=429)
        comment = Comment(
            article=item,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            body=form.cleaned_data["body"],
            language=language,
        )
        privacy.record_consent(comment)
        comment.save()
        messages.success(request, _("Thank you. Your comment will appear once approved."))
        return redirect(item.get_absolute_url(language) + "#comments")
    return render_article(request, item, form=form, status=400)


# Ranked among the newest matches only (found through the GIN index, or by walking the
# date index for a common word): ranking every article that contains a common word would
# read the stored vectors of tens of thousands of articles for one page of results. The
# page says so when the limit is reached, and suggests another word.
SEARCH_CANDIDATES = 200


def _postgres_matches(queryset, terms, language):
    """Full text over the stored documents: (the matching articles, their rank)."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    from .search import StoredDocument

    query = SearchQuery(" & ".join(terms), config="simple", search_type="raw")
    vector = StoredDocument(language)
    return queryset.annotate(document=vector).filter(document=query), SearchRank(vector, query)


def _simple_matches(queryset, terms, language):
    """Substrings of the folded columns (SQLite): (the matching articles, title hits first)."""
    title, text = f"search_title_{language}", f"search_text_{language}"
    matches = queryset
    for term in terms:
        matches = matches.filter(
            Q(**{f"{title}__contains": term}) | Q(**{f"{text}__contains": term})
        )
    title_hits = [
        Case(When(**{f"{title}__contains": t}, then=Value(1)), default=Value(0)) for t in terms
    ]
    score = sum(title_hits[1:], title_hits[0])
    return matches, ExpressionWrapper(score, output_field=IntegerField())


def ranked_search(queryset, terms, language):
    """The ids of the newest SEARCH_CANDIDATES articles of `queryset` matching every term, best
    first: one query reads them with their rank, and they are ordered here (a stable sort by
    rank keeps the newest first among equals). Ranking them in SQL took a second pass over the
    same rows."""
    find = _postgres_matches if connection.vendor == "postgresql" else _simple_matches
    matches, rank = find(queryset, terms, language)
    candidates = (
        matches.annotate(rank=rank)
        .order_by("-published_at", "-id")
        .values_list("pk", "rank")[:SEARCH_CANDIDATES]
    )
    return [pk for pk, _rank in sorted(candidates, key=lambda row: -row[1])]
