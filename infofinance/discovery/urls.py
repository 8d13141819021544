"""`urlpatterns`: sitemaps and robots.txt (one set for both languages). `i18n_urlpatterns`: the
feeds, included inside i18n_patterns so each language has its own paths (routes.md)."""

from django.urls import path

from infofinance.core.urls import localized_route

from . import feeds, views

urlpatterns = [
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", views.sitemap_part, name="sitemap-part"),
    path("news-sitemap.xml", views.news_sitemap, name="news-sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]

_SCOPES = [
    ("", "", {}),
    ("chuyen-muc/<slug:section>/", "section/<slug:section>/", {}),
    ("the/<slug:tag>/", "tag/<slug:tag>/", {}),
]
_FORMATS = [
    ("rss/", feeds.ArticleRssFeed(), "rss"),
    ("atom/", feeds.ArticleAtomFeed(), "atom"),
    ("feed.json", feeds.json_feed, "json"),
]
i18n_urlpatterns = [
    path(
        localized_route(f"tin-tuc/{vi}{suffix}", f"news/{en}{suffix}"),
        view,
        name=f"news-{kind}-{'all' if not vi else vi.split('/')[0]}",
    )
    for vi, en, _ in _SCOPES
    for suffix, view, kind in _FORMATS
]
