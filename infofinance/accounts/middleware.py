"""Staff reach the Wagtail admin only with two-factor authentication, and the second factor's
own settings need the second factor.

allauth has no "MFA required" switch, and Wagtail's own login and password-reset views would let a
password alone in. So for every /admin/ request:

- Wagtail's login and password-reset pages send to allauth's (which ask for the second factor);
- a user who may use the admin but has no TOTP authenticator is sent to enrol one;
- a session that was not verified with a second factor (allauth records the methods used in the
  session) is sent to allauth's MFA re-authentication, then back;
- a logged-in reader without admin access gets a plain 403 instead of a login loop.

Every staff action (complaint queue, cases, their files, the broker import) is mounted under
/admin/ (tests/test_trust_login.py walks the URL patterns to keep it so); the one staff right
outside it, downloading evidence through the complainant's URL, asks the same question
(infofinance.accounts.mfa.staff_session_verified).

allauth's MFA pages (/tai-khoan/2fa/…, /en/account/2fa/…) of an account that has an authenticator:
the overview needs a session that passed the second factor; the recovery codes, TOTP activation
and deactivation and any other page that shows or changes a secret need a recent
re-authentication by the second factor, never by the password alone (allauth's own check accepts
the password). An account without an authenticator still enrols after a password
re-authentication, and the valid code of that enrolment counts as its second factor.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .mfa import (
    MFA_OVERVIEWS,
    MFA_STEPS,
    can_use_admin,
    has_authenticator,
    has_totp,
    recently_reauthenticated_by_mfa,
    record_enrolment,
    session_mfa_verified,
)

ADMIN_PREFIX = "/admin/"


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
        response = self.get_response(request)
        enrolling = getattr(request, "_mfa_enrolling", None)
        if enrolling is not None and response.status_code in (301, 302, 303):
            self.record_enrolment(request, enrolling)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """allauth's MFA pages: see the module's docstring."""
        match = request.resolver_match
        view = getattr(view_func, "view_class", view_func)
        if match is None or not getattr(view, "__module__", "").startswith("allauth.mfa."):
            return None
        name = match.url_name
        user = request.user
        if name in MFA_STEPS or not user.is_authenticated:
            return None  # allauth's own login_required sends anonymous visitors to the login
        if not has_authenticator(user):
            if name == "mfa_activate_totp" and request.method == "POST":
                request._mfa_enrolling = user
            return None
        if name in MFA_OVERVIEWS:
            verified = session_mfa_verified(request, user)
        else:
            verified = recently_reauthenticated_by_mfa(request, user)
        if verified:
            return None
        return HttpResponseRedirect(
            _with_next(reverse("mfa_reauthenticate"), request.get_full_path())
        )

    @staticmethod
    def record_enrolment(request, user):
        from allauth.mfa.models import Authenticator

        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is not None:
            record_enrolment(request, user, authenticator)

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
