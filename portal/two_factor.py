"""Two-factor sign-in for staff: enrol an authenticator app, enter its code after the password.

Mounted under the admin path (`/vi/<admin>/two-factor/`); portal.middleware.StaffTwoFactorMiddleware
sends staff here until the second step is done.
"""

from base64 import b32encode

import segno
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.security import requires_two_factor

app_name = "admin_2fa"

DEVICE_NAME = "Authenticator"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits shown by your authenticator app."))
        return token


def _next_url(request):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


def _with_next(name, request):
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _context(request, title, **extra):
    context = admin.site.each_context(request)
    verified = request.user.is_verified()
    if not verified:
        # Until the second step is done, the page offers no way into the admin.
        context.update(has_permission=False, is_nav_sidebar_enabled=False, available_apps=[])
    context.update(title=title, next=_next_url(request), verified=verified, **extra)
    return context


def _staff_only(view):
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_active and request.user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _check(device, form):
    """Verify the form's code against the device, with django-otp's throttling."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        form.add_error(
            "token", _("Too many wrong codes. Wait a minute, then try again with a new code.")
        )
        return False
    if device.verify_token(form.cleaned_data["token"]):
        return True
    form.add_error("token", _("That code is not right or has expired. Try the current one."))
    return False


@never_cache
@sensitive_post_parameters("token")
@_staff_only
def verify(request):
    """The second step of signing in: the code from the staff member's authenticator."""
    device = _confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("admin_2fa:setup", request))
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(device, form):
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(
        request,
        "admin/two_factor/verify.html",
        _context(request, _("Two-factor sign-in"), form=form),
    )


def _qr_svg(device):
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, title=str(_("QR code for your authenticator app"))
    )


def _grouped_key(device):
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@never_cache
@sensitive_post_parameters("token")
@_staff_only
def setup(request):
    """Show the staff member's two-factor status; enrol, replace or remove the authenticator."""
    user = request.user
    confirmed = _confirmed_device(user)
    if confirmed and not user.is_verified():
        return redirect(_with_next("admin_2fa:verify", request))
    required = requires_two_factor(user)

    if confirmed:
        form = TokenForm(request.POST or None)
        action = request.POST.get("action")
        if request.method == "POST" and action in {"replace", "remove"}:
            if action == "remove" and required:
                messages.error(request, _("Administrators must keep two-factor sign-in on."))
            elif form.is_valid() and _check(confirmed, form):
                TOTPDevice.objects.filter(user=user).delete()
                if action == "remove":
                    messages.success(request, _("Two-factor sign-in is off for your account."))
                    return redirect("admin:index")
                return redirect("admin_2fa:setup")
        return render(
            request,
            "admin/two_factor/status.html",
            _context(
                request, _("Two-factor sign-in"), device=confirmed, required=required, form=form
            ),
        )

    # Enrolment: one pending device per person, so reloading the page keeps the same key.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(device, form):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        otp_login(request, device)
        messages.success(request, _("Two-factor sign-in is on. Keep your phone safe."))
        return redirect(_next_url(request))
    return render(
        request,
        "admin/two_factor/setup.html",
        _context(
            request,
            _("Set up two-factor sign-in"),
            form=form,
            required=required,
            qr_svg=_qr_svg(device),
            key=_grouped_key(device),
        ),
    )


urlpatterns = [
    path("", setup, name="setup"),
    path("verify/", verify, name="verify"),
]
