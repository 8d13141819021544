"""Permanent redirects from the paths of the live site that readers have bookmarked: those of
the route registry (infofinance.wiring.routes), this module's own included."""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.urls import re_path
from django.views.generic import RedirectView

from infofinance.wiring import routes

# Old paths of the live site spanning several apps; an app registers its own old paths in the
# route registry from its AppConfig.ready() (the news app: its old section paths).
LEGACY_REDIRECTS = {
    "danh-gia-san": "/khieu-nai/",
    "en/danh-gia-san": "/en/complaints/",
    "compare-exchanges": "/so-sanh-san/",
    "en/compare-exchanges": "/en/compare-brokers/",
    "ho-so": "/tai-khoan/ho-so/",
    "en/ho-so": "/en/account/profile/",
    "en/profile": "/en/account/profile/",
    "en/chinh-sach-bao-mat": "/en/privacy-policy/",
    "en/dieu-khoan-su-dung": "/en/terms/",
    "en/gioi-thieu": "/en/about/",
    "en/lien-he": "/en/contact/",
    "en/tin-tuc": "/en/news/",
    "en/kien-thuc": "/en/knowledge/",
    "en/tra-cuu-san": "/en/broker/",
}


def legacy_search(request, prefix=""):
    query = {"q": request.GET.get("keyword", request.GET.get("q", ""))}
    target = "/en/search/" if prefix else "/tim-kiem/"
    return HttpResponsePermanentRedirect(f"{target}?{urlencode(query)}")


for _old, _new in LEGACY_REDIRECTS.items():
    routes.legacy(_old, _new)

urlpatterns = [
    *(
        re_path(
            rf"^{redirect.old}/?$",
            RedirectView.as_view(url=redirect.new, permanent=True, query_string=True),
        )
        for redirect in routes.legacy_redirects()
    ),
    re_path(r"^search/?$", legacy_search),
    re_path(r"^(?P<prefix>en)/search$", legacy_search),
]
