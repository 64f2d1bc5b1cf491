import urllib.parse

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from news import views as news_views
from news.models import Article, Category
from news.views import SEARCH_PER_PAGE, paginate, ranked_search
from portal.paginator import requested_page
from portal.text import MAX_QUERY_LENGTH, excerpt, highlight, query_terms

from .kinds import BY_KEY, KINDS
from .models import Entry, EntryText

ARTICLES = "articles"
# What the page of every kind shows of each: the best few, and a link to all of them.
ARTICLES_SHOWN = 5
OTHERS_SHOWN = 3


def _matches(terms, language, via=""):
    """The conditions of an entry found by every term in the reader's language (an object
    without a page in that language has no words in it), on EntryText or, with
    via="words__", on the entries."""
    found = Q(**{f"{via}visible_from__isnull": True}) | Q(
        **{f"{via}visible_from__lte": timezone.now()}
    )
    for term in terms:
        found &= Q(**{f"{via}text_{language}__contains": term})
    return found


def _order(language, via=""):
    return [
        F(f"{via}date").desc(nulls_last=True),
        F(f"{via}title_{language}").asc(),
        F(f"{via}entry_id").asc(),
    ]


def _mark(items, terms, summary="summary"):
    for item in items:
        item.title_marked = highlight(item.title, terms)
        item.summary_marked = highlight(getattr(item, summary) or "", terms)
    return items


def _articles(ids, terms, language, with_body=False):
    """The articles of `ids` in their order, marked. The page of articles alone shows a
    window of the text around the first match (it reads the bodies); the page of every kind
    shows the summaries."""
    extra = [f"body_{language}"] if with_body else []
    articles = Article.objects.for_list(*extra).in_bulk(ids)
    items = [articles[pk] for pk in ids if pk in articles]
    for item in items:
        item.title_marked = highlight(item.title, terms)
        body = item.body if with_body else ""
        item.excerpt_marked = excerpt(f"{item.summary or ''} {body or ''}", terms)
    return items


def results(request):
    language = get_language()
    raw = request.GET.get("q", "")
    query = " ".join(raw.split())[:MAX_QUERY_LENGTH]
    terms = query_terms(query)
    kind = request.GET.get("kind", "")
    if kind and kind != ARTICLES and kind not in BY_KEY:
        raise BadRequest("no such kind")
    page_number = request.GET.get("page", "1")
    if not kind and page_number != "1":
        # The page of every kind has no other pages. A further page of articles is what this
        # address showed before the search covered every kind: it is that page now.
        if not (page_number.isascii() and page_number.isdigit() and len(page_number) < 10):
            raise Http404("bad page")
        params = {"q": query, "kind": ARTICLES, "page": page_number}
        return redirect(f"{request.path}?{urllib.parse.urlencode(params)}", permanent=True)
    context = {
        "query": query,
        "terms": terms,
        "kind": kind,
        "truncated": len(raw.strip()) > MAX_QUERY_LENGTH,
    }
    if not terms:
        context["latest"] = list(Article.objects.published(language).for_list()[:5])
        context["categories"] = Category.objects.all()
        return render(request, "search/results.html", context)

    # The ranked article ids in one query: they give the count too (capped, see news.views).
    article_ids = ranked_search(Article.objects.published(language), terms, language)
    matches = EntryText.objects.filter(_matches(terms, language))
    if kind:
        counts = dict(matches.values_list("kind").annotate(n=Count("entry_id")).order_by())
    else:
        # The best few of every kind and the count of each in one query (a row number and a
        # count within each kind) over the narrow EntryText, then those few entries.
        top = list(
            matches.annotate(
                row=Window(RowNumber(), partition_by=[F("kind")], order_by=_order(language)),
                n=Window(Count("entry_id"), partition_by=[F("kind")]),
            )
            .filter(row__lte=OTHERS_SHOWN)
            .order_by("kind", "row")
            .values_list("entry_id", "kind", "n")
        )
        counts = {key: n for _id, key, n in top}
        rows = Entry.objects.in_bulk([pk for pk, _k, _n in top])
        by_kind = {}
        for pk, key, _n in top:
            by_kind.setdefault(key, []).append(rows[pk])
        _mark([row for items in by_kind.values() for row in items], terms)
    groups = [{"key": ARTICLES, "label": _("Articles"), "count": len(article_ids)}]
    groups += [
        {"key": k.key, "label": k.label, "count": counts[k.key]} for k in KINDS if counts.get(k.key)
    ]
    context.update(
        searched=True,
        groups=[g for g in groups if g["count"]],
        total=sum(g["count"] for g in groups),
        articles_capped=len(article_ids) >= news_views.SEARCH_CANDIDATES,
    )

    if kind == ARTICLES:
        page = paginate(request, article_ids, SEARCH_PER_PAGE)
        page.object_list = _articles(list(page.object_list), terms, language, with_body=True)
        context["page"] = page
    elif kind:
        # The page's entries with their words joined: only the page's rows of the wide
        # table are read.
        paginator = Paginator(
            Entry.objects.filter(
                _matches(terms, language, via="words__"), words__kind=kind
            ).order_by(*_order(language, via="words__")),
            SEARCH_PER_PAGE,
        )
        paginator.count = counts.get(kind, 0)  # counted with the other kinds just above
        page = requested_page(request, paginator)
        page.object_list = _mark(list(page.object_list), terms)
        context["page"] = page
    else:
        for group in context["groups"]:
            if group["key"] == ARTICLES:
                group["items"] = _articles(article_ids[:ARTICLES_SHOWN], terms, language)
            else:
                group["items"] = by_kind.get(group["key"], [])
        context["page"] = None

    page = context["page"]
    if context["groups"] and (page is None or page.object_list):
        # A page of results is worth finding; its canonical form folds the spellings of one
        # query into one address. An empty result or the bare form stays noindex.
        params = {"q": query} | ({"kind": kind} if kind else {})
        if page is not None and page.number > 1:
            params["page"] = page.number
        context["canonical"] = request.build_absolute_uri(
            f"{request.path}?{urllib.parse.urlencode(params)}"
        )
    return render(request, "search/results.html", context)
