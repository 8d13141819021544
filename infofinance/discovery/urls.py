"""Filled in by the discovery work: `urlpatterns` (language-independent: sitemaps, robots.txt)
and `i18n_urlpatterns` (inside i18n_patterns: feeds per language)."""

urlpatterns = []
i18n_urlpatterns = []
