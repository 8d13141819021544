"""The review form of a broker (its own page, so that the broker page stays cacheable)."""

from django.urls import path

from infofinance.core.urls import localized_route

from . import views

app_name = "reviews"
urlpatterns = [
    path(
        localized_route("tra-cuu-san/<slug:slug>/danh-gia/", "broker/<slug:slug>/review/"),
        views.edit,
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
