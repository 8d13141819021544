"""Brokers Hub paths in both languages (routes.md), included inside i18n_patterns."""

from django.urls import path

from infofinance.core.urls import localized_route

from . import views

app_name = "brokers"
urlpatterns = [
    path(localized_route("tra-cuu-san/", "broker/"), views.directory, name="directory"),
    path(localized_route("tra-cuu-san/goi-y/", "broker/suggest/"), views.suggest, name="suggest"),
    path(
        localized_route("tra-cuu-san/phuong-phap-cham-diem/", "broker/methodology/"),
        views.methodology,
        name="methodology",
    ),
    path(
        localized_route("tra-cuu-san/<slug:slug>/", "broker/<slug:slug>/"),
        views.broker_detail,
        name="detail",
    ),
    path(
        localized_route("tra-cuu-san/<slug:slug>/roi-trang/", "broker/<slug:slug>/leave/"),
        views.leave,
        name="leave",
    ),
    path(
        localized_route("co-quan-quan-ly/", "regulators/"), views.regulator_index, name="regulators"
    ),
    path(
        localized_route("co-quan-quan-ly/<slug:slug>/", "regulators/<slug:slug>/"),
        views.regulator_detail,
        name="regulator",
    ),
    path(localized_route("so-sanh-san/", "compare-brokers/"), views.compare, name="compare"),
]
