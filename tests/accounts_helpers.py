"""Helpers for account tests: TOTP codes, and an MFA-verified test-client session."""

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str, offset: int = 0) -> str:
    """The code of the current 30-second step (plus `offset` steps); the server accepts only the
    current step, so a code asked for in the step's last second waits for the next step."""
    left = 30 - time.time() % 30
    if offset == 0 and left < 1:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def enrol_totp(user, secret: str | None = None) -> tuple[Authenticator, str]:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return existing, ""
    secret = secret or generate_totp_secret()
    return TOTP.activate(user, secret).instance, secret


def mfa_verified_login(client, user):
    authenticator, _secret = enrol_totp(user)
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client
