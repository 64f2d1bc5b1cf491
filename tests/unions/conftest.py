import io

import pytest


@pytest.fixture
def demo(home_union):
    """The home union with the demo associations, chapters, counts and sample members."""
    from members import demo as members_demo

    members_demo.load(io.StringIO())
    return home_union
