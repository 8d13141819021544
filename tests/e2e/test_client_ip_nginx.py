"""Through the documented nginx (scripts/serve-production, which sets TRUSTED_PROXY_COUNT=1):
ten wrong passwords from one reader, sent with a forged X-Forwarded-For, lock out that reader
only. Before, every request reached the application from 127.0.0.1 and the limit locked out
everyone. The readers connect from different loopback addresses (127.0.0.2, …), which nginx
sees as their addresses and appends to X-Forwarded-For."""

import http.client
import re
from urllib.parse import urlencode, urlsplit

import pytest

from tests.e2e.test_nginx import production  # noqa: F401 - the fixture

pytestmark = pytest.mark.e2e

PASSWORD = "Kh0ng-de-doan!"
TOO_MANY = "Bạn đã đăng nhập sai quá nhiều lần"
ATTACKER, READER_B, READER_C = "127.0.0.2", "127.0.0.3", "127.0.0.4"


class Browser:
    """A reader at `source` (its connections leave from that address), with its cookies."""

    def __init__(self, base: str, source: str, **headers):
        parts = urlsplit(base)
        self.host, self.port, self.source = parts.hostname, parts.port, source
        self.headers = headers
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=20, source_address=(self.source, 0)
        )
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, text

    def login(self, email: str, password: str):
        status, html = self.request("GET", "/tai-khoan/login/")
        assert status == 200, html[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request(
            "POST",
            "/tai-khoan/login/",
            {"login": email, "password": password, "csrfmiddlewaretoken": token},
        )


def test_wrong_passwords_through_nginx_lock_out_only_their_sender(production):  # noqa: F811
    site, base = production
    site.python(
        "from allauth.account.models import EmailAddress\n"
        "from infofinance.accounts.models import User\n"
        "for name in ('a', 'b', 'c'):\n"
        f"    user = User.objects.create_user(name, name + '@example.com', {PASSWORD!r})\n"
        "    EmailAddress.objects.create(user=user, email=user.email, verified=True,"
        " primary=True)\n"
    )
    # The attacker blames reader B with its own X-Forwarded-For.
    attacker = Browser(base, ATTACKER, **{"X-Forwarded-For": READER_B})
    for index in range(10):
        status, html = attacker.login(f"guess{index}@example.com", "wrong")
        assert status == 200 and TOO_MANY not in html, index
    status, html = attacker.login("a@example.com", PASSWORD)
    assert status == 200 and TOO_MANY in html
    for source, email in ((READER_B, "b@example.com"), (READER_C, "c@example.com")):
        status, html = Browser(base, source).login(email, PASSWORD)
        assert status == 302, (source, html[:300])
    recorded = site.python(
        "from infofinance.audit.models import AccountEvent\n"
        "print(sorted(set(AccountEvent.objects.values_list('kind', 'ip_address'))))"
    )
    assert recorded == str([("login_failed", ATTACKER), ("login_refused", ATTACKER)])
