"""Nothing public is posted from an account whose e-mail address was never verified.

allauth's mandatory verification keeps such accounts from logging in through its own login, but
a session may come another way (a social login, an old session, a test): the views that publish
(filing a complaint, writing a review) are wrapped in `verified_email_required` where they are
mounted (complaints/urls.py, reviews/urls.py). An unverified reader gets a page in their language
that says so and offers to send the confirmation e-mail again (allauth's e-mail page does it)."""

from functools import wraps

from allauth.account.models import EmailAddress
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def has_verified_email(user) -> bool:
    """The account's primary e-mail address is verified."""
    return EmailAddress.objects.filter(user=user, primary=True, verified=True).exists()


def verified_email_required(view):
    """Wrap a view that publishes something: an authenticated reader without a verified primary
    e-mail address gets the "verify your e-mail" page (403) instead; anonymous visitors go on to
    the view (its login_required sends them to the login). The view's attributes (csrf_exempt)
    are kept, and nothing of the request body is read here."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not has_verified_email(user):
            address = EmailAddress.objects.filter(user=user).order_by("-primary", "pk").first()
            response = render(
                request,
                "account/verify_email_first.html",
                {"address": address},
                status=403,
            )
            add_never_cache_headers(response)
            return response
        return view(request, *args, **kwargs)

    return wrapped
