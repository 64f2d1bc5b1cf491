"""Optional read replica (DATABASE_REPLICA_URL): reads go to the replica, writes to the primary.

A reader who has just written (a form sent, an article saved in the admin) must see
the write even if the replica lags a little: PrimaryPinMiddleware pins every unsafe
request, and the next few seconds of that browser's requests, to the primary.
"""

import contextlib
import contextvars
import random

from django.conf import settings

PIN_COOKIE = "db_primary"
PIN_SECONDS = 10

_pinned = contextvars.ContextVar("portal_db_pinned", default=False)


def replicas():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


@contextlib.contextmanager
def pinned_to_primary():
    """Every read inside goes to the primary (portal.pagecache, just after a change)."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _pinned.get():
            return "default"
        names = replicas()
        return random.choice(names) if names else "default"  # noqa: S311 - load spreading

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryPinMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
        token = _pinned.set(unsafe or PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if unsafe:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
