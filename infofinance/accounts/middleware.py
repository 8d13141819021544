"""Staff reach the Wagtail admin only with two-factor authentication.

allauth has no "MFA required" switch, and Wagtail's own login and password-reset views would let a
password alone in. So for every /admin/ request:

- Wagtail's login and password-reset pages send to allauth's (which ask for the second factor);
- a user who may use the admin but has no TOTP authenticator is sent to enrol one;
- a session that was not verified with a second factor (allauth records the methods used in the
  session) is sent to allauth's MFA re-authentication, then back;
- a logged-in reader without admin access gets a plain 403 instead of a login loop.
"""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_mfa_verified(request, user) -> bool:
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def can_use_admin(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def _safe_next(request, default: str = ADMIN_PREFIX) -> str:
    candidate = request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default


class AdminRequiresMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIX):
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request):
        path = request.path_info
        if path.startswith(ADMIN_PREFIX + "login/"):
            return HttpResponseRedirect(_with_next(reverse("account_login"), _safe_next(request)))
        if path.startswith((ADMIN_PREFIX + "password_reset/", ADMIN_PREFIX + "password-reset/")):
            return HttpResponseRedirect(reverse("account_reset_password"))
        user = request.user
        if not user.is_authenticated:
            return None  # Wagtail sends anonymous visitors to WAGTAILADMIN_LOGIN_URL (allauth)
        if not can_use_admin(user):
            from infofinance.audit.models import AccountEvent
            from infofinance.audit.services import record_account_event

            record_account_event(
                AccountEvent.Kind.ADMIN_REFUSED, request, user=user, detail="no access"
            )
            return HttpResponseForbidden(
                render_to_string("account/admin_forbidden.html", request=request)
            )
        if not has_totp(user):
            messages.warning(
                request,
                _(
                    "Staff must turn on two-factor authentication before using the "
                    "administration. Scan the code with an authenticator app."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if not session_mfa_verified(request, user):
            return HttpResponseRedirect(
                _with_next(reverse("mfa_reauthenticate"), request.get_full_path())
            )
        return None
