"""Consent with the notice's version, and an Administrator's erasure of a person
(Decree 13/2023/NĐ-CP): every row with their contact data goes, logged without it."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members.models import Association, Member, MembershipApplication
from news.models import Comment
from portal.models import Erasure
from portal.roles import ADMINISTRATOR, EDITOR, SECRETARIAT

pytestmark = pytest.mark.django_db

NAME = "Lưu Thị Riêng Tư"
EMAIL = "rieng.tu.4417@example.org"
PHONE = "0987 654 321"


def join(client, **overrides):
    data = {
        "association": Association.objects.get(slug="viet-lao").pk,
        "full_name": NAME,
        "email": EMAIL,
        "phone": PHONE,
        "birth_year": "1990",
        "occupation": "Giáo viên",
        "motivation": "Tôi muốn giao lưu với bạn bè Lào.",
        "consent": "on",
        "website": "",
        **overrides,
    }
    return client.post("/vi/gia-nhap/", data)


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_join_form_stores_the_notice_version_and_time_of_consent(client, demo, settings):
    settings.PRIVACY_NOTICE_VERSION = "3"
    before = timezone.now()
    assert join(client, notice_version="3").status_code == 302
    application = MembershipApplication.objects.get(full_name=NAME)
    assert application.consent_version == "3"
    assert before <= application.consented_at <= timezone.now()


def test_consent_to_an_older_notice_is_asked_again(client, demo, settings):
    settings.PRIVACY_NOTICE_VERSION = "2"
    response = join(client, notice_version="1")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Thông báo xử lý dữ liệu cá nhân đã thay đổi" in html
    # The page sent back shows the current version, so ticking again is enough.
    assert 'name="notice_version" value="2"' in html
    assert not MembershipApplication.objects.filter(full_name=NAME).exists()
    assert join(client, notice_version="2").status_code == 302


def test_earlier_applications_are_marked_as_consenting_before_the_notice(demo):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("members.migrations.0003_application_consent_version")
    old = MembershipApplication.objects.create(
        association=Association.objects.get(slug="viet-lao"),
        full_name="Đơn Cũ",
        email="cu@example.org",
        motivation="x",
        consent=True,
    )
    migration.mark_earlier_consents(apps, None)
    old.refresh_from_db()
    assert old.consent_version == migration.BEFORE_NOTICE
    assert old.consented_at == old.submitted_at


def _accept_and_edit(client, staff):
    """The secretariat's path: accept the application, then edit the member in the admin
    (which writes the member's name into Django's admin log)."""
    application = MembershipApplication.objects.get(full_name=NAME)
    client.force_login(staff(SECRETARIAT))
    client.post(
        changelist(MembershipApplication),
        {"action": "accept", "_selected_action": [application.pk]},
    )
    member = Member.objects.get(full_name=NAME)
    response = client.post(
        reverse("admin:members_member_change", args=[member.pk]),
        {
            "full_name": NAME,
            "gender": "female",
            "birth_year": "1990",
            "occupation": "Giáo viên",
            "phone": PHONE,
            "email": EMAIL,
            "address": "Số 9 Ngõ Kín, Bắc Giang",
            "association": member.association_id,
            "branch": "",
            "joined_on": timezone.localdate().isoformat(),
            "status": "active",
            "left_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LogEntry.objects.filter(object_repr=NAME).exists()
    client.logout()
    return member


def _erase(client, user, model, pks, confirm=True):
    client.force_login(user)
    data = {"action": "erase_personal_data", "_selected_action": pks}
    if confirm:
        data["confirm"] = "yes"
    return client.post(changelist(model), data)


def test_erasing_a_member_leaves_neither_email_nor_phone_in_the_database(
    client, demo, staff, category
):
    from tests.factories import article

    assert join(client).status_code == 302
    member = _accept_and_edit(client, staff)
    item = article(category)
    Comment.objects.create(article=item, name="Riêng Tư", email=EMAIL.upper(), body="Hay quá")
    Comment.objects.create(article=item, name="Người khác", email="khac@example.org", body="Hay")
    other = Member.objects.create(
        full_name="Hội Viên Khác",
        association=member.association,
        joined_on="2024-01-01",
        email="khac.han@example.org",
    )

    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    assert EMAIL in dump.getvalue() and PHONE in dump.getvalue()  # the test can fail

    administrator = staff(ADMINISTRATOR)
    confirmation = _erase(client, administrator, Member, [member.pk], confirm=False)
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    assert NAME in page and "Hay quá" in page  # the rows that will go are listed…
    assert Member.objects.filter(pk=member.pk).exists()  # …and nothing is gone yet

    response = _erase(client, administrator, Member, [member.pk])
    assert response.status_code == 302

    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    text = dump.getvalue()
    for secret in (EMAIL, EMAIL.upper(), PHONE, NAME, "Ngõ Kín"):
        assert secret not in text, secret
    assert not Member.objects.filter(pk=member.pk).exists()
    assert not MembershipApplication.objects.filter(full_name=NAME).exists()
    assert Member.objects.filter(pk=other.pk).exists()
    assert Comment.objects.filter(email="khac@example.org").exists()
    erasure = Erasure.objects.get()
    assert (erasure.kind, erasure.user, erasure.members, erasure.applications) == (
        Erasure.Kind.MEMBER,
        administrator,
        1,
        1,
    )
    assert erasure.comments == 1


def test_only_administrators_erase(client, demo, staff, category):
    from tests.factories import article

    assert join(client).status_code == 302
    member = _accept_and_edit(client, staff)
    comment = Comment.objects.create(
        article=article(category), name="Riêng Tư", email=EMAIL, body="Hay quá"
    )
    _erase(client, staff(SECRETARIAT, "thu-ky-2"), Member, [member.pk])
    _erase(client, staff(EDITOR), Comment, [comment.pk])
    assert Member.objects.filter(pk=member.pk).exists()
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert not Erasure.objects.exists()
    # The action is not even offered to them.
    client.force_login(staff(SECRETARIAT, "thu-ky-3"))
    assert "erase_personal_data" not in client.get(changelist(Member)).content.decode()


def test_erasing_a_commenter_removes_all_their_comments(client, staff, category, db):
    from tests.factories import article

    item = article(category)
    mine = [
        Comment.objects.create(article=item, name="Tên", email=EMAIL, body=f"Ý kiến {n}")
        for n in range(3)
    ]
    other = Comment.objects.create(article=item, name="Khác", email="khac@example.org", body="x")
    response = _erase(client, staff(ADMINISTRATOR), Comment, [mine[0].pk])
    assert response.status_code == 302
    assert list(Comment.objects.all()) == [other]
    erasure = Erasure.objects.get()
    assert (erasure.kind, erasure.comments, erasure.members) == (Erasure.Kind.COMMENTER, 3, 0)


def test_erasing_an_applicant(client, demo, staff):
    assert join(client).status_code == 302
    assert join(client, email="", phone="0987.654.321").status_code == 302  # applied twice
    # Chosen by the second application: the first is found by the same phone number's digits.
    application = MembershipApplication.objects.get(full_name=NAME, email="")
    assert _erase(client, staff(ADMINISTRATOR), MembershipApplication, [application.pk])
    assert not MembershipApplication.objects.filter(full_name=NAME).exists()
    assert Erasure.objects.get().applications == 2
