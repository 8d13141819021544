"""`urlpatterns`: sitemaps and robots.txt (one set for both languages). `i18n_urlpatterns`: the
feeds the apps registered (feeds.register), included inside i18n_patterns so each language has
its own paths (routes.md)."""

from django.urls import path

from . import feeds, views

urlpatterns = [
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", views.sitemap_part, name="sitemap-part"),
    path("news-sitemap.xml", views.news_sitemap, name="news-sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]

i18n_urlpatterns = feeds.urlpatterns()
