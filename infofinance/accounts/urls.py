"""Account paths (routes.md): ours first, then allauth's own sub-paths, all under
/tai-khoan/ ⇄ /en/account/ (included inside i18n_patterns)."""

from django.urls import path

from infofinance.core.urls import localized_route

from . import data_rights, views

app_name = "accounts"
urlpatterns = [
    path(localized_route("ho-so/", "profile/"), views.profile, name="profile"),
    path(localized_route("du-lieu-ca-nhan/", "personal-data/"), views.data_rights, name="data"),
    path(
        localized_route("du-lieu-ca-nhan/tai-ve/", "personal-data/download/"),
        views.export_data,
        name="export",
    ),
    # The opaque links of every e-mail and of the erasure confirmation (data_rights.py): no login.
    path(
        localized_route("du-lieu-ca-nhan/xoa/<str:token>/", "personal-data/erase/<str:token>/"),
        data_rights.confirm_erasure,
        name="data_erase",
    ),
    path(
        localized_route("du-lieu-ca-nhan/<str:token>/", "personal-data/<str:token>/"),
        data_rights.link,
        name="data_link",
    ),
]
