"""Security test helpers, usable by every app's tests.

Two-factor sign-in is enforced in tests as in production. A test that needs an admin
session without going through the login form uses `client.force_login(user)` (or
pytest-django's `admin_client`): `trust_force_login()` (installed by tests/conftest.py)
gives every staff session made by force_login a confirmed authenticator and marks it
OTP-verified, as if the person had typed the code. Logins through the real login form
are untouched. `real_two_factor` (tests/security/conftest.py) switches the shortcut off.
"""

from contextlib import contextmanager

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest

TEST_DEVICE_NAME = "tests: force_login"
_state = {"trust": True}


def verify_session(request, user):
    """Attach a confirmed TOTP device to `user` and mark the session as verified with it."""
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TEST_DEVICE_NAME, confirmed=True)
    if getattr(request, "user", None) is None:
        request.user = user  # force_login's bare request has none; django_otp checks it
    otp_login(request, device)
    return device


def _on_login(sender, request, user, **kwargs):
    # Client.force_login() logs in on a bare HttpRequest; real requests are WSGIRequests.
    if _state["trust"] and type(request) is HttpRequest and user.is_staff:
        verify_session(request, user)


def trust_force_login():
    user_logged_in.connect(_on_login, dispatch_uid="tests.security.trust_force_login")


@contextmanager
def untrusted_force_login():
    _state["trust"] = False
    try:
        yield
    finally:
        _state["trust"] = True


def totp_now(device):
    """The code the person's authenticator shows, for a time step the device has not used.

    A TOTP code is accepted once per 30-second step; tests that sign in twice within
    one step use the next step's code, which the device's tolerance accepts.
    """
    from django_otp.oath import TOTP

    if device.pk:
        device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.drift += device.last_t + 1 - totp.t()
    return f"{totp.token():0{device.digits}d}"


def authenticator(user):
    """A confirmed authenticator for `user`, as if enrolled on the setup page (codes from
    totp_now(device))."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)


def browser_form_login(page, base, username, password, next_path, device=None):
    """Sign a Playwright page in through the real login form: the password, then (with
    `device`, see authenticator()) the code step; waits until `next_path` is open."""
    import re

    page.goto(f"{base}/vi/admin/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    if device is not None:
        page.wait_for_url(re.compile(r"/two-factor/verify/"))
        page.fill("#id_token", totp_now(device))
        page.click("input[type=submit]")
    page.wait_for_url(f"**{next_path}")


def browser_login(page, live_server, user, path=None):
    """Give a Playwright page a signed-in, OTP-verified admin session for `user`."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    if path:
        page.goto(live_server.url + path)


def admin_reach(client, path_names):
    """For a role walk: the HTTP status of each admin URL name (e.g. "admin:news_article_add").

    Returns {name: status}; 200 means the role can open it, 403/302 that it cannot.
    """
    from django.urls import NoReverseMatch, reverse

    result = {}
    for name in path_names:
        try:
            url = reverse(name)
        except NoReverseMatch:
            result[name] = None
            continue
        result[name] = client.get(url).status_code
    return result


def admin_index_models(client):
    """The models (app_label.model_name) the signed-in person sees on the admin index."""
    from django.urls import reverse

    response = client.get(reverse("admin:index"))
    models = set()
    for app in response.context["app_list"]:
        for model in app["models"]:
            models.add(f"{app['app_label']}.{model['object_name'].lower()}")
    return models
