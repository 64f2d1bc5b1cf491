"""URLs for tests/reliability/test_unavailable.py: views that meet a failed database."""

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def refused(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: refused')


def closed(request):
    raise InterfaceError("connection already closed")


def other_error(request):
    raise ValueError("not a database problem")


def fine(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return HttpResponse(f"ok {cursor.fetchone()[0]}")


class FailingBeforeViewMiddleware:
    """Stands for a middleware that looks up the session or user before the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/vi/middleware-fails/"):
            raise OperationalError("terminating connection due to administrator command")
        return None


urlpatterns = [
    path("vi/refused/", refused),
    path("vi/closed/", closed),
    path("vi/other/", other_error),
    path("vi/middleware-fails/", fine),
    path("vi/fine/", fine),
    path("en/refused/", refused),
    *portal_urlpatterns,
]
