"""Two-factor sign-in for staff: enrol an authenticator app, enter its code after the password,
keep recovery codes for a lost phone; and the admin's login form, which asks for the password
and a code together while a user name is under attack.

Mounted under the admin path (`/vi/<admin>/two-factor/`); portal.middleware.StaffTwoFactorMiddleware
sends staff here until the second step is done.
"""

from base64 import b32encode

import segno
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.security import requires_two_factor, username_guarded

app_name = "admin_2fa"

DEVICE_NAME = "Authenticator"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# Where freshly made recovery codes wait, for one page view, between the POST that made them
# and the page that shows them once.
RECOVERY_SESSION_KEY = "admin_2fa_new_recovery_codes"


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


def normalise_code(value):
    return (value or "").replace(" ", "").replace("-", "").strip().lower()


def is_recovery_code(code):
    # StaticToken.random_token(): 8 characters of lower-case base32.
    return len(code) == 8 and all(c in "abcdefghijklmnopqrstuvwxyz234567" for c in code)


class CodeForm(forms.Form):
    """A code from the authenticator app, or one of the person's recovery codes."""

    token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True}
        ),
    )

    def clean_token(self):
        code = normalise_code(self.cleaned_data["token"])
        if not ((code.isdigit() and 6 <= len(code) <= 8) or is_recovery_code(code)):
            raise forms.ValidationError(
                _("Enter the six digits your authenticator app shows, or a recovery code.")
            )
        return code


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


def _device_for_code(user, code):
    """The confirmed device a code is meant for: the authenticator for digits, the recovery
    codes otherwise."""
    model = TOTPDevice if code.isdigit() else StaticDevice
    return model.objects.filter(user=user, confirmed=True).order_by("pk").first()


def match_code(user, code):
    """The device that accepts `code` (a recovery code is used up), or None; throttled."""
    device = _device_for_code(user, code) if code else None
    if device is None:
        return None
    allowed, _details = device.verify_is_allowed()
    if allowed and device.verify_token(code):
        return device
    return None


def _check_code(user, form):
    """Like _check, for a CodeForm: the device that accepted the code, or None."""
    device = _device_for_code(user, form.cleaned_data["token"])
    if device is None:
        form.add_error("token", _("You have no recovery codes left. Use your authenticator app."))
        return None
    return device if _check(device, form) else None


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _new_recovery_codes(request):
    """Replace the person's recovery codes; keep the new ones in the session for the page
    that shows them once (the database keeps them to check, the person keeps them to use)."""
    user = request.user
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    request.session[RECOVERY_SESSION_KEY] = codes
    return codes


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
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        used = _check_code(request.user, form)
        if used is not None:
            otp_login(request, used)
            if isinstance(used, StaticDevice):
                left = recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(left)d left. If you lost your "
                        "phone, replace your authenticator now."
                    )
                    % {"left": left},
                )
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
        form = CodeForm(request.POST or None)
        action = request.POST.get("action")
        if request.method == "POST" and action in {"replace", "remove", "codes"}:
            if action == "remove" and required:
                messages.error(request, _("Your role must keep two-factor sign-in on."))
            elif form.is_valid() and _check_code(user, form) is not None:
                if action == "codes":
                    _new_recovery_codes(request)
                    return redirect(_with_next("admin_2fa:recovery", request))
                TOTPDevice.objects.filter(user=user).delete()
                if action == "remove":
                    messages.success(request, _("Two-factor sign-in is off for your account."))
                    return redirect("admin:index")
                return redirect("admin_2fa:setup")
        return render(
            request,
            "admin/two_factor/status.html",
            _context(
                request,
                _("Two-factor sign-in"),
                device=confirmed,
                required=required,
                form=form,
                codes_left=recovery_codes_left(user),
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
        _new_recovery_codes(request)
        return redirect(_with_next("admin_2fa:recovery", request))
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


@never_cache
@_staff_only
def recovery(request):
    """The recovery codes just made, shown once: reloading the page does not show them again."""
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    if not codes or not request.user.is_verified():
        return redirect(_with_next("admin_2fa:setup", request))
    return render(
        request,
        "admin/two_factor/recovery.html",
        _context(request, _("Your recovery codes"), codes=codes),
    )


class LoginForm(AdminAuthenticationForm):
    """The admin's login form. While a user name is guarded (portal.security.username_guarded:
    many failures from any addresses), the password alone does not sign in and says nothing:
    the password and a code must come together, and a failure does not say which was wrong.
    """

    otp_token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "guarded": _(
            "Sign-ins to this account have failed many times recently, so the password alone "
            "is not enough now. Enter your password together with the code from your "
            "authenticator app (or a recovery code). Without an authenticator, try again in "
            "15 minutes or ask an Administrator."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.guarded = False

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username and password and username_guarded(username):
            self.guarded = True
            self._clean_guarded(username, password)
            return self.cleaned_data
        return super().clean()

    def _clean_guarded(self, username, password):
        user = authenticate(self.request, username=username, password=password)
        device = None
        if user is not None:
            device = match_code(user, normalise_code(self.cleaned_data.get("otp_token")))
            if device is None:
                # Counted like a wrong password (the same failure for the same pair), so
                # neither the answer nor the lockout tells a guesser the password was right.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": username, "password": "********"},
                    request=self.request,
                )
        if user is None or device is None:
            raise forms.ValidationError(self.error_messages["guarded"], code="guarded")
        self.confirm_login_allowed(user)
        self.user_cache = user
        self.request._login_device = device


@receiver(user_logged_in, dispatch_uid="portal.two_factor.login_device")
def _verify_with_login_code(sender, request, user, **kwargs):
    """A login that came with its code (LoginForm) is verified at once."""
    device = getattr(request, "_login_device", None)
    if device is not None and device.user_id == user.pk:
        otp_login(request, device)


urlpatterns = [
    path("", setup, name="setup"),
    path("verify/", verify, name="verify"),
    path("recovery-codes/", recovery, name="recovery"),
]
