"""The e-mail the author of a review receives when staff hide it: which review, why (the listed
reason in the author's language, and staff's explanation as written for them), and where to see
it. A subscriber of `reviews.hidden` (apps.py), run by the worker after the hiding was
committed; one message per hiding, whose Message-ID is made of the review and the time it was
hidden, so a task run twice sends the same message again (docs/notifications.md)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from infofinance.core.mail import send_stable
from infofinance.core.urls import reverse_in

from .models import Review

SUBJECT = _("Your review of %(broker)s is hidden")


def send_hidden_notice(review_id: int, hidden_at: str) -> None:
    review = Review.objects.select_related("user", "broker").filter(pk=review_id).first()
    # Shown again, or hidden again since (that hiding has its own message): nothing to say.
    if review is None or not review.hidden or review.hidden_at != parse_datetime(hidden_at):
        return
    address = review.user.email
    if not address:
        return
    language = getattr(review.user, "preferred_language", "") or "vi"
    language = language if language in ("vi", "en") else "vi"
    with translation.override(language):
        context = {
            "review": review,
            "broker_url": settings.SITE_URL
            + reverse_in(language, "brokers:detail", slug=review.broker.slug),
            "review_url": settings.SITE_URL
            + reverse_in(language, "reviews:edit", slug=review.broker.slug),
        }
        body = render_to_string("reviews/email/hidden.txt", context)
        subject = str(SUBJECT) % {"broker": review.broker.name}
    if review.hidden_at is None:  # shown again before the worker ran: nothing to tell
        return
    stamp = review.hidden_at.strftime("%Y%m%dT%H%M%S%f")
    send_stable(
        "review-hidden",
        f"{review.pk}.{stamp}",
        subject=subject,
        body=body,
        to=[address],
        language=language,
    )
