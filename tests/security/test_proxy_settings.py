"""DJANGO_BEHIND_PROXY and DJANGO_TRUSTED_PROXY_COUNT: agreeing defaults, and `manage.py check`
refusing a pair that disagrees."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_fresh_process(**env):
    """BEHIND_PROXY and TRUSTED_PROXY_COUNT as settings.py computes them from `env` alone."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_SECRET_KEY="proxy-settings-test-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        **env,
    )
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.BEHIND_PROXY, settings.TRUSTED_PROXY_COUNT)"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    behind, count = out.stdout.split()
    return behind == "True", int(count)


def test_defaults_agree_in_production_and_development():
    # Production: behind nginx, which appends one X-Forwarded-For entry.
    assert _settings_in_fresh_process(DJANGO_DEBUG="0") == (True, 1)
    # Development server, reached directly.
    assert _settings_in_fresh_process(DJANGO_DEBUG="1") == (False, 0)
    # Saying only that there is no proxy is enough.
    assert _settings_in_fresh_process(DJANGO_DEBUG="0", DJANGO_BEHIND_PROXY="0") == (False, 0)
    # A CDN in front of nginx: the count set, the rest as default.
    assert _settings_in_fresh_process(DJANGO_DEBUG="0", DJANGO_TRUSTED_PROXY_COUNT="2") == (
        True,
        2,
    )


def test_the_default_settings_pass_the_check(settings):
    settings.BEHIND_PROXY, settings.TRUSTED_PROXY_COUNT = True, 1
    call_command("check")
    settings.BEHIND_PROXY, settings.TRUSTED_PROXY_COUNT = False, 0
    call_command("check")


@pytest.mark.parametrize(
    ("behind", "count", "error"),
    [(True, 0, "portal.E001"), (False, 1, "portal.E002"), (False, -1, "portal.E003")],
)
def test_check_refuses_proxy_settings_that_disagree(settings, behind, count, error):
    settings.BEHIND_PROXY, settings.TRUSTED_PROXY_COUNT = behind, count
    with pytest.raises(SystemCheckError, match=error) as raised:
        call_command("check")
    assert "DJANGO_TRUSTED_PROXY_COUNT" in str(raised.value)
