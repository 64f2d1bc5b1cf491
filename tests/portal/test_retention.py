"""`manage.py apply_retention`: what is older than its period goes, counts only, idempotent."""

import datetime
import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from members.models import Association, MembershipApplication
from news.models import Comment
from portal.models import Erasure

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def periods(settings):
    settings.PRIVACY_RETENTION_REJECTED_APPLICATION_DAYS = 60
    settings.PRIVACY_RETENTION_COMMENT_EMAIL_DAYS = 20
    settings.PRIVACY_RETENTION_ACCESS_LOG_DAYS = 10


@pytest.fixture
def rows(home_union, category, periods):
    from tests.factories import article

    now = timezone.now()
    association = Association.objects.create(name="Hội Việt - Lào", slug="vl", union=home_union)

    def application(name, status, reviewed_days_ago=None, submitted_days_ago=0):
        row = MembershipApplication.objects.create(
            association=association,
            full_name=name,
            email=f"{name}@example.org",
            motivation="x",
            consent=True,
            status=status,
            reviewed_at=now - reviewed_days_ago * DAY if reviewed_days_ago is not None else None,
        )
        # submitted_at is auto_now_add: set afterwards.
        MembershipApplication.objects.filter(pk=row.pk).update(
            submitted_at=now - submitted_days_ago * DAY
        )

    rejected, pending = MembershipApplication.Status.REJECTED, MembershipApplication.Status.PENDING
    application("old-rejected", rejected, reviewed_days_ago=61, submitted_days_ago=70)
    application("undated-rejected", rejected, submitted_days_ago=61)
    application("recent-rejected", rejected, reviewed_days_ago=59, submitted_days_ago=100)
    application("old-pending", pending, submitted_days_ago=400)

    item = article(category)
    for days, email in ((21, "old@example.org"), (19, "new@example.org")):
        Comment.objects.create(
            article=item, name=email, email=email, body="Hay", created_at=now - days * DAY
        )

    common = {"ip_address": "192.0.2.1", "user_agent": "test"}
    for days in (11, 9):
        # attempt_time is auto_now_add: set afterwards.
        made = [
            AccessAttempt.objects.create(username=f"u{days}", failures_since_start=1, **common),
            AccessFailureLog.objects.create(username=f"u{days}", locked_out=False, **common),
            AccessLog.objects.create(username=f"u{days}", **common),
        ]
        for row in made:
            type(row).objects.filter(pk=row.pk).update(attempt_time=now - days * DAY)


def run(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def state():
    return (
        sorted(MembershipApplication.objects.values_list("full_name", flat=True)),
        sorted(Comment.objects.exclude(email="").values_list("email", flat=True)),
        sorted(AccessAttempt.objects.values_list("username", flat=True)),
        sorted(AccessFailureLog.objects.values_list("username", flat=True)),
        sorted(AccessLog.objects.values_list("username", flat=True)),
    )


def test_dry_run_counts_and_changes_nothing(rows):
    before = state()
    output = run("--dry-run")
    assert "rejected membership applications (older than 60 days): 2 would be removed" in output
    assert "comment e-mail addresses (older than 20 days): 1 would be removed" in output
    assert "access log rows (older than 10 days): 1 would be removed" in output
    assert state() == before
    assert not Erasure.objects.exists()


def test_removes_what_is_past_its_period_once(rows):
    output = run()
    assert "rejected membership applications (older than 60 days): 2 removed" in output
    assert "example.org" not in output  # counts only, never whose
    applications, emails, attempts, failures, logs = state()
    assert applications == ["old-pending", "recent-rejected"]
    assert emails == ["new@example.org"]
    assert attempts == failures == logs == ["u9"]
    # The comment itself stays, without its address.
    assert Comment.objects.filter(name="old@example.org", email="").exists()
    erasure = Erasure.objects.get()
    assert (erasure.kind, erasure.user, erasure.applications, erasure.comments) == (
        Erasure.Kind.RETENTION,
        None,
        2,
        1,
    )
    assert erasure.access_records == 3

    # Idempotent: a second run finds nothing and logs nothing.
    second = run()
    # (Five kinds of personal data, and the articles' readings per day: news.readings.)
    assert "2 removed" not in second and second.count(": 0 removed") == 6
    assert Erasure.objects.count() == 1


def test_periods_come_from_the_environment(monkeypatch):
    from portal.settings import env_days

    monkeypatch.setenv("PRIVACY_RETENTION_COMMENT_EMAIL_DAYS", "45")
    assert env_days("PRIVACY_RETENTION_COMMENT_EMAIL_DAYS", 180) == 45
    monkeypatch.delenv("PRIVACY_RETENTION_COMMENT_EMAIL_DAYS")
    assert env_days("PRIVACY_RETENTION_COMMENT_EMAIL_DAYS", 180) == 180
    for bad in ("0", "-3", "ten", "1.5"):
        monkeypatch.setenv("PRIVACY_RETENTION_COMMENT_EMAIL_DAYS", bad)
        with pytest.raises(ImproperlyConfigured, match="PRIVACY_RETENTION_COMMENT_EMAIL_DAYS"):
            env_days("PRIVACY_RETENTION_COMMENT_EMAIL_DAYS", 180)
