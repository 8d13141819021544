"""The page cache: anonymous pages served by the WSGI wrapper without Django's request cycle,
never for logged-in readers or the admin, and never stale after a content change."""

from io import BytesIO

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from infofinance.pagecache import store
from infofinance.pagecache.middleware import PageCacheMiddleware
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=False)


def call(app, path, method="GET", query="", **headers):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.input": BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": BytesIO(),
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    }
    result = {}

    def start_response(status, response_headers, exc_info=None):
        result["status"] = int(status.split()[0])
        result["headers"] = dict(response_headers)

    body = b"".join(app(environ, start_response))
    return result["status"], result["headers"], body


def test_second_request_is_served_without_django(app, structure, django_assert_num_queries):
    make_article(structure, title="Tin nóng")
    status, headers, body = call(app, "/")
    assert status == 200 and headers["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        status, headers, cached = call(app, "/")
    assert headers["X-Cache"] == "HIT" and cached == body
    assert "public" in headers["Cache-Control"]


def test_publishing_refreshes_cached_pages(app, structure):
    call(app, "/tin-tuc/")
    assert call(app, "/tin-tuc/")[1]["X-Cache"] == "HIT"
    make_article(structure, title="Bài mới vừa xuất bản")
    _status, headers, body = call(app, "/tin-tuc/")
    assert headers["X-Cache"] == "MISS" and "Bài mới vừa xuất bản".encode() in body


def test_unpublishing_refreshes_the_article_and_its_404(app, structure):
    page = make_article(structure, title="Sẽ gỡ xuống")
    assert call(app, page.url)[0] == 200
    assert call(app, page.url)[1]["X-Cache"] == "HIT"
    page.unpublish()
    assert call(app, page.url)[0] == 404


def test_session_cookie_and_authorization_bypass_the_cache(app, structure):
    call(app, "/")
    assert call(app, "/", cookie="sessionid=abc")[1].get("X-Cache") != "HIT"
    assert call(app, "/", authorization="Basic eDp5")[1].get("X-Cache") != "HIT"
    assert call(app, "/", cookie="analytics=1")[1]["X-Cache"] == "HIT"


def test_cache_busting_parameters_share_one_entry(app, structure):
    call(app, "/tin-tuc/")
    for query in ["utm_source=x", "x=random123", "fbclid=abc&gclid=1"]:
        assert call(app, "/tin-tuc/", query=query)[1]["X-Cache"] == "HIT", query
    assert call(app, "/tin-tuc/", query="page=2")[1]["X-Cache"] == "MISS"


def test_head_is_answered_from_the_cache_without_a_body(app, structure):
    call(app, "/")
    status, headers, body = call(app, "/", method="HEAD")
    assert status == 200 and headers["X-Cache"] == "HIT" and body == b""


def test_etag_gives_304_and_encodings_are_kept_apart(app, structure):
    _, headers, _ = call(app, "/", accept_encoding="gzip")
    assert headers.get("Content-Encoding") == "gzip"
    status, _, body = call(app, "/", accept_encoding="gzip", if_none_match=headers["ETag"])
    assert status == 304 and body == b""
    status, headers, body = call(app, "/")
    assert headers["X-Cache"] == "MISS" and "Content-Encoding" not in headers
    assert body.startswith(b"<!DOCTYPE html>")


def test_admin_and_logged_in_readers_are_never_cached(client, structure, django_user_model):
    user = django_user_model.objects.create_user("reader", "r@example.com", "pw")
    client.force_login(user)
    response = client.get("/")
    assert "private" in response["Cache-Control"] and "X-Cache" not in response
    assert client.get("/admin/").get("X-Cache") is None


def test_responses_that_set_cookies_are_not_stored(structure):
    request = RequestFactory().get("/somewhere/")

    def view(request):
        response = HttpResponse("hello")
        response.set_cookie("csrftoken", "x")
        return response

    response = PageCacheMiddleware(view)(request)
    assert "X-Cache" not in response
    key = store.cache_key("testserver", "/somewhere/", "", "")
    assert store.load(key) is None


def test_content_changes_of_any_kind_invalidate(app, structure):
    from infofinance.core.models import SiteSettings

    call(app, "/")
    settings_row = SiteSettings.load()
    settings_row.disclaimer_vi = "Miễn trừ mới."
    settings_row.save()
    _status, headers, body = call(app, "/")
    assert headers["X-Cache"] == "MISS" and "Miễn trừ mới.".encode() in body


def test_overnight_licence_expiry_refreshes_cached_broker_pages(app, structure):
    from datetime import timedelta

    from django.utils import timezone

    from infofinance.brokers.models import Broker, Licence, Regulator
    from infofinance.brokers.services import refresh_stale_brokers

    regulator = Regulator.objects.create(name="FCA", abbreviation="FCA", country="GB", tier=1)
    broker = Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
    Licence.objects.create(
        broker=broker,
        regulator=regulator,
        number="1",
        approved_domains="aurora.example",
        expiry_date=timezone.localdate() + timedelta(days=1),
    )
    assert b"Licence expired" not in call(app, "/en/broker/aurora-markets/")[2]
    assert call(app, "/en/broker/aurora-markets/")[1]["X-Cache"] == "HIT"
    refresh_stale_brokers(today=timezone.localdate() + timedelta(days=2))  # bulk update only
    _status, headers, body = call(app, "/en/broker/aurora-markets/")
    assert headers["X-Cache"] == "MISS" and b"Licence expired" in body


def test_deployment_command_makes_cached_pages_stale(app, structure):
    from django.core.management import call_command

    call(app, "/")
    assert call(app, "/")[1]["X-Cache"] == "HIT"
    call_command("invalidate_page_cache")
    assert call(app, "/")[1]["X-Cache"] == "MISS"


def test_local_copies_are_bounded_and_dropped_when_anything_changes(app, structure):
    from infofinance.pagecache.store import LocalCopies, local

    small = LocalCopies(max_bytes=800)
    for number in range(10):
        small.put(f"k{number}", {"body": b"x" * 100}, clock=1)
    assert small.size <= 800 and small.get("k0", 1) is None and small.get("k9", 1) is not None
    assert small.get("k9", 2) is None  # `any` moved: the copy must be checked again

    call(app, "/")
    call(app, "/")  # found valid in the shared cache: now a local copy
    assert local.items
    make_article(structure, title="Bài làm mới bản sao cục bộ")
    _status, headers, body = call(app, "/")
    assert headers["X-Cache"] == "MISS" and "Bài làm mới bản sao cục bộ".encode() in body


@pytest.mark.parametrize("backend", ["diskcache", "redis"])
def test_pages_are_served_from_each_shared_cache_make_run_and_production_use(
    app, structure, settings, tmp_path, backend
):
    """make run shares a diskcache folder between its processes; production uses Redis."""
    import socket

    if backend == "redis":
        try:
            socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        except OSError:
            pytest.skip("no Redis at 127.0.0.1:6379")
    from infofinance.settings.env import cache_config

    url = f"diskcache://{tmp_path}" if backend == "diskcache" else "redis://127.0.0.1:6379/15"
    settings.CACHES = {"default": cache_config(url, tmp_path)}
    from django.core.cache import cache

    cache.clear()
    call(app, "/")
    status, headers, _ = call(app, "/")
    assert status == 200 and headers["X-Cache"] == "HIT"
    make_article(structure, title="Bài trong bộ nhớ đệm dùng chung")
    _status, headers, body = call(app, "/")
    assert headers["X-Cache"] == "MISS" and "Bài trong bộ nhớ đệm dùng chung".encode() in body
    cache.clear()
