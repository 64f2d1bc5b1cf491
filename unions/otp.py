from django.conf import settings

from unions.models import SiteSettings


def totp_issuer(device):
    """The issuer the authenticator app shows: the home union's Vietnamese name.

    OTP_TOTP_ISSUER (a callable, django-otp calls it with the device) falls back on
    DJANGO_OTP_ISSUER's value while no home union is set.
    """
    union = SiteSettings.current().home_union
    if union is not None:
        name = (getattr(union, "name_vi", "") or union.name or "").strip()
        if name:
            return name
    return settings.OTP_TOTP_ISSUER_FALLBACK
