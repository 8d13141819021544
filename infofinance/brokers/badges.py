"""The published rule of the badges (shown on the methodology page): a badge is computed from
the data whenever a broker is recomputed, never set by hand, and a broker under any warning or
without a current licence gets none."""

from dataclasses import dataclass
from decimal import Decimal

# "Highly recommended": the analysts' total score at least this.
RECOMMENDED_MIN_SCORE = Decimal("8")
# "Traders' favourite": at least this many visible readers' reviews, averaging at least this.
FAVOURITE_MIN_REVIEWS = 5
FAVOURITE_MIN_AVERAGE = Decimal("4")


@dataclass(frozen=True)
class BadgeFacts:
    total_score: Decimal
    has_warnings: bool
    has_current_licence: bool
    review_count: int = 0
    review_average: Decimal | None = None


def badge_for(facts: BadgeFacts) -> str:
    """ "recommended", "favourite" or "" (none). A broker that meets both rules is shown as
    highly recommended."""
    if facts.has_warnings or not facts.has_current_licence:
        return ""
    if facts.total_score >= RECOMMENDED_MIN_SCORE:
        return "recommended"
    if (
        facts.review_count >= FAVOURITE_MIN_REVIEWS
        and facts.review_average is not None
        and facts.review_average >= FAVOURITE_MIN_AVERAGE
    ):
        return "favourite"
    return ""
