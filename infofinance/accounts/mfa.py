"""The second factor in one place: whether a session passed it, whether a staff member may use
their permissions in this session, and which of allauth's MFA pages need it.

allauth records every authentication step of a session ("password", "mfa", "socialaccount"),
with `reauthenticated` on the steps taken again later to confirm a sensitive action. A session
passed the second factor when one of its records is "mfa": allauth's login asks for it when the
account has an authenticator, and its MFA re-authentication adds one."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records

# allauth's MFA pages that are steps of a login or of a re-authentication: they are how a
# session gets its second factor, so they never ask for it.
MFA_STEPS = frozenset(
    {
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
        "mfa_trust",
        "mfa_login_webauthn",
        "mfa_signup_webauthn",
    }
)
# allauth's MFA pages that only list what is set up: a session that passed the second factor.
# Every other MFA page (recovery codes, TOTP activation and deactivation, security keys, and any
# page a later allauth adds) shows or changes a secret: a recent re-authentication by the second
# factor, not by the password.
MFA_OVERVIEWS = frozenset({"mfa_index", "mfa_list_webauthn"})


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def has_authenticator(user) -> bool:
    """Any authenticator (an app, recovery codes, a security key)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).exists()


def session_mfa_verified(request, user) -> bool:
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def recently_reauthenticated_by_mfa(request, user) -> bool:
    """The session confirmed the second factor again within allauth's re-authentication window
    (a password re-authentication does not count)."""
    now = time.time()
    return any(
        record.get("method") == "mfa"
        and record.get("reauthenticated")
        and now - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
        for record in get_authentication_records(request, user)
    )


def can_use_admin(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def staff_session_verified(request) -> bool:
    """Whether the staff permissions of the signed-in user count in this request: they may use
    the administration, have a TOTP authenticator and this session passed it. Every staff
    permission (the admin, evidence and note downloads, case actions, the broker import) asks
    this; being `is_staff` or holding a permission alone is not enough."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not can_use_admin(user):
        return False
    return has_totp(user) and session_mfa_verified(request, user)


def record_enrolment(request, user, authenticator) -> None:
    """A TOTP authenticator was just activated in this session with a valid code from it: that
    code is the second factor, as a re-authentication would be (so the recovery codes shown next
    need no second code)."""
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(
        request,
        user,
        "mfa",
        id=authenticator.pk,
        type=authenticator.type,
        reauthenticated=True,
        enrolled=True,
    )
