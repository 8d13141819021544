"""The reviews block of the broker page: summary, newest reviews (paginated by ?page=) and a link
to the review form. No form here: the broker page stays cacheable for anonymous readers."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("reviews/components/broker_reviews.html", takes_context=True)
def broker_reviews(context, broker, summary=None):
    request = context.get("request")
    summary = summary or selectors.summary(broker)
    page_obj = selectors.review_page(broker, request.GET.get("page") if request else 1, summary)
    return {"broker": broker, "summary": summary, "page_obj": page_obj}


@register.filter
def stars(rating):
    rating = int(rating or 0)
    return "★" * rating + "☆" * (5 - rating)
