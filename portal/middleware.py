import logging

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from portal.security import has_confirmed_device, requires_two_factor


class RememberLanguageMiddleware:
    """Remember the language of the last page read, so `/` can send the reader back to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = translation.get_language_from_path(request.path_info)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY: switch off browser features the portal never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


# URL names outside the admin namespace that only staff use.
STAFF_VIEW_NAMES = {"news:editor_upload"}
# Admin views a signed-in person may reach before the second factor.
OPEN_ADMIN_URL_NAMES = {"login", "logout", "jsi18n"}


class StaffTwoFactorMiddleware:
    """Hold a staff session at the two-factor step until it is complete.

    A staff member who owns a confirmed authenticator must enter its code after the
    password; an Administrator without one is sent to enrol one first. Until then no
    admin page (and no staff upload) is served. Runs after django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return None
        match = request.resolver_match
        if match is None:
            return None
        in_admin = "admin" in match.namespaces and match.url_name not in OPEN_ADMIN_URL_NAMES
        if not (in_admin or match.view_name in STAFF_VIEW_NAMES):
            return None
        if user.is_verified():
            return None
        if has_confirmed_device(user):
            target = "admin_2fa:verify"
        elif requires_two_factor(user):
            target = "admin_2fa:setup"
        else:
            return None
        url = reverse(target)
        next_url = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}
        ):
            url = f"{url}?{urlencode({'next': next_url})}"
        return redirect(url)


# Seconds a client is asked to wait when the database is unreachable (Retry-After).
DATABASE_RETRY_AFTER = 5
_database_logger = logging.getLogger("portal.database")


def _is_database_unavailable(exc):
    # OperationalError covers a refused or dropped connection and a server shutting down;
    # InterfaceError a connection already closed under the worker.
    return isinstance(exc, OperationalError | InterfaceError)


def database_unavailable_response():
    """A styled 503 page that needs no database (no context processors, no session)."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


@receiver(got_request_exception)
def _mark_database_unavailable(sender, request=None, **kwargs):
    import sys

    if request is not None and _is_database_unavailable(sys.exc_info()[1]):
        request._database_unavailable = True


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After while the database cannot be reached.

    A view's error arrives in process_exception. An error raised by a middleware (a session
    or user looked up before the view) has already become Django's 500 response by the
    time it reaches this middleware; the got_request_exception signal marks the request
    so that 500 is turned into the 503 too. Django closes the broken connection at the end
    of the request (CONN_HEALTH_CHECKS checks the next one), so the site recovers on its
    own once the database is back. Place it just after SecurityMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, "_database_unavailable", False):
            unavailable = database_unavailable_response()
            # Keep the headers the inner middleware set (CSP, Permissions-Policy…).
            for name, value in response.items():
                if name.lower() not in {"content-type", "content-length"}:
                    unavailable.headers.setdefault(name, value)
            return unavailable
        return response

    def process_exception(self, request, exception):
        if not _is_database_unavailable(exception):
            return None
        # One line, no traceback and no request data: an outage would otherwise flood the log.
        _database_logger.warning(
            "Database unavailable (%s) for %s %s",
            type(exception).__name__,
            request.method,
            request.path,
        )
        return database_unavailable_response()
