from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from infofinance.core import legacy, routing
from infofinance.core.urls import localized_route
from infofinance.discovery import urls as discovery_urls
from infofinance.news import views as news_views
from infofinance.search import views as search_views


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz/", healthz),
    *legacy.urlpatterns,
]

urlpatterns += discovery_urls.urlpatterns  # sitemaps and robots.txt: one set for both languages

urlpatterns += i18n_patterns(
    # Complaints first: /tai-khoan/khieu-nai/ must win over the accounts' /tai-khoan/ paths.
    path("", include("infofinance.complaints.urls")),
    path("", include("infofinance.reviews.urls")),
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
    # Wagtail's own URLs, its page-serving view on our routing (core/routing.py).
    *wagtail_urls.urlpatterns[:-1],
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    from django.views.static import serve

    urlpatterns.insert(
        0, re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

handler404 = "infofinance.core.views.page_not_found"
handler500 = "infofinance.core.views.server_error"
# allauth answers rate-limited logins and sign-ups with this (logged in the security log).
handler429 = "infofinance.accounts.views.too_many_requests"
