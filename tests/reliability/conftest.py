def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "load: starts gunicorn and its own PostgreSQL cluster and loads them (tests/reliability/"
        "loadtest.py); runs in the PostgreSQL step of `make test`, `-m 'not load'` leaves it out",
    )
