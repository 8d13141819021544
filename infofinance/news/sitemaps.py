"""The news app's sitemap sections (articles; section and tag listings) and the Google News
sitemap's articles. Registered from NewsConfig.ready()."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from infofinance.core.locales import language_of, locale_for
from infofinance.discovery import sitemaps
from infofinance.discovery.sitemaps import PageSitemap, SiteUrlSitemap, public_pages

from . import selectors as news
from .models import ArticlePage, Section, Tag


class ArticleSitemap(PageSitemap):
    model = ArticlePage

    def items(self):
        return public_pages(ArticlePage, self.language).order_by("-published_at", "-pk")


class ListingSitemap(SiteUrlSitemap):
    """Section listings and the listings of tags that have live articles."""

    def __init__(self, language: str):
        self.language = language

    def items(self):
        locale = locale_for(self.language)
        sections = Section.objects.filter(locale=locale, articles__live=True).annotate(
            newest=Max("articles__published_at")
        )
        tags = Tag.objects.filter(locale=locale, article_links__page__live=True).annotate(
            newest=Max("article_links__page__published_at")
        )
        return [item for item in [*sections, *tags] if self.location(item)]

    def location(self, item):
        return news.section_url(item) if isinstance(item, Section) else news.tag_url(item)

    def lastmod(self, item):
        return item.newest

    def alternates_for(self, items):
        """Translations that are listed too (they have live articles), so every alternate is
        a URL of the sitemap."""
        result = {}
        for item in items:
            if isinstance(item, Section):
                translations = Section.objects.filter(articles__live=True)
                url_of = news.section_url
            else:
                translations = Tag.objects.filter(article_links__page__live=True)
                url_of = news.tag_url
            result[item] = {
                language_of(t.locale_id): settings.SITE_URL + url_of(t)
                for t in translations.filter(translation_key=item.translation_key).distinct()
                if url_of(t)
            }
        return result


def news_articles():
    """Articles published in the last two days, for the Google News sitemap."""
    since = timezone.now() - timedelta(days=2)
    return (
        ArticlePage.objects.live()
        .public()
        .filter(published_at__gte=since)
        .select_related("locale")
        .order_by("-published_at")[:1000]
    )


def register() -> None:
    sitemaps.register("articles", ArticleSitemap, pages=(ArticlePage,))
    sitemaps.register("listings", ListingSitemap)
    sitemaps.register_news(news_articles)
