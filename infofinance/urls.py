from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from infofinance.core import legacy, media, routing
from infofinance.core.urls import localized_route
from infofinance.discovery import robots
from infofinance.discovery import urls as discovery_urls
from infofinance.news import views as news_views
from infofinance.search import views as search_views


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


ADMIN_PATH = "admin/"

urlpatterns = [
    path(ADMIN_PATH, include(wagtailadmin_urls)),
    # Documents, and the shared-password form of private collections (signs nobody in).
    path("documents/", include(wagtaildocs_urls)),
    path("healthz/", healthz),
    path("favicon.ico", media.favicon),
    path("qc/", include("infofinance.banners.urls")),  # banner clicks and views: no language
    *legacy.urlpatterns,
]

urlpatterns += discovery_urls.urlpatterns  # sitemaps and robots.txt: one set for both languages
robots.disallow(f"/{ADMIN_PATH}")

urlpatterns += i18n_patterns(
    # Complaints first: /tai-khoan/khieu-nai/ must win over the accounts' /tai-khoan/ paths.
    path("", include("infofinance.complaints.urls")),
    path("", include("infofinance.reviews.urls")),
    path("", include("infofinance.events.urls")),
    path(localized_route("tim-kiem/", "search/"), search_views.search, name="search"),
    path(
        localized_route("tim-kiem/goi-y/", "search/suggest/"),
        search_views.suggest,
        name="search_suggest",
    ),
    path("_/latest/", news_views.latest_fragment, name="latest_fragment"),
    *discovery_urls.i18n_urlpatterns,  # feeds, per language
    # Accounts: our pages (profile, personal data), then allauth's own sub-paths.
    path(localized_route("tai-khoan/", "account/"), include("infofinance.accounts.urls")),
    path(localized_route("tai-khoan/", "account/"), include("allauth.urls")),
    path("", include("infofinance.brokers.urls")),
    # Of Wagtail's own front-end URLs only the shared-password form of private pages (it marks
    # the restriction as passed in the session and signs nobody in), never its password login,
    # which bypassed allauth's rate limits, security log, e-mail verification and second factor.
    # Its name stays (Wagtail reverses it for login-restricted pages) on a redirect to allauth's
    # login that keeps `?next=`, for every method. tests/test_trust_login.py walks every pattern
    # for views that sign in or take a password.
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailcore_login",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Then its page-serving view on our routing (core/routing.py).
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns.insert(
        0, re_path(r"^media/(?P<path>.*)$", media.media, {"document_root": settings.MEDIA_ROOT})
    )

handler404 = "infofinance.core.views.page_not_found"
handler500 = "infofinance.core.views.server_error"
# allauth answers rate-limited logins and sign-ups with this (logged in the security log).
handler429 = "infofinance.accounts.views.too_many_requests"
