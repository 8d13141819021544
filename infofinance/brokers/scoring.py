"""The published scoring method (shown on the methodology page, applied to every broker).

The licence score comes from the broker's licences; the other four are analysts' scores with a
written justification. The total is a weighted mean, rounded to two decimals."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Weight of each part in the total (they sum to 1).
WEIGHTS = {
    "licence": Decimal("0.30"),
    "market": Decimal("0.15"),
    "business": Decimal("0.20"),
    "risk": Decimal("0.20"),
    "software": Decimal("0.15"),
}
# Points of a current licence by its regulator's tier.
TIER_POINTS = {1: Decimal("10"), 2: Decimal("8"), 3: Decimal("5.5"), 4: Decimal("3")}
# Each further current licence adds this much, up to the maximum of 10.
EXTRA_LICENCE_POINTS = Decimal("0.5")
# A licence the regulator has flagged caps the licence score.
FLAGGED_CAP = Decimal("2")
# A licence expiring within this many days is worth half its points.
EXPIRING_SOON_DAYS = 60
TEN = Decimal("10")


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LicenceFacts:
    tier: int
    current: bool
    days_to_expiry: int | None
    flagged: bool


def licence_score(licences: list[LicenceFacts], *, domain_approved: bool = True) -> Decimal:
    """Best current licence by tier, plus a little for each further one; nothing for expired,
    suspended, revoked or clone licences; capped when any licence is flagged or when the
    broker's website is not a domain its regulators approved (the licence may not be its own)."""
    points = []
    for licence in licences:
        if not licence.current:
            continue
        value = TIER_POINTS.get(licence.tier, TIER_POINTS[4])
        if licence.days_to_expiry is not None and licence.days_to_expiry <= EXPIRING_SOON_DAYS:
            value /= 2
        points.append(value)
    points.sort(reverse=True)
    score = points[0] + EXTRA_LICENCE_POINTS * (len(points) - 1) if points else Decimal(0)
    if any(licence.flagged for licence in licences) or not domain_approved:
        score = min(score, FLAGGED_CAP)
    return _round(min(score, TEN))


def total_score(parts: dict[str, Decimal]) -> Decimal:
    return _round(sum(WEIGHTS[key] * Decimal(parts[key]) for key in WEIGHTS))


def breakdown(parts: dict[str, Decimal]) -> list[dict]:
    """Each part with its weight and contribution: how the total was reached."""
    return [
        {
            "key": key,
            "score": Decimal(parts[key]),
            "weight": WEIGHTS[key],
            "contribution": _round(WEIGHTS[key] * Decimal(parts[key])),
        }
        for key in WEIGHTS
    ]
