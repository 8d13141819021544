"""The review form of a broker (its own page, so that the broker page stays cacheable). Writing a
review needs a verified e-mail address (infofinance.accounts.verification)."""

from django.urls import path

from infofinance.accounts.verification import verified_email_required
from infofinance.core.urls import localized_route

from . import views

app_name = "reviews"
urlpatterns = [
    path(
        localized_route("tra-cuu-san/<slug:slug>/danh-gia/", "broker/<slug:slug>/review/"),
        verified_email_required(views.edit),
        name="edit",
    ),
    path(
        localized_route(
            "tra-cuu-san/<slug:slug>/danh-gia/xoa/", "broker/<slug:slug>/review/delete/"
        ),
        views.delete,
        name="delete",
    ),
]
