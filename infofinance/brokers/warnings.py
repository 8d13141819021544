"""Automatic warnings, derived from a broker's licences and domains (no one sets them by hand)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .domains import domain_matches


class WarningCode:
    EXPIRED = "licence_expired"
    SUSPENDED = "licence_suspended"
    REVOKED = "licence_revoked"
    UNLICENSED = "unlicensed"
    CLONE_DOMAIN = "clone_domain"
    FLAGGED = "regulator_flagged"


LABELS = {
    WarningCode.EXPIRED: _("Licence expired"),
    WarningCode.SUSPENDED: _("Licence suspended"),
    WarningCode.REVOKED: _("Licence revoked"),
    WarningCode.UNLICENSED: _("No current licence (unlicensed)"),
    # "broker clone": a firm passing itself off as a licensed one (mạo danh, not giả mạo).
    WarningCode.CLONE_DOMAIN: pgettext_lazy("broker clone", "Possible clone: check the domain"),
    WarningCode.FLAGGED: _("Flagged by a regulator"),
}
EXPLANATIONS = {
    WarningCode.EXPIRED: _("At least one of this broker's licences has passed its expiry date."),
    WarningCode.SUSPENDED: _("A regulator has suspended at least one of this broker's licences."),
    WarningCode.REVOKED: _("A regulator has revoked at least one of this broker's licences."),
    WarningCode.UNLICENSED: _("None of this broker's licences is active and unexpired."),
    WarningCode.CLONE_DOMAIN: pgettext_lazy(
        "broker clone",
        "The broker's website is not among the domains its regulators approved: the site may "
        "be a clone of a licensed firm.",
    ),
    WarningCode.FLAGGED: _("A regulator has published a warning about one of its licences."),
}
ORDER = [
    WarningCode.UNLICENSED,
    WarningCode.FLAGGED,
    WarningCode.CLONE_DOMAIN,
    WarningCode.REVOKED,
    WarningCode.SUSPENDED,
    WarningCode.EXPIRED,
]
# A licence in one of these states puts its warning on the broker.
LICENCE_STATUS_WARNINGS = {
    "revoked": WarningCode.REVOKED,
    "suspended": WarningCode.SUSPENDED,
    "expired": WarningCode.EXPIRED,
}


@dataclass(frozen=True)
class LicenceState:
    effective_status: str  # active, expired, suspended, revoked, clone
    flagged: bool
    domains: tuple[str, ...]


def compute_warnings(*, website_domain: str, licences: list[LicenceState]) -> list[str]:
    found: set[str] = set()
    found.update(
        LICENCE_STATUS_WARNINGS[licence.effective_status]
        for licence in licences
        if licence.effective_status in LICENCE_STATUS_WARNINGS
    )
    if not any(licence.effective_status == "active" for licence in licences):
        found.add(WarningCode.UNLICENSED)
    if any(licence.flagged or licence.effective_status == "clone" for licence in licences):
        found.add(WarningCode.FLAGGED)
    approved = [d for licence in licences for d in licence.domains]
    if licences and website_domain and not domain_matches(website_domain, approved):
        found.add(WarningCode.CLONE_DOMAIN)
    return [code for code in ORDER if code in found]
