"""Finding official documents by what a reader types: the number ("121/QĐ-UBND", "121 qd
ubnd"), words of the title or the summary, with or without diacritics.

Folding is portal.text's (`fold`: lower case, no marks, đ → d; `query_terms`: the words of a
query, bounded). A document stores its folded number (`number_key`: every run of other
characters one space, "121 qd ubnd") and one folded copy of its titles and one of its
summaries and signer, both languages together: every document is listed in both languages
(an English reader sees the Vietnamese title when there is no English one), so a word of
either language finds it.

As news searches articles: PostgreSQL full text ("simple" configuration over the folded
columns, number and titles weight A, the rest B, ranked by SearchRank); SQLite substrings of
the folded columns, title hits first. A query that is a document's whole number puts that
document first. The table holds hundreds of documents, not the 100,000 articles news plans
for, so the vectors are computed at query time, without a stored column or a GIN index.

These columns are also what the portal's search finds a published document by: its entry
(search.kinds) is written from them, with the kind and the issuer; the admin, which lists
drafts as well, searches the same columns.
"""

import re

from django.db import connection
from django.db.models import Case, ExpressionWrapper, IntegerField, Q, Value, When

from portal.text import MAX_QUERY_LENGTH, fold, plain_text, query_terms

NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def fold_number(number):
    """ "121/QĐ-UBND" → "121 qd ubnd": how numbers are compared and searched."""
    return NOT_ALPHANUMERIC.sub(" ", fold(number or "")).strip()


def folded_text(*parts):
    words = (NOT_ALPHANUMERIC.sub(" ", fold(plain_text(part))).split() for part in parts)
    return " ".join(word for part in words for word in part)


def _postgres(queryset, terms):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("number_key", weight="A", config="simple")
        + SearchVector("search_title", weight="A", config="simple")
        + SearchVector("search_text", weight="B", config="simple")
    )
    query = SearchQuery(" & ".join(terms), config="simple", search_type="raw")
    matches = queryset.annotate(search_document=vector).filter(search_document=query)
    return matches, SearchRank(vector, query)


def _simple(queryset, terms):
    matches = queryset
    for term in terms:
        matches = matches.filter(
            Q(number_key__contains=term)
            | Q(search_title__contains=term)
            | Q(search_text__contains=term)
        )
    hits = [
        Case(
            When(Q(number_key__contains=t) | Q(search_title__contains=t), then=Value(1)),
            default=Value(0),
        )
        for t in terms
    ]
    return matches, ExpressionWrapper(sum(hits[1:], hits[0]), output_field=IntegerField())


def search(queryset, query):
    """The documents of `queryset` matching every word of `query`, best first: its exact
    number, then by rank, then the newest. An empty query (no word) matches nothing."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    find = _postgres if connection.vendor == "postgresql" else _simple
    matches, rank = find(queryset, terms)
    exact = Case(
        When(number_key=fold_number(query), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return matches.annotate(number_match=exact, rank=rank).order_by(
        "-number_match", "-rank", "-date_issued", "-id"
    )
