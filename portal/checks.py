"""System checks (`manage.py check`) for settings that are only safe together."""

from django.conf import settings
from django.core.checks import Error, register


@register("security")
def proxy_settings_agree(app_configs, **kwargs):
    """BEHIND_PROXY trusts X-Forwarded-Proto from a proxy; TRUSTED_PROXY_COUNT trusts that many
    entries of X-Forwarded-For. Behind a proxy with a count of 0 every reader has the proxy's
    address (one rate limit and one login lockout for everybody); a count without a proxy
    lets anyone choose the address they are counted and locked out under."""
    behind = getattr(settings, "BEHIND_PROXY", False)
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count < 0:
        return [Error("DJANGO_TRUSTED_PROXY_COUNT cannot be negative.", id="portal.E003")]
    if behind and count == 0:
        return [
            Error(
                "DJANGO_BEHIND_PROXY is on but DJANGO_TRUSTED_PROXY_COUNT is 0: every "
                "client would have the proxy's address.",
                hint="Set DJANGO_TRUSTED_PROXY_COUNT to the number of proxies in front of "
                "gunicorn (nginx alone: 1), or DJANGO_BEHIND_PROXY=0 if there is none.",
                id="portal.E001",
            )
        ]
    if not behind and count > 0:
        return [
            Error(
                f"DJANGO_TRUSTED_PROXY_COUNT is {count} but DJANGO_BEHIND_PROXY is off: a "
                "client could choose its own address with X-Forwarded-For.",
                hint="Set DJANGO_BEHIND_PROXY=1 if the portal is behind a reverse proxy, "
                "otherwise DJANGO_TRUSTED_PROXY_COUNT=0.",
                id="portal.E002",
            )
        ]
    return []
