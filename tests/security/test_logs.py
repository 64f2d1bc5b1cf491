"""No personal data in logs.

A join application and a reader's comment with recognizable values (accepted, refused for
bad input and refused by the rate limit) must leave no trace of those values in any log
record of any logger at DEBUG, nor in the line gunicorn's access log writes for them:
the forms post their data in the body, and the URLs they post to carry none.
(tests/reliability/loadtest.py checks the same on the logs of a real gunicorn.)
"""

import datetime
import io
import logging
import re
from types import SimpleNamespace

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

MARKERS = {
    "name": "Quách Thị Dấu Vết",
    "email": "dau.vet.7731@example.org",
    "phone": "0912 734 731",
    "motivation": "Lý do rất riêng tư số 7731",
    "comment_name": "Lưu Văn Nhận Dạng",
    "comment_email": "nhan.dang.7731@example.net",
    "comment_body": "Ý kiến riêng tư số 7731 của tôi",
}


@pytest.fixture
def every_logger_at_debug(caplog):
    """Every logger, Django's and the libraries' included, at DEBUG and captured."""
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
    ]
    saved = [(logger, logger.level, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        if logger.name != "root":
            logger.propagate = True
    caplog.set_level(logging.DEBUG)
    yield caplog
    for logger, level, propagate in saved:
        logger.setLevel(level)
        logger.propagate = propagate


@pytest.fixture
def article(home_union):
    return factories.article(
        title_vi="Bài viết để thử nhật ký", title_en="An article for the log test"
    )


def _form_action(page, form_class):
    match = re.search(rf'<form class="{form_class}[^"]*" method="(\w+)" action="([^"]*)"', page)
    assert match, f"no {form_class} form"
    method, action = match.groups()
    assert method == "post"
    assert "?" not in action  # nothing the reader typed can travel in the URL
    return action


def _access_log_line(response):
    """The line gunicorn's access log writes for this request, in its default format."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    environ = dict(response.wsgi_request.META)
    query = environ.get("QUERY_STRING", "")
    environ["RAW_URI"] = environ["PATH_INFO"] + (f"?{query}" if query else "")
    environ.setdefault("SERVER_PROTOCOL", "HTTP/1.1")
    resp = SimpleNamespace(
        status=str(response.status_code), sent=len(response.content), headers=response.items()
    )
    atoms = Logger(config).atoms(resp, [], environ, datetime.timedelta(milliseconds=12))
    return config.access_log_format % atoms


def _assert_no_marker(text, where):
    for key, value in MARKERS.items():
        for form in {value, value.lower(), value.replace(" ", "+"), value.replace(" ", "%20")}:
            assert form not in text, f"{key} found in {where}: {text[:300]}"
        local_part = value.split("@")[0]
        if "@" in value:
            assert local_part not in text, f"{key} found in {where}"


def test_join_application_and_comment_leave_no_personal_data_in_logs(
    client, article, every_logger_at_debug, settings
):
    from members import demo
    from members.models import Association, MembershipApplication
    from news.models import Comment

    demo.load(io.StringIO())
    every_logger_at_debug.clear()

    join_page = client.get("/vi/gia-nhap/").content.decode()
    join_url = _form_action(join_page, "join-form")
    from unions.models import SiteSettings

    # One the join form offers: the home union's (the demo has other provinces' too).
    association = Association.objects.filter(
        status=Association.Status.ACTIVE, union=SiteSettings.current().home_union
    ).first()
    application = {
        "association": association.pk,
        "full_name": MARKERS["name"],
        "email": MARKERS["email"],
        "phone": MARKERS["phone"],
        "birth_year": "1988",
        "occupation": "Giáo viên",
        "motivation": MARKERS["motivation"],
        "consent": "on",
        "website": "",
    }
    responses = []
    # Refused for bad input (logged by Django as a 4xx), then accepted, then rate-limited.
    responses.append(client.post(join_url, {**application, "birth_year": "1800"}))
    assert responses[-1].status_code == 400
    for _ in range(5):
        responses.append(client.post(join_url, application))
        assert responses[-1].status_code == 302
    responses.append(client.post(join_url, application))
    assert responses[-1].status_code == 429
    assert MembershipApplication.objects.filter(full_name=MARKERS["name"]).count() == 5

    article_page = client.get(article.get_absolute_url("vi")).content.decode()
    comment_url = _form_action(article_page, "news-comment-form")
    comment = {
        "name": MARKERS["comment_name"],
        "email": MARKERS["comment_email"],
        "body": MARKERS["comment_body"],
        "consent": "on",
        "website": "",
    }
    responses.append(client.post(comment_url, {**comment, "body": "x"}))
    assert responses[-1].status_code == 400
    for _ in range(4):
        responses.append(client.post(comment_url, comment))
    assert {r.status_code for r in responses[-4:]} == {302, 429}
    assert Comment.objects.filter(name=MARKERS["comment_name"]).exists()

    records = every_logger_at_debug.records
    assert records, "nothing was logged at all: the capture is not working"
    assert any(r.name == "django.request" for r in records)  # the 4xx lines were captured
    for record in records:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        _assert_no_marker(text, f"log record {record.name}")
    for response in responses:
        _assert_no_marker(_access_log_line(response), "the gunicorn access log line")


def test_sql_is_not_logged_in_production(settings):
    """Query logging (which would include the values) only exists with DEBUG on."""
    from django.db import connection

    assert settings.DEBUG is False
    assert not connection.queries_logged
