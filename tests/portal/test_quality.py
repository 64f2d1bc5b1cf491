"""Checks over the whole project: translations, deployment settings, static files."""

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_catalogue_has_no_untranslated_or_fuzzy_entries(language):
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue.translated_entries()) > 50


def _manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-real-production-key-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="huunghi.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path):
    result = _manage(
        "collectstatic",
        "--noinput",
        "-v0",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="collectstatic-test-key-" + "x" * 30,
        DJANGO_STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    css = list((tmp_path / "css").glob("site.*.css"))
    assert css, "site.css has no hashed copy"
    assert (tmp_path / "css" / f"{css[0].name}.gz").exists()
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "vendor" / "jquery-ui").glob("jquery-ui.min.*.js"))


def test_nothing_is_loaded_from_a_cdn():
    from django.conf import settings

    assert not settings.JQUERY_UI_URL.startswith(("http", "//"))
    offenders = []
    for folder in ["templates", "static/css"]:
        for path in (ROOT / folder).rglob("*.*"):
            text = path.read_text(errors="ignore")
            if "googleapis" in text or "cdn." in text or "unpkg" in text or "jsdelivr" in text:
                offenders.append(str(path))
    assert offenders == []
