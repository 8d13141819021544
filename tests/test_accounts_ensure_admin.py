"""`make run`'s ensure_admin: the demo administrator has TOTP and recovery codes, and what it
prints is enough to log in to the admin."""

import re
import stat
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from tests.accounts_helpers import totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def run() -> str:
    out = StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def parse(output: str) -> dict:
    password = re.search(r"password: (\S+)", output).group(1)
    login = re.search(r"user: (\S+)", output).group(1)
    uri = re.search(r"(otpauth://totp/\S+)", output).group(1)
    codes = re.search(r"recovery codes \(each works once\): (.+)", output).group(1).split()
    return {"password": password, "login": login, "uri": uri, "codes": codes}


def test_prints_login_password_totp_uri_and_codes_every_time(var_dir, structure):
    first = parse(run())
    assert first["login"] == "admin@infofinance.example"
    assert first["uri"].startswith("otpauth://totp/admin%40infofinance.example?")
    query = parse_qs(urlsplit(first["uri"]).query)
    assert query["issuer"] == ["Info Finance"] and len(query["secret"][0]) >= 16
    assert len(first["codes"]) == 10
    assert parse(run()) == first  # the next `make run` prints the same
    for name in ("admin_password", "admin_totp", "admin_recovery_codes"):
        assert stat.S_IMODE((var_dir / name).stat().st_mode) == 0o600


def test_printed_totp_secret_logs_in_to_the_admin(var_dir, structure, client):
    printed = parse(run())
    secret = parse_qs(urlsplit(printed["uri"]).query)["secret"][0]
    response = client.post(
        "/tai-khoan/login/", {"login": printed["login"], "password": printed["password"]}
    )
    assert response["Location"] == "/tai-khoan/2fa/authenticate/"
    response = client.post("/tai-khoan/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_printed_recovery_code_logs_in_once(var_dir, structure, client):
    printed = parse(run())
    credentials = {"login": printed["login"], "password": printed["password"]}
    client.post("/tai-khoan/login/", credentials)
    client.post("/tai-khoan/2fa/authenticate/", {"code": printed["codes"][0]})
    assert client.get("/admin/").status_code == 200
    client.post("/tai-khoan/logout/")
    client.post("/tai-khoan/login/", credentials)
    response = client.post("/tai-khoan/2fa/authenticate/", {"code": printed["codes"][0]})
    assert response.status_code == 200  # used: refused, the form again
    assert client.get("/admin/").status_code == 302
    assert printed["codes"][0] not in parse(run())["codes"]
