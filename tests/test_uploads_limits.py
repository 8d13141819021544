"""The upload limits agree wherever they are set: nginx lets through the largest complaint form
(so the application answers with its own localized page), the form says the limits it applies,
and nginx's own refusals and failures show the site's pages. Read from the files themselves, so
that they cannot drift apart."""

import re
from pathlib import Path

from django.utils import translation

from infofinance.complaints import uploads
from infofinance.complaints.forms import ComplaintForm, EvidenceForm
from infofinance.core.error_pages import TITLES

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = (ROOT / "deploy/nginx.conf.template").read_text()
UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def nginx_size(directive: str) -> int:
    sizes = re.findall(rf"^\s*{directive}\s+(\d+)([kmg]?);", TEMPLATE, re.MULTILINE | re.IGNORECASE)
    assert len(sizes) == 1, sizes
    number, unit = sizes[0]
    return int(number) * UNITS[unit.lower()]


def blocks(kind: str) -> list[str]:
    """The text of every `kind … { … }` block of the template (nested braces included)."""
    found = []
    for match in re.finditer(rf"^\s*{kind}\b[^{{;]*\{{", TEMPLATE, re.MULTILINE):
        depth, at = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(TEMPLATE[at], 0)
            at += 1
        found.append(TEMPLATE[match.start() : at])
    return found


def test_nginx_lets_the_largest_complaint_form_reach_the_application():
    largest_form = uploads.max_request_bytes()
    assert largest_form == 10 * 10 * 1024 * 1024 + 1024 * 1024
    body_limit = nginx_size("client_max_body_size")
    assert largest_form <= body_limit <= largest_form + 16 * 1024 * 1024


def test_the_text_fields_fit_django_s_memory_limit(settings):
    # The 1 MB that max_request_bytes() allows for the text fields is read into memory.
    text_fields = uploads.max_request_bytes() - uploads.max_files() * uploads.max_file_bytes()
    assert 0 < text_fields <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_the_forms_state_the_limits_they_apply():
    megabytes = uploads.max_file_bytes() // (1024 * 1024)
    said = f"at most {uploads.max_files()} files of {megabytes} MB each"
    with translation.override("en"):
        for form in (ComplaintForm, EvidenceForm):
            assert said in str(form.base_fields["evidence"].help_text)


def test_nginx_shows_the_site_s_pages_for_its_own_errors():
    for code in (413, 502, 504):
        assert f"error_page {code} /__errors/{code}.$error_language.html;" in TEMPLATE
    assert set(TITLES) == {413, 502, 504}
    (errors,) = [b for b in blocks("location") if b.lstrip().startswith("location /__errors/")]
    assert "internal;" in errors and "alias @STATIC_ROOT@/errors/;" in errors
    (language,) = [b for b in blocks("map") if "$error_language" in b.splitlines()[0]]
    assert "~^/en(/|$) en;" in language and "default    vi;" in language
    serve = (ROOT / "scripts/serve-production").read_text()
    assert serve.index("manage.py collectstatic") < serve.index("manage.py proxy_error_pages")


def test_every_proxied_location_passes_the_client_address():
    proxied = [b for b in blocks("location") if "proxy_pass" in b]
    assert proxied
    for block in proxied:
        assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in block, block
