"""Security headers (infofinance.webheaders): the Content-Security-Policy of public pages and
of the admin, framing, the Permissions-Policy, the admin's inline scripts moved to a static
script, pages with a nonce never cached, and a deployment check without warnings."""

import hashlib
import inspect
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from csp.constants import SELF
from csp.decorators import csp_update
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from infofinance.webheaders.policy import allow_features, serialize_permissions_policy
from tests.factories import make_article, make_author
from tests.test_pagecache import call

ROOT = Path(__file__).resolve().parents[1]

PUBLIC_POLICY = (
    # Zalo's script and frame only when ZALO_OA_ID is set (tests/test_share_browser.py).
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


# -- a URLconf with views of the tests' own, in front of the site's ----------------------------


def nonce_view(request):
    return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')


@allow_features(camera="self")
def door_view(request):
    return HttpResponse("check-in")


@csp_update({"img-src": "https://maps.example"})
def map_view(request):
    return HttpResponse("map")


def _urlpatterns():
    from infofinance import urls

    return [
        path("_test/nonce/", nonce_view),
        path("_test/door/", door_view),
        path("_test/map/", map_view),
        *urls.urlpatterns,
    ]


urlpatterns = _urlpatterns()


# -- public pages --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_public_page_has_the_static_policy_and_is_cached_with_it(app, structure):
    make_article(structure, title="Giá vàng hôm nay")
    status, headers, _body = call(app, "/")
    assert status == 200 and headers["X-Cache"] == "MISS"
    policy = headers["Content-Security-Policy"]
    assert sorted(policy.split("; ")) == sorted(PUBLIC_POLICY.split("; "))
    assert "nonce" not in policy and "unsafe" not in policy
    assert headers["X-Frame-Options"] == "DENY"
    _status, cached, _body = call(app, "/")
    assert cached["X-Cache"] == "HIT"
    assert cached["Content-Security-Policy"] == policy
    assert cached["Permissions-Policy"] == headers["Permissions-Policy"]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_response_with_a_nonce_is_never_cached(app, structure):
    status, headers, body = call(app, "/_test/nonce/")
    assert status == 200
    nonce = re.search(rb'nonce="([^"]+)"', body).group(1).decode()
    assert f"'nonce-{nonce}'" in directives(headers["Content-Security-Policy"])["script-src"]
    assert "private" in headers["Cache-Control"] and "X-Accel-Expires" not in headers
    _status, again, body_again = call(app, "/_test/nonce/")
    assert again.get("X-Cache") != "HIT" and body_again != body
    assert directives(again["Content-Security-Policy"]) != directives(
        headers["Content-Security-Policy"]
    )


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_policy_kept_per_process_yields_to_views_and_settings(client, structure):
    """The policy built once per process is not used for a view that changes its own, and a
    change of the settings is seen."""
    assert "https://maps.example" not in client.get("/")["Content-Security-Policy"]
    img = directives(client.get("/_test/map/")["Content-Security-Policy"])["img-src"]
    assert img == ["'self'", "data:", "https://maps.example"]
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": [SELF]}}):
        assert client.get("/")["Content-Security-Policy"] == "default-src 'self'"
    assert directives(client.get("/")["Content-Security-Policy"])["object-src"] == ["'none'"]


def public_templates():
    """Templates readers see: everything but the admin's (Wagtail's, ours under admin/) and
    e-mails."""
    for file in sorted((ROOT / "infofinance").rglob("templates/**/*.html")):
        relative = file.relative_to(ROOT).as_posix()
        if "/wagtailadmin/" in relative or "/admin/" in relative or "email" in relative:
            continue
        yield relative, file.read_text()


INLINE_CODE = re.compile(
    r"<style\b|\sstyle=|\son[a-z]+=|javascript:|<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)",
    re.IGNORECASE,
)


def test_public_templates_have_no_inline_code():
    offending = [name for name, text in public_templates() if INLINE_CODE.search(text)]
    assert list(public_templates()), "no template found"
    assert offending == []


# -- the admin -----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model, staff_login):
    user = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    staff_login(client, user)
    return client


@pytest.mark.django_db
def test_admin_policy_allows_no_inline_script_and_no_framing(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]  # no nonce: nothing asked for one
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'none'"] and response["X-Frame-Options"] == "DENY"
    assert policy["object-src"] == ["'none'"]
    assert "webheaders/admin-init.js" in response.text


@pytest.mark.django_db
def test_preview_may_be_framed_by_the_admin_only(admin_client, structure):
    page = make_article(structure, title="Bài để xem trước")
    url = f"/admin/pages/{page.pk}/edit/preview/"
    from tests.test_newsroom_admin import article_form

    data = article_form(
        structure, make_author(structure), title="Tiêu đề xem trước", slug=page.slug
    )
    assert admin_client.post(url, data).json()["is_valid"] is True
    preview = admin_client.get(url + "?in_preview_panel=true")
    assert preview.status_code == 200 and "Tiêu đề xem trước" in preview.text
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(preview["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]
    # The editor around it is not framed.
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit["X-Frame-Options"] == "DENY"
    assert directives(edit["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]


def inline_scripts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [
        str(script)[:200]
        for script in soup.find_all("script")
        if not script.get("src") and script.get("type") not in ("application/json",)
    ]


@pytest.mark.django_db
def test_admin_editors_carry_no_inline_script(admin_client, structure):
    """The broker editor (inline panel of licences with date fields, image and document
    choosers) and the article editor (multiple-chooser panels, date-time fields)."""
    from wagtail.admin.admin_url_finder import AdminURLFinder

    from infofinance.brokers.models import Broker, Licence, Regulator

    regulator = Regulator.objects.create(name="FCA", abbreviation="FCA", country="GB")
    broker = Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
    Licence.objects.create(broker=broker, regulator=regulator, number="123")
    response = admin_client.get(AdminURLFinder().get_edit_url(broker))
    assert response.status_code == 200
    assert inline_scripts(response.text) == []
    kinds = re.findall(r'data-csp-init-kind-value="([a-z-]+)"', response.text)
    assert {"inline-panel", "date", "chooser"} <= set(kinds)

    page = make_article(structure, title="Bài có tác giả")
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert inline_scripts(response.text) == []
    kinds = re.findall(r'data-csp-init-kind-value="([a-z-]+)"', response.text)
    assert {"multiple-chooser-panel", "datetime", "chooser"} <= set(kinds)


def test_chooser_render_is_the_copy_of_wagtail_8_0_1():
    """webheaders.choosers copies BaseChooser.render: when Wagtail changes it, re-check the copy
    and pin the new source here."""
    from infofinance.webheaders import choosers

    source = inspect.getsource(choosers.wagtail_render)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == "b46a0fb559c849ac"


def test_chooser_renders_its_init_as_data():
    from wagtail.admin.widgets import AdminPageChooser

    html = AdminPageChooser().render("page", None, attrs={"id": "id_page"})
    assert "<script" not in html
    element = BeautifulSoup(html, "html.parser").find(attrs={"data-controller": "csp-init"})
    assert element["data-csp-init-kind-value"] == "chooser"
    assert element["data-csp-init-factory-value"] == "PageChooser"
    assert element["data-csp-init-id-value"] == "id_page"
    assert '"modalUrl"' in element["data-csp-init-options-value"]


def test_date_widget_renders_its_init_as_data():
    from wagtail.admin.widgets import AdminDateInput

    html = AdminDateInput().render("effective", "2026-12-02", attrs={"id": "id_effective"})
    assert "<script" not in html
    element = BeautifulSoup(html, "html.parser").find(attrs={"data-controller": "csp-init"})
    assert element["data-csp-init-kind-value"] == "date"
    assert element["data-csp-init-id-value"] == "id_effective"
    assert '"dayOfWeekStart"' in element["data-csp-init-options-value"]


# -- Permissions-Policy --------------------------------------------------------------------------


def test_permissions_policy_syntax():
    assert (
        serialize_permissions_policy(
            {"camera": (), "geolocation": ("self", "https://maps.example"), "fullscreen": "*"}
        )
        == 'camera=(), geolocation=(self "https://maps.example"), fullscreen=*'
    )


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_permissions_policy_everywhere_and_camera_where_a_view_allows_it(client, structure):
    home = client.get("/")
    features = dict(item.split("=") for item in home["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
    door = client.get("/_test/door/")
    allowed = dict(item.split("=") for item in door["Permissions-Policy"].split(", "))
    assert allowed == {**features, "camera": "(self)"}


# -- deployment check ----------------------------------------------------------------------------


@pytest.mark.parametrize("preload", ["true", "false"])
def test_deploy_check_prints_no_warning(tmp_path, preload):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "infofinance.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "infofinance.example",
        "DJANGO_HSTS_PRELOAD": preload,
        "INFOFINANCE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output and "W0" not in output
