"""Staff accounts: password rules in the admin, the configurable admin path."""

import importlib

import pytest
from django.test import Client
from django.urls import clear_url_caches, reverse

from portal.roles import ADMINISTRATOR
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

ELEVEN = "kx7-Qm2-vb9"  # 11 characters, otherwise acceptable
TWELVE = "kx7-Qm2-vb9z"


@pytest.fixture
def administrator():
    client = Client()
    client.force_login(staff_user("quan-tri", ADMINISTRATOR))
    return client


def test_creating_staff_in_the_admin_needs_twelve_characters(administrator, django_user_model):
    url = reverse("admin:auth_user_add")
    form = {"username": "phong-vien", "usable_password": "true"}
    short = administrator.post(url, {**form, "password1": ELEVEN, "password2": ELEVEN})
    assert short.status_code == 200
    assert "12" in short.content.decode()
    assert not django_user_model.objects.filter(username="phong-vien").exists()
    common = administrator.post(
        url, {**form, "password1": "password1234", "password2": "password1234"}
    )
    assert common.status_code == 200
    assert not django_user_model.objects.filter(username="phong-vien").exists()
    ok = administrator.post(url, {**form, "password1": TWELVE, "password2": TWELVE})
    assert ok.status_code == 302
    assert django_user_model.objects.get(username="phong-vien").check_password(TWELVE)


def test_setting_a_password_in_the_admin_needs_twelve_characters(administrator):
    user = staff_user("phong-vien", password=TWELVE)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    short = administrator.post(url, {"password1": ELEVEN, "password2": ELEVEN})
    assert short.status_code == 200
    user.refresh_from_db()
    assert user.check_password(TWELVE)


def test_changing_ones_own_password_needs_twelve_characters(client):
    user = staff_user("phong-vien", password=TWELVE)
    client.force_login(user)
    short = client.post(
        reverse("admin:password_change"),
        {"old_password": TWELVE, "new_password1": ELEVEN, "new_password2": ELEVEN},
    )
    assert short.status_code == 200
    user.refresh_from_db()
    assert user.check_password(TWELVE)


@pytest.fixture
def admin_path(settings):
    """Rebuild the URLconf with another admin path, and restore it afterwards."""
    import portal.urls

    def use(path):
        settings.ADMIN_PATH = path
        clear_url_caches()
        importlib.reload(portal.urls)

    yield use
    settings.ADMIN_PATH = "admin/"
    clear_url_caches()
    importlib.reload(portal.urls)


def test_the_admin_path_is_configurable(admin_path, client, admin_client):
    admin_path("kin-dao/")
    assert reverse("admin:index") == "/vi/kin-dao/"
    assert reverse("admin_2fa:setup") == "/vi/kin-dao/two-factor/"
    assert client.get("/vi/kin-dao/login/").status_code == 200
    assert client.get("/en/kin-dao/login/").status_code == 200
    assert client.get("/vi/admin/login/").status_code == 404
    assert admin_client.get("/vi/kin-dao/").status_code == 200


def test_the_two_factor_rule_follows_the_admin_path(admin_path):
    admin_path("kin-dao/")
    staff_user("chu-tich", password="correct-horse-battery-staple", is_superuser=True)
    client = Client()
    client.post(
        "/vi/kin-dao/login/",
        {"username": "chu-tich", "password": "correct-horse-battery-staple"},
    )
    response = client.get("/vi/kin-dao/")
    assert response.status_code == 302
    assert response["Location"].startswith("/vi/kin-dao/two-factor/")
