import pytest

from tests.security.helpers import untrusted_force_login


@pytest.fixture
def real_two_factor():
    """force_login() without the OTP shortcut: the session is only password-verified."""
    with untrusted_force_login():
        yield
