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
    """Log a staff member into a test client the way the admin requires (the accounts work
    makes this an MFA-verified session); every admin test logs in through it."""

    def login(client, user):
        client.force_login(user)
        return client

    return login
