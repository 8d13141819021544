"""Permanent redirects from the paths of the live site that readers have bookmarked."""

from urllib.parse import urlencode

from django.http import HttpResponsePermanentRedirect
from django.urls import re_path
from django.views.generic import RedirectView

# The live site had its sections at /tin-tuc/<section>; those paths redirect to our section
# pages, so an article may not take one of these slugs (see news.models.HUB_RESERVED_SLUGS).
NEWS_SECTION_SLUGS = {
    "vi": ("tin-thi-truong", "tin-the-gioi", "tin-trong-nuoc", "tin-khac", "tin-canh-bao"),
    "en": ("market-news", "world-news", "domestic-news", "other-news", "warning-news"),
}
KNOWLEDGE_SECTION_SLUGS = {
    "vi": ("kien-thuc-dau-tu", "chon-san", "y-tuong-dau-tu"),
    "en": ("investment-knowledge", "choosing-a-broker", "investment-ideas"),
}

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
    # News and knowledge sections were paths under the hub.
    **{f"tin-tuc/{s}": f"/tin-tuc/chuyen-muc/{s}/" for s in NEWS_SECTION_SLUGS["vi"]},
    **{f"en/news/{s}": f"/en/news/section/{s}/" for s in NEWS_SECTION_SLUGS["en"]},
    **{f"kien-thuc/{s}": f"/kien-thuc/chuyen-muc/{s}/" for s in KNOWLEDGE_SECTION_SLUGS["vi"]},
    **{f"en/knowledge/{s}": f"/en/knowledge/section/{s}/" for s in KNOWLEDGE_SECTION_SLUGS["en"]},
}


def legacy_search(request, prefix=""):
    query = {"q": request.GET.get("keyword", request.GET.get("q", ""))}
    target = "/en/search/" if prefix else "/tim-kiem/"
    return HttpResponsePermanentRedirect(f"{target}?{urlencode(query)}")


urlpatterns = [
    *(
        re_path(rf"^{old}/?$", RedirectView.as_view(url=new, permanent=True, query_string=True))
        for old, new in LEGACY_REDIRECTS.items()
    ),
    re_path(r"^search/?$", legacy_search),
    re_path(r"^(?P<prefix>en)/search$", legacy_search),
]
