"""The front cache's purge: pages nginx may keep are recorded under their tags in Redis, and a
change deletes exactly the files nginx keeps them in (the layout of `levels=1:2`)."""

import hashlib
import socket

import pytest

from tests.factories import make_article
from tests.test_pagecache import call

pytestmark = pytest.mark.django_db(transaction=False)


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture
def front_cache(settings, tmp_path):
    if not redis_reachable():
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/14",
            "KEY_PREFIX": "test",
        }
    }
    settings.PAGE_CACHE_NGINX_DIR = str(tmp_path)
    from django.core.cache import cache

    cache.clear()
    yield tmp_path
    cache.clear()


def nginx_keeps(tmp_path, key: str):
    """Put a file where nginx would keep the page filed under `key`."""
    digest = hashlib.md5(key.encode()).hexdigest()
    path = tmp_path / digest[-1] / digest[-3:-1] / digest
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"KEY: " + key.encode())
    return path


def test_pages_nginx_may_keep_are_purged_exactly(app, structure, front_cache):
    article = make_article(structure, title="Bài trong bộ nhớ đệm nginx")
    other = make_article(structure, title="Bài ở chuyên mục khác", section="domestic")
    hub_key = "testserver/tin-tuc/|identity"
    status, headers, _ = call(app, "/tin-tuc/", x_pagecache_key=hub_key)
    assert status == 200 and headers["X-Accel-Expires"] == "600"
    other_key = f"testserver{other.url}|identity"
    assert call(app, other.url, x_pagecache_key=other_key)[1]["X-Accel-Expires"] == "600"
    # A hit from the application's own cache registers too (nginx evicted its copy).
    assert call(app, other.url, x_pagecache_key=other_key)[1]["X-Cache"] == "HIT"
    hub_file, other_file = nginx_keeps(front_cache, hub_key), nginx_keeps(front_cache, other_key)

    article.title = "Tiêu đề mới"
    article.save_revision().publish()
    assert not hub_file.exists()  # the hub shows the article
    assert other_file.exists()  # another section's article does not

    make_article(structure, title="Bài mới chuyên mục khác", section="domestic")
    assert other_file.exists()  # earlier articles do not list newer ones


def test_without_redis_or_a_folder_nginx_keeps_nothing(app, structure, settings):
    settings.PAGE_CACHE_NGINX_DIR = ""
    _, headers, _ = call(app, "/", x_pagecache_key="testserver/|identity")
    assert headers["X-Accel-Expires"] == "0"
    assert "X-Accel-Expires" not in call(app, "/tin-tuc/")[1]


def test_site_wide_changes_empty_the_folder(app, structure, front_cache):
    from django.core.management import call_command

    kept = nginx_keeps(front_cache, "testserver/|identity")
    call_command("invalidate_page_cache")
    assert not kept.exists()


def test_nginx_keys_pages_by_the_same_parameters_as_the_application():
    import re
    from pathlib import Path

    from infofinance.pagecache.store import ALLOWED_PARAMS

    template = (Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf.template").read_text()
    mapped = re.search(r'map "([^"]+)" \$page_key_args_full', template).group(1)
    keyed = re.search(r'default "\?([^"]+)";', template).group(1)
    assert set(re.findall(r"\$arg_(\w+)", mapped)) == ALLOWED_PARAMS
    assert {part.split("=")[0] for part in keyed.split("&")} == ALLOWED_PARAMS


def test_nginx_keeps_pages_but_not_errors_or_redirects(app, structure, front_cache):
    for path in ["/khong-co-trang-nay/", "/tin-tuc"]:  # a 404 and a 301 (trailing slash)
        status, headers, _ = call(app, path, x_pagecache_key=f"testserver{path}|identity")
        assert status in (301, 404) and headers["X-Accel-Expires"] == "0", path
