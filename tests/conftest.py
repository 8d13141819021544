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


@pytest.fixture
def app():
    """The production WSGI stack, page cache in front. Like Django's test client, keep the test's
    database connection open across requests (the handler would close it at the end of each)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from infofinance.pagecache.wsgi import PageCacheApp

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield PageCacheApp(WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
