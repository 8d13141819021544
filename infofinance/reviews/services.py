"""Writes of reviews: one per reader and broker, edited and deleted by its author; staff hide
them in the admin (`moderate`), and the author is told why by e-mail (`reviews.hidden`,
notifications.py)."""

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from infofinance.accounts.models import User
from infofinance.brokers.models import Broker
from infofinance.wiring import events

from .models import Review


class AlreadyReviewed(Exception):
    pass


@transaction.atomic
def save_review(
    *,
    user: User,
    broker: Broker,
    rating: int,
    comment: str,
    review: Review | None = None,
    author_alias: str = "",
) -> Review:
    """`author_alias`: the name shown with this review; empty shows the author's initials."""
    if review is None:
        try:
            with transaction.atomic():
                return Review.objects.create(
                    user=user,
                    broker=broker,
                    rating=rating,
                    comment=comment,
                    author_alias=author_alias,
                )
        except IntegrityError:
            raise AlreadyReviewed from None
    review.rating, review.comment, review.author_alias = rating, comment, author_alias
    review.save(update_fields=["rating", "comment", "author_alias", "updated_at"])
    return review


@transaction.atomic
def moderate(review: Review, *, save: Callable[[], object] | None = None) -> Review:
    """Save staff's changes to `review` (already on the instance; `save` saves them, by default
    `review.save()`, e.g. the admin's own form action). When it becomes hidden, the time is
    recorded and `reviews.hidden` is published: its author is e-mailed once, after commit."""
    was_hidden = (
        Review.objects.select_for_update().values_list("hidden", flat=True).get(pk=review.pk)
    )
    newly_hidden = review.hidden and not was_hidden
    if newly_hidden:
        review.hidden_at = timezone.now()
    elif not review.hidden:
        review.hidden_at = None
    (save or review.save)()
    if newly_hidden:
        hidden_at = review.hidden_at
        assert hidden_at is not None  # set above
        events.publish("reviews.hidden", review_id=review.pk, hidden_at=hidden_at.isoformat())
    return review


@transaction.atomic
def delete_review(review: Review) -> None:
    review.delete()


def export_for(user: User) -> list[dict[str, Any]]:
    return _export_rows(Review.objects.filter(user=user))


def export_for_address(address: str) -> list[dict[str, Any]]:
    """Reviews are written from an account: those of the account with `address`."""
    return _export_rows(Review.objects.filter(user__email__iexact=address))


def erase_for_address(address: str) -> None:
    """Nothing is keyed by an address alone: the reviews go with the account (erase_for)."""


def _export_rows(reviews: QuerySet[Review]) -> list[dict[str, Any]]:
    return [
        {
            "broker": r.broker.name,
            "rating": r.rating,
            "comment": r.comment,
            "author_alias": r.author_alias,
            "hidden": r.hidden,
            "hidden_reason_code": r.hidden_reason_code if r.hidden else "",
            "hidden_reason": r.hidden_reason if r.hidden else "",
            "hidden_at": r.hidden_at.isoformat() if r.hidden and r.hidden_at else None,
            "created_at": r.created_at.isoformat(),
            "updated_at": r.updated_at.isoformat(),
        }
        for r in reviews.select_related("broker")
    ]


def erase_for(user: User) -> None:
    Review.objects.filter(user=user).delete()
