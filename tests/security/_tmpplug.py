import pytest


@pytest.fixture(autouse=True)
def _only_some_demos(monkeypatch):
    import portal.management.commands.load_demo as ld

    monkeypatch.setattr(ld, "DEMO_APPS", ["unions", "members"])
