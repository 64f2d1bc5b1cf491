import logging
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from portal.security import second_factor_step


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


# URL names outside the admin namespace that only staff use: held at the step outright.
STAFF_VIEW_NAMES = {"news:editor_upload"}
# What a session that owes the second factor may still open as itself: signing in and out,
# the admin's JavaScript catalogue, and the two-factor pages (namespace admin_2fa).
OPEN_VIEW_NAMES = {"admin:login", "admin:logout", "admin:jsi18n"}
OPEN_NAMESPACE = "admin_2fa"


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def _step_redirect(request, step, next_url=None):
    url = reverse(step)
    next_url = _safe_next(request, next_url)
    if next_url:
        url = f"{url}?{urlencode({'next': next_url})}"
    return redirect(url)


class StaffTwoFactorMiddleware:
    """Hold a signed-in session at the second-factor step until it is complete.

    A session owes the step (portal.security.second_factor_step) when its person has a
    confirmed device but has not entered a code yet, or must enrol (by role) and has no
    device. Such a session
    - opens the login, logout and two-factor pages as itself (the login page, and a login
      that just succeeded, send it on to the step, keeping a safe `next`);
    - is sent to the step from the admin and the staff-only views (STAFF_VIEW_NAMES);
    - gets every other page as an anonymous reader would: `request.user` is AnonymousUser,
      so no view, template or cache gives it staff content (unpublished congresses, the aid
      dashboard and exports, the import). A page that sends an anonymous reader to the login
      sends this session to the step instead.
    Patterns added later are covered without a list: anything not open is either admin or
    served as anonymous. Runs after django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        step = second_factor_step(user) if user is not None else None
        if step is not None:
            held = self._hold(request, step)
            if held is not None:
                return held
        response = self.get_response(request)
        if response.status_code not in (301, 302, 303):
            return response
        if getattr(request, "_held_as_anonymous", None):
            return self._login_redirect_to_step(request, response, step) or response
        if step is None and request.method == "POST" and self._is_login(request):
            # A password that was just accepted: on to the code, not to `next` itself.
            step_now = second_factor_step(request.user)
            if step_now is not None:
                return _step_redirect(request, step_now, response["Location"])
        return response

    @staticmethod
    def _match(request):
        try:
            return resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None

    def _is_login(self, request):
        match = self._match(request)
        return match is not None and match.view_name == "admin:login"

    def _hold(self, request, step):
        match = self._match(request)
        if match is not None:
            if match.view_name == "admin:login" and request.method == "GET":
                return _step_redirect(request, step, request.GET.get("next"))
            if OPEN_NAMESPACE in match.namespaces or match.view_name in OPEN_VIEW_NAMES:
                return None
            if "admin" in match.namespaces or match.view_name in STAFF_VIEW_NAMES:
                next_url = request.get_full_path() if request.method == "GET" else None
                return _step_redirect(request, step, next_url)
        # Public pages, unknown URLs (the 404 page) included.
        request._held_as_anonymous = True
        anonymous = AnonymousUser()
        request.user = anonymous

        async def auser():
            return anonymous

        request.auser = auser
        return None

    @staticmethod
    def _login_redirect_to_step(request, response, step):
        location = urlsplit(response["Location"])
        if location.netloc or location.path != reverse("admin:login"):
            return None
        next_url = parse_qs(location.query).get("next", [None])[0]
        return _step_redirect(request, step, next_url)


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
