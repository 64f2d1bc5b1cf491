"""Sign-in and form defences: the client's address, public forms' rate limit, the admin
login lockout, two-factor rules.

See docs/operations.md (Security) for how they are configured and operated.
"""

import hashlib
import ipaddress
import logging

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from axes.signals import user_locked_out
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from portal.roles import ADMINISTRATOR

logger = logging.getLogger("portal.security")


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The address of the person at the other end, as far as the portal can trust it.

    With N trusted reverse proxies (settings.TRUSTED_PROXY_COUNT), each appends the
    address it received the request from to X-Forwarded-For, so the N-th entry from the
    right is the one our outermost proxy saw: entries left of it were written by the
    client and can be forged. With 0, REMOTE_ADDR is used and the header ignored.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            item for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if item
        ]
        if forwarded:
            chosen = forwarded[-count] if len(forwarded) >= count else forwarded[0]
            address = _valid_ip(chosen)
            if address:
                return address
    return _valid_ip(remote) or remote


def rate_limit_exceeded(request, scope, limit, window):
    """Count one more submission of a public form; True once this client is over the limit.

    At most `limit` submissions per client address (client_ip: proxy-aware) and `scope`
    within `window` seconds of the first. The address is kept only as a hash, only in the
    cache, only for the window. add() + incr() are atomic in Redis, so several servers or
    workers cannot lose a count between them.
    """
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        count = 1
    return count > limit


class LockoutBackend(AxesStandaloneBackend):
    """Axes' backend, tolerant of `authenticate()` calls that carry no request.

    Only logins over HTTP can be brute-forced; the shell and the test client's
    `login()` authenticate without a request and get no lockout check.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a sliding failure window.

    Axes counts failures until the cool-off (one hour) has passed since the last one.
    The portal locks only after AXES_FAILURE_LIMIT failures within AXES_FAILURE_WINDOW, so
    before each new failure the running counts of this user name and this address are
    cut down to the failures of the last window (from AccessFailureLog, one row per
    failure). A lock then lasts AXES_COOLOFF_TIME from the failure that caused it;
    deleting the AccessAttempt rows in the admin lifts it at once.
    """

    def _window_filter(self, request, credentials):
        username = get_client_username(request, credentials)
        condition = Q(ip_address=request.axes_ip_address)
        if username:
            condition |= Q(username=username)
        return condition

    def _trim_to_window(self, request, credentials):
        now = timezone.now()
        window_start = now - settings.AXES_FAILURE_WINDOW
        attempts = AccessAttempt.objects.filter(
            self._window_filter(request, credentials),
            attempt_time__gte=now - settings.AXES_COOLOFF_TIME,
        )
        for attempt in attempts:
            recent = AccessFailureLog.objects.filter(
                username=attempt.username,
                ip_address=attempt.ip_address,
                user_agent=attempt.user_agent,
                attempt_time__gte=window_start,
            ).count()
            # min(): an attempt row reset by an Administrator starts again from zero,
            # even though the failure log still remembers the earlier failures.
            kept = min(attempt.failures_since_start, recent)
            if kept == 0:
                attempt.delete()
            elif kept != attempt.failures_since_start:
                AccessAttempt.objects.filter(pk=attempt.pk).update(failures_since_start=kept)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        already_locked = request is None or getattr(request, "axes_locked_out", False)
        if not already_locked:
            self._trim_to_window(request, credentials)
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if not already_locked and getattr(request, "axes_locked_out", False):
            # The hour of the lock counts from this failure, for every row that made it.
            AccessAttempt.objects.filter(self._window_filter(request, credentials)).update(
                attempt_time=request.axes_attempt_time
            )


@receiver(user_locked_out)
def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    logger.warning(
        "Admin login locked for %s after %d failures: user name %r, address %s.",
        settings.AXES_COOLOFF_TIME,
        settings.AXES_FAILURE_LIMIT,
        username,
        ip_address,
    )


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (HTTP 429), in the admin's frame and language."""
    from django.contrib import admin
    from django.shortcuts import render
    from django.utils.translation import gettext

    context = admin.site.each_context(request)
    context.update(
        has_permission=False,
        is_nav_sidebar_enabled=False,
        title=gettext("Sign-in locked"),
        failure_limit=settings.AXES_FAILURE_LIMIT,
    )
    return render(request, "admin/lockout.html", context, status=429)


def is_administrator(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=ADMINISTRATOR).exists()


def requires_two_factor(user):
    """Administrators must sign in with a second factor (unless a developer turned it off)."""
    return settings.REQUIRE_ADMIN_2FA and is_administrator(user)


def has_confirmed_device(user):
    from django_otp import devices_for_user

    return any(True for _device in devices_for_user(user, confirmed=True))
