"""Two-factor sign-in: open to every staff member, required for Administrators."""

import datetime
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.roles import ADMINISTRATOR, SECRETARIAT, WRITER
from tests.factories import staff_user
from tests.security.helpers import authenticator, totp_now

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery-staple"


def password_login(username):
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302, "password step failed"
    return client


def enrol(client):
    """Go through the enrolment page as a person with a phone would; return the device."""
    page = client.get(reverse("admin_2fa:setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html, "no QR code"
    device = TOTPDevice.objects.get(user__pk=client.session["_auth_user_id"], confirmed=False)
    response = client.post(reverse("admin_2fa:setup"), {"token": totp_now(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


@pytest.mark.parametrize(
    "kind", ["administrator", "superuser"], ids=["Administrator group", "superuser"]
)
def test_an_administrator_must_enrol_before_using_the_admin(kind):
    if kind == "superuser":
        staff_user("chu-tich", password=PASSWORD, is_superuser=True)
    else:
        staff_user("chu-tich", ADMINISTRATOR, PASSWORD)
    client = password_login("chu-tich")
    for name in ["admin:index", "admin:auth_user_changelist", "admin:password_change"]:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("admin_2fa:setup"))
    # No staff upload either before the second step.
    upload = client.post(reverse("news:editor_upload"))
    assert upload.status_code == 302
    # The enrolment page offers no way into the rest of the admin.
    html = client.get(reverse("admin_2fa:setup")).content.decode()
    assert reverse("admin:auth_user_changelist") not in html

    enrol(client)
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_enrolled_administrator_enters_a_code_after_the_password():
    user = staff_user("chu-tich", ADMINISTRATOR, PASSWORD)
    enrol(password_login("chu-tich"))
    device = TOTPDevice.objects.get(user=user)

    client = password_login("chu-tich")
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin_2fa:verify"))
    verify_url = response["Location"]
    wrong = client.post(verify_url, {"token": "000000" if totp_now(device) != "000000" else "1"})
    assert wrong.status_code == 200
    assert "errorlist" in wrong.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302

    # Throttling: right after a wrong code, even the right one has to wait.
    throttled = client.post(verify_url, {"token": totp_now(device)})
    assert throttled.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(
        verify_url, {"token": totp_now(device), "next": reverse("admin:auth_user_changelist")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:auth_user_changelist")
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_the_verify_page_refuses_to_send_people_elsewhere():
    user = staff_user("chu-tich", ADMINISTRATOR, PASSWORD)
    enrol(password_login("chu-tich"))
    device = TOTPDevice.objects.get(user=user)
    client = password_login("chu-tich")
    response = client.post(
        reverse("admin_2fa:verify"),
        {"token": totp_now(device), "next": "https://evil.example/steal"},
    )
    assert response["Location"] == reverse("admin:index")


def test_a_writer_without_an_authenticator_is_not_forced():
    staff_user("phong-vien", WRITER, PASSWORD)
    client = password_login("phong-vien")
    assert client.get(reverse("admin:index")).status_code == 200
    # ...but can turn it on, and from then on is asked for the code.
    enrol(client)
    client = password_login("phong-vien")
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_writer_can_replace_or_remove_the_authenticator():
    staff_user("phong-vien", WRITER, PASSWORD)
    client = password_login("phong-vien")
    device = enrol(client)
    status = client.get(reverse("admin_2fa:setup"))
    assert status.status_code == 200
    assert "Turn off" in status.content.decode() or "Tắt" in status.content.decode()
    bad = client.post(reverse("admin_2fa:setup"), {"action": "remove", "token": "12345x"})
    assert bad.status_code == 200
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    response = client.post(
        reverse("admin_2fa:setup"), {"action": "remove", "token": totp_now(device)}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=device.user).exists()


def test_an_administrator_cannot_turn_it_off():
    staff_user("chu-tich", ADMINISTRATOR, PASSWORD)
    client = password_login("chu-tich")
    device = enrol(client)
    response = client.post(
        reverse("admin_2fa:setup"), {"action": "remove", "token": totp_now(device)}
    )
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    # Replacing it starts a new enrolment instead.
    device.throttle_reset()
    response = client.post(
        reverse("admin_2fa:setup"), {"action": "replace", "token": totp_now(device)}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_an_administrator_removes_a_lost_authenticator_without_seeing_keys():
    writer = staff_user("phong-vien", WRITER, PASSWORD)
    lost = enrol(password_login("phong-vien"))
    staff_user("chu-tich", ADMINISTRATOR, PASSWORD)
    client = password_login("chu-tich")
    enrol(client)
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[lost.pk]))
    assert change.status_code == 200
    assert lost.key not in change.content.decode()
    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[lost.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=writer).exists()
    # The writer is back to password-only (and may enrol again).
    assert password_login("phong-vien").get(reverse("admin:index")).status_code == 200


def test_the_requirement_can_be_switched_off_for_development_only(settings):
    settings.REQUIRE_ADMIN_2FA = False
    staff_user("chu-tich", ADMINISTRATOR, PASSWORD)
    assert password_login("chu-tich").get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(("debug", "expected"), [("0", "True"), ("1", "False")])
def test_the_switch_is_ignored_without_debug(debug, expected):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG=debug,
        DJANGO_SECRET_KEY="a-real-production-key-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="huunghi.example.vn",
        DJANGO_REQUIRE_ADMIN_2FA="0",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings';"
            "from django.conf import settings; print(settings.REQUIRE_ADMIN_2FA)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == expected, result.stderr


def test_force_login_sessions_of_tests_count_as_verified(admin_client):
    """The documented test shortcut (tests/security/helpers.py) that other apps rely on."""
    assert admin_client.get(reverse("admin:index")).status_code == 200


def test_without_the_shortcut_a_superuser_session_is_held(admin_user, real_two_factor):
    client = Client()
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_password_alone_never_lands_on_a_staff_page():
    """`?next=` to the aid import (outside the admin) lands on the code step, then the import."""
    user = staff_user("thu-ky", SECRETARIAT, PASSWORD)
    device = authenticator(user)
    import_url = reverse("aid:import")
    client = Client()
    login = f"{reverse('admin:login')}?next={import_url}"
    # Already signed in with the password, the login page itself sends on to the code.
    response = client.post(login, {"username": "thu-ky", "password": PASSWORD, "next": import_url})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin_2fa:verify')}?next={quote(import_url, '')}"
    assert client.get(login)["Location"] == response["Location"]
    for url in (import_url, reverse("aid:dashboard"), reverse("aid:dashboard_csv")):
        held = client.get(url)
        assert held.status_code == 302 and held["Location"].startswith(
            reverse("admin_2fa:verify")
        ), url
    response = client.post(response["Location"], {"token": totp_now(device)})
    assert response["Location"] == import_url
    assert client.get(import_url).status_code == 200


def test_a_held_session_reads_an_unpublished_congress_as_an_anonymous_reader(home_union):
    from congresses.models import Congress

    congress = Congress.objects.create(
        union=home_union,
        ordinal=9,
        term_start_year=2030,
        term_end_year=2035,
        held_from=datetime.date(2030, 8, 8),
    )
    staff_user("thu-ky", SECRETARIAT, PASSWORD)
    held = password_login("thu-ky")
    assert held.get(congress.get_absolute_url()).status_code == 404
    # …and the public pages it reads show no staff links.
    home = held.get("/vi/").content.decode()
    assert reverse("admin:index") not in home


def recovery_codes(client, response):
    """Follow a redirect to the recovery-codes page; return the codes it shows."""
    assert response["Location"].startswith(reverse("admin_2fa:recovery"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    codes = page.context["codes"]
    assert len(codes) == 10
    for code in codes:
        assert code in page.content.decode()
    return codes


def test_enrolment_gives_recovery_codes_shown_once():
    staff_user("chu-tich", ADMINISTRATOR, PASSWORD)
    client = password_login("chu-tich")
    client.get(reverse("admin_2fa:setup"))
    device = TOTPDevice.objects.get(user__username="chu-tich", confirmed=False)
    response = client.post(
        reverse("admin_2fa:setup"), {"token": totp_now(device), "next": reverse("admin:index")}
    )
    codes = recovery_codes(client, response)
    # Shown once: reloading the page leads back to the status page, which only counts them.
    again = client.get(response["Location"])
    assert again.status_code == 302
    status = client.get(reverse("admin_2fa:setup"))
    html = status.content.decode()
    assert not any(code in html for code in codes)
    assert status.context["codes_left"] == 10


def test_a_sole_administrator_who_lost_the_phone_signs_in_with_a_recovery_code():
    staff_user("chu-tich", ADMINISTRATOR, PASSWORD)
    client = password_login("chu-tich")
    client.get(reverse("admin_2fa:setup"))
    device = TOTPDevice.objects.get(user__username="chu-tich", confirmed=False)
    codes = recovery_codes(
        client, client.post(reverse("admin_2fa:setup"), {"token": totp_now(device)})
    )

    lost = password_login("chu-tich")
    response = lost.post(reverse("admin_2fa:verify"), {"token": codes[0].upper()})
    assert response.status_code == 302
    assert lost.get(reverse("admin:index")).status_code == 200
    status = lost.get(reverse("admin_2fa:setup"))
    assert status.context["codes_left"] == 9
    assert "9" in status.content.decode()

    # A used code does not work twice.
    again = password_login("chu-tich")
    refused = again.post(reverse("admin_2fa:verify"), {"token": codes[0]})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    assert again.get(reverse("admin:index")).status_code == 302

    # Replacing the lost authenticator with a second code (once the wrong code's wait is
    # over) starts a fresh enrolment, whose new recovery codes replace the old ones.
    StaticDevice.objects.get(user__username="chu-tich").throttle_reset()
    response = lost.post(reverse("admin_2fa:setup"), {"action": "replace", "token": codes[1]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not StaticToken.objects.filter(token__in=codes).exists()


def test_new_recovery_codes_need_a_code_and_replace_the_old_ones():
    user = staff_user("phong-vien", WRITER, PASSWORD)
    client = password_login("phong-vien")
    device = enrol(client)
    old = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(old) == 10
    refused = client.post(reverse("admin_2fa:setup"), {"action": "codes", "token": "12345x"})
    assert refused.status_code == 200
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)
    device.throttle_reset()
    response = client.post(
        reverse("admin_2fa:setup"), {"action": "codes", "token": totp_now(device)}
    )
    new = recovery_codes(client, response)
    assert not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_removing_a_lost_authenticator_removes_its_recovery_codes():
    user = staff_user("phong-vien", WRITER, PASSWORD)
    device = enrol(password_login("phong-vien"))
    assert StaticDevice.objects.filter(user=user).exists()
    device.delete()
    assert not StaticDevice.objects.filter(user=user).exists()
    # The person is back to password only (a Writer need not enrol).
    assert password_login("phong-vien").get(reverse("admin:index")).status_code == 200


def test_the_admin_never_shows_recovery_codes(world, admin_client):
    device = StaticDevice.objects.get(user__username="recovery-owner")
    page = admin_client.get(reverse("admin:otp_static_staticdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert "abcd2345" not in page.content.decode()
