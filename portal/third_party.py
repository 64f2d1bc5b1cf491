"""The third-party apps of the admin (django-axes, django-otp), named in the portal's catalogue.

Neither app ships Vietnamese, and makemessages never reads site-packages, so their labels
would stay English on /vi/admin/. Two cases:

- axes marks its strings with gettext_lazy: they only need msgids in our catalogue, listed
  below with gettext_noop so that makemessages keeps them (the exact strings of axes 8).
- django-otp's app and model names, field labels and help texts are plain str, never looked
  up in any catalogue: the AppConfig subclasses below (used in INSTALLED_APPS in place of the
  apps' own) give them lazy strings of our own when the models are ready.

docs/decisions.md ("Third-party admin labels") says why this rather than forking the apps.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# axes' own msgids (axes/models.py, axes/admin.py), translated in locale/vi/.../django.po.
AXES_MSGIDS = [
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    # The column of a lockout's state (AccessAttemptAdmin.status, named in portal/admin.py).
    gettext_noop("Status"),
    # modeltranslation's one string (the clear checkbox of its widgets).
    gettext_noop("None"),
]

# Django's own admin strings that its Vietnamese catalogue lacks (Django 5.x additions).
DJANGO_ADMIN_MSGIDS = [
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
]


def _when(moment):
    from django.utils import formats, timezone

    return formats.localize(timezone.localtime(moment)) if moment else ""


def _failure_str(failure):
    text = gettext("Failed sign-in of %(username)s at %(time)s from %(address)s")
    if failure.locked_out:
        text = gettext("Failed sign-in of %(username)s at %(time)s from %(address)s (locked out)")
    return text % {
        "username": failure.username,
        "time": _when(failure.attempt_time),
        "address": failure.ip_address,
    }


def _attempt_str(attempt):
    return gettext("Sign-in attempts of %(username)s since %(time)s") % {
        "username": attempt.username,
        "time": _when(attempt.attempt_time),
    }


def _log_str(log):
    return gettext("Sign-in of %(username)s at %(time)s") % {
        "username": log.username,
        "time": _when(log.attempt_time),
    }


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockout")

    def ready(self):
        super().ready()
        # axes' rows name themselves in English f-strings (the change page's heading, the
        # breadcrumbs, the delete confirmation): the same facts through our catalogue.
        self.get_model("accessfailurelog").__str__ = _failure_str
        self.get_model("accessattempt").__str__ = _attempt_str
        self.get_model("accesslog").__str__ = _log_str


# field name -> (label, help text) of django-otp's models; help text None keeps none.
OTP_FIELDS = {
    "user": (_("user"), _("The user that this device belongs to.")),
    "name": (_("device name"), _("The human-readable name of this device.")),
    "confirmed": (_("confirmed"), _("Is this device ready for use?")),
    "created_at": (
        _("created at"),
        _("The date and time when this device was initially created in the system."),
    ),
    "last_used_at": (_("last used at"), _("The most recent date and time this device was used.")),
    "throttling_failure_timestamp": (
        _("time of the last failed attempt"),
        _("A timestamp of the last failed verification attempt. Null if last attempt succeeded."),
    ),
    "throttling_failure_count": (
        _("failed attempts in a row"),
        _("Number of successive failed attempts."),
    ),
    "key": (_("secret key"), _("A hex-encoded secret key of up to 40 bytes.")),
    "step": (_("time step"), _("The time step in seconds.")),
    "t0": (_("start time (t0)"), _("The Unix time at which to begin counting steps.")),
    "digits": (_("digits"), _("The number of digits to expect in a token.")),
    "tolerance": (
        _("tolerance"),
        _("The number of time steps in the past or future to allow."),
    ),
    "drift": (
        _("drift"),
        _("The number of time steps the prover is known to deviate from our clock."),
    ),
    "last_t": (
        _("last time step used"),
        _(
            "The t value of the latest verified token. "
            "The next token must be at a higher time step."
        ),
    ),
    "device": (_("device"), None),
    "token": (_("code"), None),
}

# django-otp's admin fieldset titles (plain str in its admin classes).
OTP_FIELDSETS = {
    "Identity": _("Identity"),
    "Timestamps": _("Timestamps"),
    "Configuration": _("Configuration"),
    "State": _("State"),
    "Throttling": _("Throttling"),
    "Tokens": _("Recovery codes"),
}


def _name_fields(model):
    for field in model._meta.get_fields():
        if field.name in OTP_FIELDS and hasattr(field, "verbose_name"):
            label, help_text = OTP_FIELDS[field.name]
            field.verbose_name = label
            if help_text is not None or field.help_text:
                field.help_text = help_text or ""


def _name_models(config, names):
    for model_name, (singular, plural) in names.items():
        model = config.get_model(model_name)
        model._meta.verbose_name = singular
        model._meta.verbose_name_plural = plural
        _name_fields(model)


class OTPTOTPConfig(AppConfig):
    name = "django_otp.plugins.otp_totp"
    label = "otp_totp"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Two-factor sign-in: authenticator apps")

    def ready(self):
        _name_models(
            self, {"totpdevice": (_("authenticator app (TOTP)"), _("authenticator apps (TOTP)"))}
        )


class OTPStaticConfig(AppConfig):
    name = "django_otp.plugins.otp_static"
    label = "otp_static"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Two-factor sign-in: recovery codes")

    def ready(self):
        _name_models(
            self,
            {
                "staticdevice": (_("recovery code set"), _("recovery code sets")),
                "statictoken": (_("recovery code"), _("recovery codes")),
            },
        )


# django-mailer (the mail queue) ships no Vietnamese either: its model names are marked for
# translation (msgids below); its app name and field labels are plain, named in ready().
MAILER_MSGIDS = [
    gettext_noop("message"),
    gettext_noop("messages"),
    gettext_noop("don't send entry"),
    gettext_noop("don't send entries"),
    gettext_noop("message log"),
    gettext_noop("message logs"),
    gettext_noop("Message(s) sent."),
]

MAILER_FIELDS = {
    "message_data": _("message data"),
    "when_added": _("queued at"),
    "priority": _("priority"),
    "retry_count": _("retries"),
    "to_address": _("address"),
    "message_id": _("message ID"),
    "when_attempted": _("attempted at"),
    "result": _("result"),
    "log_message": _("log message"),
}


class MailerConfig(AppConfig):
    name = "mailer"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("E-mail queue")

    def ready(self):
        # Only the labels the admin shows (verbose_name, not the _verbose_name migrations read).
        for model in self.get_models():
            for field in model._meta.get_fields():
                if field.name in MAILER_FIELDS:
                    field.verbose_name = MAILER_FIELDS[field.name]
