"""The reviews block of the broker page and the rating its structured data shows, registered
from ReviewsConfig.ready() (infofinance.wiring.slots): the Brokers Hub does not import reviews."""

from . import selectors


def broker_block(context):
    """Summary, newest reviews (paginated by ?page=) and a link to the review form. No form
    here: the broker page stays cacheable for anonymous readers."""
    broker, request = context["broker"], context.get("request")
    summary = context.get("rating_summary") or selectors.summary(broker)
    page_obj = selectors.review_page(broker, request.GET.get("page") if request else 1, summary)
    return "reviews/components/broker_reviews.html", {
        "broker": broker,
        "summary": summary,
        "page_obj": page_obj,
    }
