"""Paging long tables (100,000 articles) at a cost that does not grow with the page number."""

from django.core.paginator import EmptyPage, InvalidPage, Paginator
from django.http import Http404


def requested_page(request, paginator):
    """The page `?page=` names; one that is not a number or past the end is a 404."""
    raw = request.GET.get("page", "1")
    # isdigit() alone lets through "²" or "١", which int() refuses, and int() refuses
    # more than 4,300 digits; no list has a billion pages.
    if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
        raise Http404("bad page")
    try:
        return paginator.page(int(raw))
    except InvalidPage as exc:
        raise Http404("no such page") from exc


class IdsFirstPaginator(Paginator):
    """A page's ids first (in the list's ordering: an index-only scan where an index serves it,
    so a deep OFFSET walks index entries, not rows), then those rows: two queries for any page.
    Subclasses say how the list is counted (news.views.ArticlePaginator keeps the count for
    the content generation; portal.admin.LargeListPaginator counts up to a limit)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        if not ids and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
