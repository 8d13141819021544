"""The security headers every response gets (see policy.py and docs/security.md)."""

import re

from csp.constants import HEADER, SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

from .policy import is_admin_path, permissions_policy_for

FRAME_ANCESTORS = re.compile(r"frame-ancestors [^;]*")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with two rules of ours on top of CONTENT_SECURITY_POLICY:

    - Wagtail's admin gets the directives of ADMIN_CONTENT_SECURITY_POLICY instead (inline
      styles, uploads' previews, the preview panel's frame); public pages keep their static
      policy, so that the page cache and nginx may keep them.
    - A response that lets the site frame it (X-Frame-Options SAMEORIGIN, which Wagtail's
      preview views set) gets frame-ancestors 'self' instead of 'none'. Wagtail renders a
      preview through the middleware as a request for the page itself, which already gave the
      response its (public) policy: only that directive is changed.

    Must run outside (above) XFrameOptionsMiddleware, which sets the default DENY."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            admin = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            parts.replace = {**admin, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        policy = response.get(HEADER)
        if policy and response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            framing = f"frame-ancestors {SELF}"
            policy, found = FRAME_ANCESTORS.subn(framing, policy)
            response[HEADER] = policy if found else f"{policy}; {framing}"
        return response


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
