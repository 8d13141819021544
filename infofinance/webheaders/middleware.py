"""The security headers every response gets (see policy.py and docs/security.md)."""

import re
from dataclasses import asdict
from functools import cache

from csp.constants import HEADER, SELF
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from .policy import is_admin_path, permissions_policy_for

FRAME_ANCESTORS = re.compile(r"frame-ancestors [^;]*")
# What a view may set on its response to change its policy (django-csp's decorators).
PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with two rules of ours on top of CONTENT_SECURITY_POLICY:

    - Wagtail's admin gets the directives of ADMIN_CONTENT_SECURITY_POLICY instead (inline
      styles, uploads' previews, the preview panel's frame); public pages keep their static
      policy, so that the page cache and nginx may keep them.
    - A response that lets the site frame it (X-Frame-Options SAMEORIGIN, which Wagtail's
      preview views set) gets frame-ancestors 'self' instead of 'none'. Wagtail renders a
      preview through the middleware as a request for the page itself, which already gave the
      response its (public) policy: only that directive is changed.

    A response whose view changed nothing and whose template asked for no nonce gets the policy
    built once per process (django-csp builds it for each response; docs/performance.md).

    Must run outside (above) XFrameOptionsMiddleware, which sets the default DENY."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            admin = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            parts.replace = {**admin, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        if self._is_static(request, response):
            if HEADER not in response:
                response[HEADER] = self.static_policy(is_admin_path(request.path_info))
            # As django-csp does: a nonce asked for after the header is written is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        else:
            response = super().process_response(request, response)
        policy = response.get(HEADER)
        if policy and response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            framing = f"frame-ancestors {SELF}"
            policy, found = FRAME_ANCESTORS.subn(framing, policy)
            response[HEADER] = policy if found else f"{policy}; {framing}"
        return response

    @staticmethod
    def _is_static(request, response) -> bool:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        return (
            getattr(request, "_csp_nonce", None) is None
            and not any(getattr(response, name, None) for name in PER_RESPONSE)
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not policy.get("EXCLUDE_URL_PREFIXES")
            and not (settings.DEBUG and response.status_code in (404, 500))
        )

    @staticmethod
    @cache
    def static_policy(admin: bool) -> str:
        parts = PolicyParts(
            replace=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"] if admin else None
        )
        return build_policy(**asdict(parts))


@receiver(setting_changed)
def _forget_static_policies(setting, **kwargs):
    if "CONTENT_SECURITY_POLICY" in setting:
        ContentSecurityPolicyMiddleware.static_policy.cache_clear()


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: PERMISSIONS_POLICY, with what a view allowed
    through allow_features() (policy.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = permissions_policy_for(response)
        return response
