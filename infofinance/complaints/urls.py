"""Complaint centre paths in both languages (routes.md), included early inside i18n_patterns so
that /tai-khoan/khieu-nai/ comes before the accounts' own /tai-khoan/ paths. Filing and editing a
complaint need a verified e-mail address (infofinance.accounts.verification)."""

from django.urls import path

from infofinance.accounts.verification import verified_email_required
from infofinance.core.urls import localized_route

from . import views

app_name = "complaints"
urlpatterns = [
    path(localized_route("khieu-nai/", "complaints/"), views.index, name="index"),
    path(
        localized_route("khieu-nai/gui/", "complaints/new/"),
        verified_email_required(views.submit),
        name="submit",
    ),
    path(
        localized_route(
            "khieu-nai/danh-muc/<slug:category>/", "complaints/category/<slug:category>/"
        ),
        views.category,
        name="category",
    ),
    path(
        localized_route("khieu-nai/<slug:slug>/", "complaints/<slug:slug>/"),
        views.detail,
        name="detail",
    ),
    path(localized_route("tai-khoan/khieu-nai/", "account/complaints/"), views.mine, name="mine"),
    path(
        localized_route("tai-khoan/khieu-nai/<uuid:uuid>/", "account/complaints/<uuid:uuid>/"),
        views.mine_detail,
        name="mine_detail",
    ),
    path(
        localized_route(
            "tai-khoan/khieu-nai/<uuid:uuid>/sua/", "account/complaints/<uuid:uuid>/edit/"
        ),
        verified_email_required(views.mine_edit),
        name="mine_edit",
    ),
    path(
        localized_route(
            "tai-khoan/khieu-nai/<uuid:uuid>/bang-chung/",
            "account/complaints/<uuid:uuid>/evidence/",
        ),
        views.add_evidence,
        name="add_evidence",
    ),
    path(
        localized_route(
            "tai-khoan/khieu-nai/<uuid:uuid>/huy/", "account/complaints/<uuid:uuid>/cancel/"
        ),
        views.cancel,
        name="cancel",
    ),
    path(
        localized_route(
            "tai-khoan/khieu-nai/<uuid:uuid>/tep/<uuid:file>/",
            "account/complaints/<uuid:uuid>/files/<uuid:file>/",
        ),
        views.evidence_file,
        name="evidence",
    ),
]
