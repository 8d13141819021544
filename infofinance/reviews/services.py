"""Writes of reviews: one per reader and broker, edited and deleted by its author; staff hide
them in the admin."""

from django.db import IntegrityError, transaction

from .models import Review


class AlreadyReviewed(Exception):
    pass


@transaction.atomic
def save_review(
    *,
    user,
    broker,
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
def delete_review(review: Review) -> None:
    review.delete()


def export_for(user) -> list[dict]:
    return [
        {
            "broker": r.broker.name,
            "rating": r.rating,
            "comment": r.comment,
            "author_alias": r.author_alias,
            "hidden": r.hidden,
            "created_at": r.created_at.isoformat(),
            "updated_at": r.updated_at.isoformat(),
        }
        for r in Review.objects.filter(user=user).select_related("broker")
    ]


def erase_for(user) -> None:
    Review.objects.filter(user=user).delete()
