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
