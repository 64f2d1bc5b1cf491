"""The work queues at the top of the admin index (portal/workqueues.py): each role sees what
waits for it, with a count, the oldest entry's age and a link to the filtered change list
that shows the same entries; nothing of the other roles; a bounded number of queries."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article, Comment
from tests import factories

# The queues' own strings are new: their Vietnamese (in /work/wt/msgs-queues.po) reaches
# locale/ when the lead merges; the content checks read the English index, and the
# Vietnamese one is checked for what is already translated (the role headings).
INDEX = "/en/admin/"
INDEX_VI = "/vi/admin/"


def _items(html):
    """{key: the item's text, without tags and spaces squeezed} of the rendered queues."""
    found = {}
    for key, body in re.findall(r'data-key="([a-z_0-9]+)">(.*?)</li>', html, re.S):
        found[key] = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    return found


def _link(html, key):
    match = re.search(rf'data-key="{key}">\s*<a href="([^"]+)"', html)
    return match.group(1).replace("&amp;", "&")


def _changelist_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["cl"].result_count


def _aged(model, pks, field, days):
    model.objects.filter(pk__in=pks).update(
        **{field: timezone.now() - datetime.timedelta(days=days)}
    )


@pytest.fixture
def newsroom(db, category):
    writer_user = factories.staff_user("writer-q", "Writer")
    other = factories.staff_user("writer-other", "Writer")
    review = [factories.article(category, status=Article.Status.REVIEW).pk for _ in range(3)]
    _aged(Article, review[:1], "updated_at", 4)
    drafts = [
        factories.article(category, status=Article.Status.DRAFT, created_by=writer_user).pk
        for _ in range(2)
    ]
    _aged(Article, drafts[:1], "updated_at", 6)
    returned = factories.article(category, status=Article.Status.DRAFT, created_by=writer_user)
    Article.objects.filter(pk=returned.pk).update(
        returned_at=timezone.now() - datetime.timedelta(days=1, hours=1), editor_note="Thêm ảnh."
    )
    factories.article(category, status=Article.Status.DRAFT, created_by=other)
    published = factories.article(category)
    Comment.objects.create(
        article=published,
        name="A",
        body="x",
        created_at=timezone.now() - datetime.timedelta(days=2, hours=1),
    )
    Comment.objects.create(article=published, name="B", body="y")
    Comment.objects.create(article=published, name="C", body="z", status=Comment.Status.APPROVED)
    return writer_user


def test_editor_sees_reviews_and_comments_with_ages_and_matching_links(client, staff, newsroom):
    client.force_login(staff("Editor"))
    html = client.get(INDEX).content.decode()
    items = _items(html)
    assert set(items) == {"articles_in_review", "comments_pending"}
    assert "3" in items["articles_in_review"] and "4 days" in items["articles_in_review"]
    assert "2" in items["comments_pending"] and "2 days" in items["comments_pending"]
    assert _changelist_count(client, _link(html, "articles_in_review")) == 3
    assert _changelist_count(client, _link(html, "comments_pending")) == 2


def test_writer_sees_only_own_drafts_and_returned_articles(client, staff, newsroom):
    client.force_login(newsroom)
    html = client.get(INDEX).content.decode()
    items = _items(html)
    assert set(items) == {"my_drafts", "my_returned"}
    assert items["my_drafts"].split(":")[1].strip().startswith("2")
    assert "6 days" in items["my_drafts"]
    assert _changelist_count(client, _link(html, "my_drafts")) == 2
    assert items["my_returned"].split(":")[1].strip().startswith("1")
    assert "1 day" in items["my_returned"]
    assert _changelist_count(client, _link(html, "my_returned")) == 1


def test_zero_counts_still_show_in_both_languages(client, staff, db):
    client.force_login(staff("Editor"))
    html = client.get(INDEX_VI).content.decode()
    assert "<h3>Biên tập viên</h3>" in html
    assert set(_items(html)) == {"articles_in_review", "comments_pending"}
    html = client.get(INDEX).content.decode()
    assert "Waiting for you" in html
    assert "nothing waiting" in _items(html)["comments_pending"]
    assert "Articles waiting for review" in html


@pytest.fixture
def secretariat_work(home_union):
    from congresses.models import Congress, ElectedBody, Mandate, Person
    from members.models import MembershipApplication

    association = _association(home_union)
    for days in (9, 1):
        application = MembershipApplication.objects.create(
            association=association, full_name="Đơn", motivation="x", consent=True
        )
        _aged(MembershipApplication, [application.pk], "submitted_at", days)
    MembershipApplication.objects.create(
        association=association,
        full_name="Đã xét",
        motivation="x",
        consent=True,
        status=MembershipApplication.Status.ACCEPTED,
    )
    year = timezone.localdate().year
    short = Congress.objects.create(
        union=home_union,
        ordinal=90,
        term_start_year=year - 1,
        term_end_year=year + 4,
        held_from=datetime.date(year - 1, 8, 8),
    )
    body = ElectedBody.objects.create(congress=short, kind=ElectedBody.Kind.EXECUTIVE, size=2)
    person = Person.objects.create(full_name="Nguyễn Văn Một")
    Mandate.objects.create(body=body, person=person)
    # A member who left: the seat is no longer served.
    Mandate.objects.create(
        body=body,
        person=Person.objects.create(full_name="Trần Thị Hai"),
        end_date=timezone.localdate() - datetime.timedelta(days=30),
    )
    full = Congress.objects.create(
        union=home_union,
        ordinal=91,
        term_start_year=year - 1,
        term_end_year=year + 4,
        held_from=datetime.date(year - 1, 9, 9),
    )
    full_body = ElectedBody.objects.create(congress=full, kind=ElectedBody.Kind.EXECUTIVE, size=1)
    Mandate.objects.create(body=full_body, person=person)
    return short


def test_secretariat_sees_applications_and_short_congresses(client, staff, secretariat_work):
    before = _count_short_in_term()
    client.force_login(staff("Secretariat"))
    html = client.get(INDEX).content.decode()
    items = _items(html)
    assert set(items) == {"applications_pending", "congresses_understaffed"}
    assert "2" in items["applications_pending"] and "9 days" in items["applications_pending"]
    assert _changelist_count(client, _link(html, "applications_pending")) == 2
    url = _link(html, "congresses_understaffed")
    response = client.get(url)
    assert secretariat_work in response.context["cl"].result_list
    assert response.context["cl"].result_count == before
    assert f"{before}" in items["congresses_understaffed"]


def _count_short_in_term():
    from congresses.workqueues import understaffed_congresses

    return understaffed_congresses().count()


def test_leadership_sees_this_years_aid_figures_from_the_dashboard_cache(client, staff, db):
    client.force_login(staff("Leadership"))
    html = client.get(INDEX).content.decode()
    items = _items(html)
    assert set(items) == {"aid_this_year"}
    year = timezone.localdate().year
    assert str(year) in items["aid_this_year"]
    assert "Committed (VND)" in items["aid_this_year"]
    assert "New projects" in items["aid_this_year"]
    link = _link(html, "aid_this_year")
    assert link.startswith("/en/") and client.get(link).status_code == 200
    # A second visit reads the cached figures: no aid query at all.
    with CaptureQueriesContext(connection) as queries:
        client.get(INDEX)
    assert not [q for q in queries if "aid_transaction" in q["sql"]]


def test_administrator_sees_locks_missing_second_factor_and_backup(
    client, staff, settings, tmp_path, db
):
    from axes.models import AccessAttempt

    from portal.management.commands import backup

    settings.BASE_DIR = tmp_path
    AccessAttempt.objects.create(
        username="bi-khoa",
        ip_address="10.0.0.1",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        attempt_time=timezone.now(),
    )
    AccessAttempt.objects.create(
        username="chua-khoa", ip_address="10.0.0.2", failures_since_start=1
    )
    # A lock whose cool-off has passed no longer locks anyone.
    expired = AccessAttempt.objects.create(
        username="het-khoa",
        ip_address="10.0.0.3",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    # attempt_time is auto_now_add: aged by an update.
    AccessAttempt.objects.filter(pk=expired.pk).update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=5)
    )
    factories.staff_user("editor-no-2fa", "Editor")
    factories.staff_user("writer-no-2fa-needed", "Writer")
    client.force_login(staff("Administrator"))
    html = client.get(INDEX).content.decode()
    items = _items(html)
    assert set(items) == {"locked_accounts", "staff_without_2fa", "last_backup", "undelivered_mail"}
    assert items["undelivered_mail"].split(":")[1].strip().startswith("0")
    assert items["locked_accounts"].split(":")[1].strip().startswith("1")
    assert _changelist_count(client, _link(html, "locked_accounts")) == 1
    assert items["staff_without_2fa"].split(":")[1].strip().startswith("1")
    assert _changelist_count(client, _link(html, "staff_without_2fa")) == 1
    assert "No backup yet" in items["last_backup"]
    assert "work-item-warning" in html

    folder = backup.default_backup_dir()
    folder.mkdir(parents=True)
    stamp = timezone.now() - datetime.timedelta(days=3)
    (folder / f"portal-sqlite-{stamp:%Y%m%d-%H%M%S}.tar.gz").write_bytes(b"x")
    items = _items(client.get(INDEX).content.decode())
    assert "3 days" in items["last_backup"] and "2 days" in items["last_backup"]

    (folder / "last-backup.json").write_text(
        json.dumps({"finished_at": timezone.now().isoformat()})
    )
    html = client.get(INDEX).content.decode()
    assert "work-item-warning" not in html

    # Mail the worker could not send (SMTP refused it) waits, deferred, for the Administrator.
    from django.core.mail import EmailMessage
    from mailer.models import PRIORITY_DEFERRED, Message

    waiting = Message(priority=PRIORITY_DEFERRED)
    waiting.email = EmailMessage("Thư", "Nội dung", to=["ban-doc@example.com"])
    waiting.save()
    Message.objects.create(message_data="")  # queued, not yet tried: not undelivered
    html = client.get(INDEX).content.decode()
    assert _items(html)["undelivered_mail"].split(":")[1].strip().startswith("1")
    assert _changelist_count(client, _link(html, "undelivered_mail")) == 1
    assert "work-item-warning" in html


def test_superuser_sees_every_role(client, db):
    user = factories.staff_user("root", is_superuser=True)
    client.force_login(user)
    html = client.get(INDEX).content.decode()
    vi = client.get(INDEX_VI).content.decode()
    for heading in ("Biên tập viên", "Phóng viên", "Văn phòng", "Lãnh đạo", "Quản trị viên"):
        assert f"<h3>{heading}</h3>" in vi
    assert {"articles_in_review", "my_drafts", "applications_pending", "aid_this_year"} <= set(
        _items(html)
    )
    assert "locked_accounts" in _items(html)


def _association(union):
    from members.models import Association

    return Association.objects.create(name="Hội thử", slug="hoi-thu", union=union, countries="LA")


def _bulk(n, category, association, writer_user):
    from members.models import MembershipApplication

    Article.objects.bulk_create(
        Article(
            title_vi=f"Bài {i}",
            slug_vi=f"bai-{n}-{i}",
            category=category,
            status=Article.Status.REVIEW if i % 2 else Article.Status.DRAFT,
            created_by=writer_user,
        )
        for i in range(n)
    )
    article = Article.objects.first()
    Comment.objects.bulk_create(Comment(article=article, name="x", body="y") for _ in range(n))
    MembershipApplication.objects.bulk_create(
        MembershipApplication(association=association, full_name="x", motivation="y")
        for _ in range(n)
    )


ROLE_KEYS = {
    "Editor": {"articles_in_review", "comments_pending"},
    "Writer": {"my_drafts", "my_returned"},
    "Secretariat": {"applications_pending", "congresses_understaffed"},
    "Leadership": {"aid_this_year"},
    "Administrator": {"locked_accounts", "staff_without_2fa", "last_backup"},
}


@pytest.mark.parametrize("role", ["Editor", "Writer", "Secretariat", "Leadership", "Administrator"])
def test_index_queries_do_not_grow_with_rows(client, staff, home_union, category, role):
    user = staff(role)
    client.force_login(user)
    association = _association(home_union)
    counts = []
    for n in (1000, 9000):  # 1,000 rows, then 10,000
        _bulk(n, category, association, user)
        client.get(INDEX)  # warm the caches (aid figures, site settings)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(INDEX)
        assert response.status_code == 200
        assert _items(response.content.decode()).keys() >= ROLE_KEYS[role]
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 25
