"""What the headers say: the admin's place in the URLs, the Permissions-Policy's syntax, and the
per-response allowances views may ask for."""

from collections.abc import Iterable, Mapping
from functools import lru_cache, wraps

from django.conf import settings
from django.urls import get_resolver

# Set on a response by allow_features(): {feature: allowlist}, merged over PERMISSIONS_POLICY.
ALLOWANCES_ATTRIBUTE = "_permissions_policy_allow"


@lru_cache(maxsize=4)
def _admin_prefix(urlconf: str) -> str:
    return "/" + get_resolver(urlconf).reverse("wagtailadmin_home")


def is_admin_path(path_info: str) -> bool:
    """Whether a request is for Wagtail's admin (its home's path and everything below it)."""
    return path_info.startswith(_admin_prefix(settings.ROOT_URLCONF))


def _allowlist(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def serialize_permissions_policy(policy: Mapping[str, Iterable[str]]) -> str:
    """`camera=(), geolocation=(self "https://maps.example")`: "self" and "*" are keywords,
    anything else an origin (quoted)."""
    parts = []
    for feature, value in policy.items():
        allowlist = _allowlist(value)
        if "*" in allowlist:
            parts.append(f"{feature}=*")
            continue
        members = " ".join(item if item == "self" else f'"{item}"' for item in allowlist)
        parts.append(f"{feature}=({members})")
    return ", ".join(parts)


def permissions_policy_for(response) -> str:
    policy = {feature: _allowlist(value) for feature, value in settings.PERMISSIONS_POLICY.items()}
    policy.update(getattr(response, ALLOWANCES_ATTRIBUTE, None) or {})
    return serialize_permissions_policy(policy)


def allow_features_on(response, **features):
    """Let one response use browser features the site-wide Permissions-Policy turns off, for
    example `allow_features_on(response, camera="self")` from a page's serve(). Underscores in
    a feature's name stand for hyphens (display_capture is display-capture)."""
    allowed = dict(getattr(response, ALLOWANCES_ATTRIBUTE, None) or {})
    for name, value in features.items():
        allowed[name.replace("_", "-")] = _allowlist(value)
    setattr(response, ALLOWANCES_ATTRIBUTE, allowed)
    return response


def allow_features(**features):
    """View decorator: `@allow_features(camera="self")` on a door check-in view lets that page
    (and only it) use the camera; every other response keeps `camera=()`."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            return allow_features_on(view(*args, **kwargs), **features)

        return wrapped

    return decorator


# Zalo's share button: its script's host, which the public policy lists only when the site has
# a Zalo Official Account (settings: ZALO_OA_ID).
ZALO_SCRIPT_SOURCE = "https://sp.zalo.me"


def allows_zalo() -> bool:
    """Whether the public pages' policy lets Zalo's share button load its script."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    return ZALO_SCRIPT_SOURCE in policy.get("DIRECTIVES", {}).get("script-src", ())
