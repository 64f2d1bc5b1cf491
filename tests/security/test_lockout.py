"""Brute-force protection on the admin login (django-axes with portal.security.LockoutHandler)."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from portal.roles import ADMINISTRATOR, EDITOR
from portal.security import client_ip
from tests.factories import staff_user
from tests.security.helpers import authenticator, totp_now

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def editor():
    return staff_user("bien-tap", EDITOR, PASSWORD)


WRONG = "wrong-password-123"


def attempt(client, username, password=WRONG, otp_token=None, path=None, **extra):
    data = {"username": username, "password": password, "next": reverse("admin:index")}
    if otp_token is not None:
        data["otp_token"] = otp_token
    return client.post(path or reverse("admin:login"), data, **extra)


def fail(client, username, times, **extra):
    for _ in range(times):
        response = attempt(client, username, **extra)
        assert response.status_code in {200, 429}


def age_failures(minutes):
    """Move every recorded failure `minutes` into the past."""
    delta = timedelta(minutes=minutes)
    for model in (AccessAttempt, AccessFailureLog):
        for row in model.objects.all():
            model.objects.filter(pk=row.pk).update(attempt_time=row.attempt_time - delta)


def signed_in(client):
    return "_auth_user_id" in client.session


def test_five_failures_lock_the_pair_for_an_hour_and_it_is_logged(client, editor, caplog):
    fail(client, editor.username, 4)
    assert attempt(client, editor.username, PASSWORD).status_code == 302  # 4 are forgiven
    client.logout()
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        fail(client, editor.username, 5)
    assert any("locked" in record.getMessage() for record in caplog.records)
    assert AccessFailureLog.objects.filter(username=editor.username, locked_out=True).exists()

    response = attempt(client, editor.username, PASSWORD)
    assert response.status_code == 429, "the right password from the locked address is refused"
    assert "Sign-in locked" in response.content.decode() or "khóa" in response.content.decode()
    assert not signed_in(client)

    age_failures(59)
    assert attempt(Client(), editor.username, PASSWORD).status_code == 429
    age_failures(2)
    assert attempt(Client(), editor.username, PASSWORD).status_code == 302


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(client, editor):
    fail(client, editor.username, 4)
    age_failures(16)
    fail(client, editor.username, 4)
    assert attempt(client, editor.username, PASSWORD).status_code == 302


def test_guessing_many_names_from_one_address_locks_no_one_else(editor):
    """Only (name, address) pairs are locked: an address that tried five names is not locked
    for a sixth, so colleagues behind one office or carrier address keep signing in."""
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(5):
        attempt(attacker, f"guess-{number}")
    colleague = Client(REMOTE_ADDR="203.0.113.7")
    assert attempt(colleague, editor.username, PASSWORD).status_code == 302
    assert signed_in(colleague)


def test_two_clients_behind_one_proxy_are_locked_separately(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    device = authenticator(editor)
    proxy = "10.0.0.2"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.10")
    colleague = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.11")
    fail(attacker, editor.username, 5)
    assert attempt(attacker, editor.username, PASSWORD).status_code == 429
    # A forged entry in front of the real one changes nothing: the proxy's entry counts.
    forged = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.10")
    assert attempt(forged, editor.username, PASSWORD).status_code == 429
    # The colleague is not locked; the name is guarded, so the password comes with the code.
    response = attempt(colleague, editor.username, PASSWORD, otp_token=totp_now(device))
    assert response.status_code == 302
    assert signed_in(colleague)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.10"}


def test_without_trusted_proxies_the_header_is_ignored(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 0
    attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10")
    fail(attacker, editor.username, 5)
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.11")
    assert attempt(other, editor.username, PASSWORD).status_code == 429


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "203.0.113.5", "192.0.2.1"),
        (1, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.2", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.3", "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "10.0.0.3", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_ip(settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_an_administrator_lifts_a_lock_in_the_admin(client, editor):
    fail(client, editor.username, 5)
    assert attempt(Client(), editor.username, PASSWORD).status_code == 429

    administrator = staff_user("quan-tri", ADMINISTRATOR, PASSWORD)
    staff = Client()
    staff.force_login(administrator)
    changelist = staff.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200
    assert editor.username in changelist.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    response = staff.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert attempt(Client(), editor.username, PASSWORD).status_code == 302


def test_an_editor_cannot_lift_locks(client, editor):
    staff = Client()
    staff.force_login(editor)
    assert staff.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_the_lockout_page_speaks_the_readers_language(editor):
    client = Client()
    fail(client, editor.username, 5)
    response = client.post(
        reverse("admin:login").replace("/vi/", "/en/"),
        {"username": editor.username, "password": PASSWORD},
    )
    assert response.status_code == 429
    assert "Sign-in locked" in response.content.decode()
    assert response.headers["Content-Security-Policy"]


def test_five_bad_logins_from_five_addresses_do_not_keep_the_administrator_out():
    administrator = staff_user("administrator", ADMINISTRATOR, PASSWORD)
    device = authenticator(administrator)
    for number in range(5):
        response = attempt(Client(REMOTE_ADDR=f"203.0.113.{number + 1}"), "administrator")
        assert response.status_code == 200
    sixth = Client(REMOTE_ADDR="198.51.100.6")
    response = attempt(sixth, "administrator", PASSWORD, otp_token=totp_now(device))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert signed_in(sixth)
    # Password and code together: the session is verified at once.
    assert sixth.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_a_guarded_user_name_does_not_say_which_part_was_wrong():
    administrator = staff_user("administrator", ADMINISTRATOR, PASSWORD)
    device = authenticator(administrator)
    for number in range(5):
        attempt(Client(REMOTE_ADDR=f"203.0.113.{number + 1}"), "administrator")

    def answer(password, otp_token=None):
        client = Client(REMOTE_ADDR="198.51.100.7")
        response = attempt(client, "administrator", password, otp_token=otp_token)
        assert not signed_in(client)
        errors = response.context["form"].non_field_errors()
        return response.status_code, list(errors), 'name="otp_token"' in response.content.decode()

    right_code = totp_now(device)
    wrong_code = "000000" if right_code != "000000" else "111111"
    password_alone = answer(PASSWORD)
    assert password_alone[0] == 200 and password_alone[2], "the form asks for the code"
    assert answer(WRONG) == password_alone
    assert answer(WRONG, right_code) == password_alone
    assert answer(PASSWORD, wrong_code) == password_alone
    # Each of those four counted as a failure of this address, whatever was right.
    assert AccessFailureLog.objects.filter(ip_address="198.51.100.7").count() == 4


def test_the_lockout_page_says_when_to_try_again_and_whom_to_ask(editor, home_union):
    home_union.email = "vanphong@huunghi.example.vn"
    home_union.phone = "0204 3855 000"
    home_union.save()
    client = Client()
    fail(client, editor.username, 5)
    last = AccessAttempt.objects.get(username=editor.username).attempt_time
    retry_at = timezone.localtime(last + timedelta(hours=1))
    assert str(retry_at.tzinfo) == "Asia/Ho_Chi_Minh"
    # (The Vietnamese of the new sentences arrives with the merged catalogue; the title is
    # already translated.)
    for language, words in (("vi", "Đăng nhập bị khóa"), ("en", "ask an Administrator")):
        response = attempt(
            client,
            editor.username,
            PASSWORD,
            path=reverse("admin:login").replace("/vi/", f"/{language}/"),
        )
        assert response.status_code == 429
        html = response.content.decode()
        assert f'lang="{language}"' in html
        assert retry_at.strftime("%H:%M") in html
        assert home_union.email in html and home_union.phone in html
        assert words in html
        assert int(response["Retry-After"]) > 3500


def test_lifting_the_lock_in_the_admin_lifts_the_guard_too(editor):
    for number in range(5):
        attempt(Client(REMOTE_ADDR=f"203.0.113.{number + 1}"), editor.username)
    assert attempt(Client(), editor.username, PASSWORD).status_code == 200  # guarded
    administrator = staff_user("quan-tri", ADMINISTRATOR, PASSWORD)
    staff = Client()
    staff.force_login(administrator)
    changelist = staff.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.content.decode().count(editor.username) >= 5
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    staff.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    client = Client()
    assert attempt(client, editor.username, PASSWORD).status_code == 302
    assert signed_in(client)
