"""Account paths (routes.md): ours first, then allauth's own sub-paths, all under
/tai-khoan/ ⇄ /en/account/ (included inside i18n_patterns)."""

from django.urls import path

from infofinance.core.urls import localized_route

from . import views

app_name = "accounts"
urlpatterns = [
    path(localized_route("ho-so/", "profile/"), views.profile, name="profile"),
    path(localized_route("du-lieu-ca-nhan/", "personal-data/"), views.data_rights, name="data"),
    path(
        localized_route("du-lieu-ca-nhan/tai-ve/", "personal-data/download/"),
        views.export_data,
        name="export",
    ),
]
