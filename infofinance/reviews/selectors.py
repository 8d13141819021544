"""Reads of reviews: a broker's summary (average and count of visible reviews) and its
reviews, newest first, in a fixed number of queries."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Paginator
from django.db.models import Avg, Count, QuerySet

from .models import Review

PAGE_SIZE = 10


@dataclass
class Summary:
    count: int
    average: Decimal | None


def summary(broker) -> Summary:
    row = Review.objects.visible().filter(broker=broker).aggregate(n=Count("pk"), avg=Avg("rating"))
    average = (
        Decimal(str(row["avg"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if row["n"]
        else None
    )
    return Summary(row["n"], average)


def broker_reviews(broker) -> QuerySet[Review]:
    return (
        Review.objects.visible()
        .filter(broker=broker)
        .select_related("user")
        .only(
            "rating",
            "comment",
            "author_alias",
            "created_at",
            "updated_at",
            "user__display_name",
            "user__first_name",
            "user__last_name",
            "user__preferred_language",  # the comment's language, marked on the page
        )
        .order_by("-created_at", "-pk")
    )


class _Counted:
    """A queryset whose count is already known (from the summary): no second COUNT query."""

    def __init__(self, queryset, count):
        self.queryset, self._count = queryset, count

    def count(self):
        return self._count

    def __getitem__(self, item):
        return self.queryset[item]

    def __len__(self):
        return self._count


def review_page(broker, number, known: Summary | None = None):
    known = known or summary(broker)
    return Paginator(_Counted(broker_reviews(broker), known.count), PAGE_SIZE).get_page(number)


def own_review(user, broker) -> Review | None:
    return Review.objects.filter(user=user, broker=broker).first()
