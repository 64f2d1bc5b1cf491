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
from django.db.models import Count, Max, Q
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
    The portal locks a (user name, address) pair only after AXES_FAILURE_LIMIT failures
    within AXES_FAILURE_WINDOW, so before each new failure the running counts of this user
    name (from every address: username_failures() reads them) and of this address are cut
    down to the failures of the last window (from AccessFailureLog, one row per failure).
    A lock then lasts AXES_COOLOFF_TIME from the failure that caused it; deleting the
    AccessAttempt rows in the admin lifts it (and the user name's guard) at once.
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
            # The hour of the lock counts from this failure, for every row of the locked pair.
            AccessAttempt.objects.filter(
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            ).update(attempt_time=request.axes_attempt_time)


def username_failures(username):
    """Failed sign-ins for `username` from every address within AXES_FAILURE_WINDOW.

    Each AccessAttempt row (one per address and browser) counts at most the failures the
    failure log has for it in the window, so rows an Administrator deleted (or a success
    reset) count nothing, and old failures fall out without waiting for the next one.
    Two queries, whatever the number of addresses.
    """
    if not username:
        return 0
    window_start = timezone.now() - settings.AXES_FAILURE_WINDOW
    recent = {
        (row["ip_address"], row["user_agent"]): row["count"]
        for row in AccessFailureLog.objects.filter(
            username=username, attempt_time__gte=window_start
        )
        .values("ip_address", "user_agent")
        .annotate(count=Count("id"))
    }
    if not recent:
        return 0
    attempts = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=window_start
    ).values_list("ip_address", "user_agent", "failures_since_start")
    return sum(
        min(failures, recent.get((ip_address, agent), 0))
        for ip_address, agent, failures in attempts
    )


def username_guarded(username):
    """True while the password alone must not sign `username` in (see settings.AXES_*)."""
    return username_failures(username) >= settings.AXES_FAILURE_LIMIT


@receiver(user_locked_out)
def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    logger.warning(
        "Admin login locked for %s after %d failures: user name %r, address %s.",
        settings.AXES_COOLOFF_TIME,
        settings.AXES_FAILURE_LIMIT,
        username,
        ip_address,
    )


def lock_ends_at(username, ip_address):
    """When the lock of this (user name, address) pair ends (aware datetime, or None)."""
    last = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(
        last=Max("attempt_time")
    )["last"]
    return last + settings.AXES_COOLOFF_TIME if last else None


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (HTTP 429), in the admin's frame and language: when
    to try again (local time) and whom to ask."""
    from django.contrib import admin
    from django.shortcuts import render
    from django.utils.translation import gettext

    username = get_client_username(request, credentials)
    retry_at = lock_ends_at(username, getattr(request, "axes_ip_address", None))
    if retry_at is None:
        retry_at = timezone.now() + settings.AXES_COOLOFF_TIME
    context = admin.site.each_context(request)
    context.update(
        has_permission=False,
        is_nav_sidebar_enabled=False,
        title=gettext("Sign-in locked"),
        failure_limit=settings.AXES_FAILURE_LIMIT,
        # The template shows it in settings.TIME_ZONE (Asia/Ho_Chi_Minh), the staff's time.
        retry_at=retry_at,
    )
    response = render(request, "admin/lockout.html", context, status=429)
    response["Retry-After"] = str(max(1, int((retry_at - timezone.now()).total_seconds())))
    return response


def is_administrator(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=ADMINISTRATOR).exists()


def requires_two_factor(user):
    """Superusers and the roles of settings.TWO_FACTOR_REQUIRED_ROLES must sign in with a
    second factor (unless a developer turned the requirement off)."""
    if not (settings.REQUIRE_ADMIN_2FA and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.TWO_FACTOR_REQUIRED_ROLES).exists()


def has_confirmed_device(user):
    from django_otp import devices_for_user

    return any(True for _device in devices_for_user(user, confirmed=True))


def is_verified(user):
    """The session has passed the second factor (django_otp marks its user with the device)."""
    return getattr(user, "otp_device", None) is not None


def second_factor_step(user):
    """The URL name of the step a signed-in session still owes, or None.

    "admin_2fa:verify" for anyone with a confirmed device (the code after the password),
    "admin_2fa:setup" for someone who must enrol (requires_two_factor) and has none yet.
    """
    if not user.is_authenticated or is_verified(user):
        return None
    if has_confirmed_device(user):
        return "admin_2fa:verify"
    if requires_two_factor(user):
        return "admin_2fa:setup"
    return None


def _forget_recovery_codes(sender, instance, **kwargs):
    """Recovery codes belong to an enrolment: when a person's last authenticator goes (an
    Administrator removed a lost phone, or the person replaced or turned it off), so do the
    codes, and the next sign-in starts a fresh enrolment with new ones."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTPDevice.objects.filter(user_id=instance.user_id, confirmed=True).exists():
        StaticDevice.objects.filter(user_id=instance.user_id).delete()


def connect_signals():
    from django.db.models.signals import post_delete
    from django_otp.plugins.otp_totp.models import TOTPDevice

    post_delete.connect(
        _forget_recovery_codes, sender=TOTPDevice, dispatch_uid="portal.security.recovery"
    )
