"""PostgreSQL plans a statement the portal runs again and again once per connection
(portal/settings.py: server-side binding, prepare_threshold), unless DJANGO_DB_PREPARED=0."""

import pytest
from django.db import connection

from .test_quality import _manage

pytestmark = pytest.mark.django_db

SHOW_OPTIONS = (
    "from django.db import connections; print(connections['default'].settings_dict['OPTIONS'])"
)


def test_a_page_read_twice_runs_prepared_statements(client, home_union):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(3):
        assert client.get("/vi/tin-tuc/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    # The news list's own query, planned once and run with its parameters.
    assert any('FROM "news_article"' in statement and "$1" in statement for statement in prepared)


@pytest.mark.parametrize(("switch", "prepared"), [({}, True), ({"DJANGO_DB_PREPARED": "0"}, False)])
def test_the_switch_for_connection_poolers(switch, prepared):
    result = _manage(
        "shell",
        "-c",
        SHOW_OPTIONS,
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://portal@127.0.0.1:1/portal",
        **switch,
    )
    assert result.returncode == 0, result.stderr
    assert ("'server_side_binding': True" in result.stdout) is prepared
    assert ("'prepare_threshold': 2" in result.stdout) is prepared
