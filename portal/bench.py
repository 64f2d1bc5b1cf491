"""Only with DJANGO_BENCH=1 (make bench): the ceiling view and the query-count header.

Neither exists in production: the URL is not routed and the middleware not installed
unless settings.BENCH is on.
"""

from django.shortcuts import render
from django.utils import timezone

QUERY_COUNT_HEADER = "X-Query-Count"


class QueryCountMiddleware:
    """Adds how many SQL statements the request ran (on every database alias)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connections

        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [c.execute_wrapper(counter) for c in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
            # Lazy responses (streaming, templates rendered late) are rendered by now.
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[QUERY_COUNT_HEADER] = str(count[0])
        return response


def ceiling(request):
    """The least a Django page costs here: every middleware, one tiny template, no query."""
    return render(request, "portal/bench_ceiling.html", {"title": "ceiling", "now": timezone.now()})
