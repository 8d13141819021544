"""Helpers for browser tests that need a logged-in reader or an MFA-verified staff member on a
served site (tests/e2e/conftest.py's Site): accounts are created in a separate process, the login
goes through allauth's real pages, with a TOTP code computed like an authenticator app."""

import base64
import hashlib
import hmac
import re
import struct
import time

TEST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_now(secret: str, counter: int | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits), what an authenticator app shows."""
    if counter is None:
        counter = int(time.time()) // 30
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


_used_codes: set[tuple[str, str, int]] = set()


def fresh_totp(email: str, secret: str, margin: float = 4.0) -> str:
    """A code the server will accept: allauth accepts only the current 30-second step and each
    code once per account, so wait for the next step when this one was already used for the
    account or ends within `margin` seconds (the code would reach the server in the next step)."""
    while True:
        now = time.time()
        counter = int(now) // 30
        left = (counter + 1) * 30 - now
        if (email, secret, counter) not in _used_codes and left > margin:
            _used_codes.add((email, secret, counter))
            return totp_now(secret, counter)
        time.sleep(left + 0.05)


def create_account(
    site, email: str, password: str, *, superuser=False, staff=False, groups=(), totp=True
) -> str:
    """A verified account on the served site; staff get a TOTP authenticator whose secret is
    returned (TEST_SECRET)."""
    site.python(
        f"""
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
User = get_user_model()
user = User.objects.filter(email={email!r}).first()
if user is None:
    user = User.objects.create_user({email.split("@")[0]!r}, {email!r}, {password!r})
user.is_staff = {bool(staff or superuser)!r}
user.is_superuser = {bool(superuser)!r}
user.save()
for name in {list(groups)!r}:
    user.groups.add(Group.objects.get(name=name))
EmailAddress.objects.get_or_create(
    user=user, email={email!r}, defaults={{"verified": True, "primary": True}}
)
if {bool(totp)!r} and not Authenticator.objects.filter(user=user, type="totp").exists():
    TOTP.activate(user, {TEST_SECRET!r})
"""
    )
    return TEST_SECRET if totp else ""


def browser_login(page, site, email: str, password: str, *, secret: str = "", next_path="/"):
    """Log in through allauth's pages (Vietnamese paths), answering the TOTP step if asked."""
    page.goto(f"{site.url}/tai-khoan/login/?next={next_path}")
    if "/2fa/authenticate/" not in page.url:  # else: a login waiting for its second factor
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", password)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
    if "/2fa/authenticate/" in page.url:
        page.fill("input[name=code]", fresh_totp(email, secret))
        page.locator("main button[type=submit]:not([form])").click()
        page.wait_for_load_state()
    assert "/tai-khoan/login/" not in page.url and "/2fa/" not in page.url, page.url
    return page


def admin_url_pattern(site):
    return re.compile(re.escape(site.url) + r"/admin/")
