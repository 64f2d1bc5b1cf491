"""Paging long tables (100,000 articles) at a cost that does not grow with the page number."""

from django.core.paginator import EmptyPage, Paginator


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
