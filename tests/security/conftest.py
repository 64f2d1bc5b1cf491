import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

from tests import factories
from tests.aid.conftest import aid_data, rates  # noqa: F401 (fixtures)
from tests.security.helpers import untrusted_force_login


@pytest.fixture
def real_two_factor():
    """force_login() without the OTP shortcut: the session is only password-verified."""
    with untrusted_force_login():
        yield


@pytest.fixture
def world(home_union, aid_data):  # noqa: F811
    """At least one row of every model registered in the admin (cheap: no demo images)."""
    from congresses.models import Congress, ElectedBody, Mandate, Person
    from members.models import (
        Association,
        Branch,
        Member,
        MemberExport,
        MembershipApplication,
        MembershipCount,
    )
    from news.models import Comment, Tag
    from portal.models import Erasure

    association = Association.objects.create(
        name="Hội hữu nghị Việt Nam - Lào", slug="viet-lao", union=home_union
    )
    branch = Branch.objects.create(union=home_union, association=association, name="Chi hội A")
    MembershipCount.objects.create(association=association, branch=branch, year=2024, members=9)
    Member.objects.create(
        full_name="Nguyễn Văn A",
        association=association,
        phone="0912345678",
        joined_on=datetime.date(2020, 1, 1),
    )
    MembershipApplication.objects.create(
        association=association, full_name="Trần Thị B", motivation="Vì tình hữu nghị", consent=True
    )
    MemberExport.objects.create(username="someone", rows=1)
    Erasure.objects.create(kind=Erasure.Kind.RETENTION, comments=1)

    Tag.objects.create(name="Lào", slug_vi="lao", slug_en="laos")
    article = factories.article()
    Comment.objects.create(article=article, name="Reader", email="r@example.org", body="Hello")
    from news.models import Series

    Series.objects.create(title_vi="Chuyên đề", title_en="Series").entries.create(article=article)

    congress = Congress.objects.create(
        union=home_union,
        ordinal=5,
        term_start_year=2023,
        term_end_year=2028,
        held_from=datetime.date(2023, 8, 8),
    )
    body = ElectedBody.objects.create(congress=congress, kind=ElectedBody.Kind.EXECUTIVE, size=1)
    person = Person.objects.create(full_name="Lê Văn C")
    Mandate.objects.create(body=body, person=person, position=Mandate.Position.MEMBER)

    from events.models import Event

    Event.objects.create(
        title_vi="Đón đoàn đại biểu Lào", union=home_union, starts_at=timezone.now()
    ).articles.set([article])

    from documents.models import Document, Issuer

    Document.objects.create(
        number="121/QĐ-UBND",
        kind=Document.Kind.DECISION,
        issuer=Issuer.objects.create(name_vi="UBND tỉnh Bắc Giang"),
        date_issued=datetime.date(1998, 10, 12),
        title_vi="Quyết định thành lập",
        is_published=True,
    ).articles.set([article])

    from albums.models import Album

    Album.objects.create(title_vi="Ảnh Đại hội V", date=datetime.date(2023, 8, 8))

    now = timezone.now()
    common = {"ip_address": "192.0.2.1", "user_agent": "test", "attempt_time": now}
    AccessAttempt.objects.create(username="x", failures_since_start=1, **common)
    AccessFailureLog.objects.create(username="x", locked_out=False, **common)
    AccessLog.objects.create(username="x", logout_time=now + datetime.timedelta(hours=1), **common)

    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    codes = StaticDevice.objects.create(
        user=factories.staff_user("recovery-owner"), name="Recovery codes", confirmed=True
    )
    StaticToken.objects.create(device=codes, token="abcd2345")

    from mailer.models import (
        PRIORITY_DEFERRED,
        RESULT_FAILURE,
        DontSendEntry,
        MessageLog,
        make_message,
    )

    message = make_message(
        "Subject", "Body", "portal@example.org", ["staff@example.org"], priority=PRIORITY_DEFERRED
    )
    message.save()
    MessageLog.objects.log(message, RESULT_FAILURE, log_message="refused")
    DontSendEntry.objects.create(to_address="nobody@example.org", when_added=now)
