"""A reader writes, edits or deletes their review of a broker. Only logged-in readers reach
these pages; the broker page itself carries no form (it is cached for anonymous readers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from infofinance.brokers.models import Broker
from infofinance.complaints import limits
from infofinance.complaints.views import too_many
from infofinance.core.urls import reverse_in

from . import selectors, services
from .forms import ReviewForm


def _broker(slug) -> Broker:
    broker = Broker.objects.filter(slug=slug, hidden=False).first()
    if broker is None:
        raise Http404
    return broker


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    broker = _broker(slug)
    review = selectors.own_review(request.user, broker)
    form = ReviewForm(request.POST or None, instance=review, user=request.user)
    if request.method == "POST" and form.is_valid():
        # Only a new review counts against the daily limits; editing one's own does not.
        wanted = [(limits.REVIEWS, 1)] if review is None else []
        try:
            with limits.within(request, *wanted):
                services.save_review(
                    user=request.user,
                    broker=broker,
                    review=review,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                    author_alias=form.cleaned_data["author_alias"],
                )
        except limits.LimitExceeded as error:
            return too_many(request, error)
        except services.AlreadyReviewed:
            messages.info(
                request, _("You have already reviewed this broker; you can edit your review here.")
            )
            return redirect("reviews:edit", slug=slug)
        messages.success(request, _("Thank you: your review is published."))
        return redirect("brokers:detail", slug=slug)
    return render(
        request,
        "reviews/edit.html",
        {
            "broker": broker,
            "form": form,
            "review": review,
            "noindex": True,
            "alternates": {
                lang: reverse_in(lang, "reviews:edit", slug=slug) for lang in ("vi", "en")
            },
        },
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
@require_POST
def delete(request, slug):
    broker = _broker(slug)
    review = selectors.own_review(request.user, broker)
    if review is not None:
        services.delete_review(review)
        messages.success(request, _("Your review was deleted."))
    return redirect("brokers:detail", slug=slug)
