import pytest
from django.core.cache import cache

from infofinance.home.services import ensure_site_structure


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def structure(db):
    return ensure_site_structure()


@pytest.fixture
def staff_login():
    """Log a staff member into a test client the way the admin requires: the user gets a TOTP
    authenticator when they have none, and the session records a password and a second-factor
    authentication (as allauth's login with MFA leaves it); every admin test logs in through it."""

    def login(client, user):
        from tests.accounts_helpers import mfa_verified_login

        return mfa_verified_login(client, user)

    return login
