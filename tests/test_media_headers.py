"""Cache lifetimes of media and of the favicon, as the application serves them (`make run`) and
as deploy/nginx.conf.template does; complaint evidence never under a public media path."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import clear_url_caches

from infofinance.core import media

ROOT = Path(__file__).resolve().parents[1]
NGINX = (ROOT / "deploy" / "nginx.conf.template").read_text()
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def media_served(settings, tmp_path):
    """The URLconf with SERVE_MEDIA on (as under `make run`), over a media folder of its own."""
    import importlib

    import infofinance.urls

    settings.MEDIA_ROOT = str(tmp_path)
    settings.SERVE_MEDIA = True
    (tmp_path / "images").mkdir()
    (tmp_path / "original_images").mkdir()
    (tmp_path / "images" / "chart.2e16d0ba.fill-300x200.jpg").write_bytes(b"rendition")
    (tmp_path / "original_images" / "chart.jpg").write_bytes(b"original")
    importlib.reload(infofinance.urls)
    clear_url_caches()
    yield tmp_path
    settings.SERVE_MEDIA = False
    importlib.reload(infofinance.urls)
    clear_url_caches()


@pytest.mark.db_independent
@pytest.mark.django_db  # the 404 page reads the site's settings
def test_make_run_serves_renditions_as_immutable_and_originals_for_a_day(client, media_served):
    response = client.get("/media/images/chart.2e16d0ba.fill-300x200.jpg")
    assert response.status_code == 200 and response["Cache-Control"] == IMMUTABLE
    response = client.get("/media/original_images/chart.jpg")
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=86400"
    assert client.get("/media/images/missing.jpg").status_code == 404


def _location(prefix: str) -> str:
    found = re.search(r"location " + re.escape(prefix) + r" \{(.*?)\}", NGINX, re.S)
    assert found, prefix
    return found.group(1)


@pytest.mark.db_independent
def test_nginx_gives_media_and_the_favicon_the_application_s_lifetimes():
    assert f'add_header Cache-Control "{IMMUTABLE}"' in _location("/media/images/")
    assert "alias @MEDIA_ROOT@/images/;" in _location("/media/images/")
    assert f'"{media.cache_control_for("original_images/x.jpg")}"' in _location("/media/")
    favicon = _location("= /favicon.ico")
    assert "alias @STATIC_ROOT@/favicon.ico;" in favicon
    assert f'"{media.FAVICON_CACHE_CONTROL}"' in favicon
    assert media.cache_control_for("images/a.fill-10x10.jpg") == IMMUTABLE


@pytest.mark.db_independent
def test_the_favicon_is_served_with_a_long_lifetime(client):
    from PIL import Image

    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response["Cache-Control"] == media.FAVICON_CACHE_CONTROL
    body = b"".join(response.streaming_content)
    assert body == media.FAVICON.read_bytes()
    with Image.open(media.FAVICON) as icon:
        assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    # Collected with the static files, where nginx serves it from.
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.ico") == str(media.FAVICON)


@pytest.mark.db_independent
@pytest.mark.django_db
def test_the_favicon_skips_the_page_cache_that_would_shorten_its_lifetime(app):
    from io import BytesIO

    with override_settings(PAGE_CACHE_SECONDS=600):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/favicon.ico",
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "wsgi.input": BytesIO(b""),
            "wsgi.url_scheme": "http",
            "wsgi.errors": BytesIO(),
        }
        found = {}

        def start_response(status, headers, exc_info=None):
            found.update(headers)

        b"".join(app(environ, start_response))
    assert found["Cache-Control"] == media.FAVICON_CACHE_CONTROL


@pytest.mark.db_independent
def test_complaint_evidence_is_never_under_a_public_media_path():
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    public = Path(settings.MEDIA_ROOT).resolve()
    static = Path(settings.STATIC_ROOT).resolve()
    for served in (public, static):
        assert private != served and served not in private.parents, served
        assert private not in served.parents
    from django.apps import apps

    from infofinance.complaints.storage import private_storage

    assert Path(private_storage().location).resolve() == private
    # Every file field of the complaints app stores in the private folder.
    fields = [
        field
        for model in apps.get_app_config("complaints").get_models()
        for field in model._meta.get_fields()
        if getattr(field, "storage", None) is not None
    ]
    assert fields and all(field.storage is private_storage() for field in fields), fields
    # nginx serves MEDIA_ROOT alone under /media/, never the private folder.
    assert "@PRIVATE" not in NGINX and "private" not in _location("/media/")
