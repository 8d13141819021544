"""Sitemaps: one index, per-language part files of at most `limit` URLs with xhtml:link
alternates between translations, and the Google News sitemap of the last two days."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page

from infofinance.core.locales import language_of, locale_for
from infofinance.core.urls import reverse_in
from infofinance.news import selectors as news
from infofinance.news.models import ArticlePage, Section, Tag

LANGUAGES = ("vi", "en")


class SiteUrlSitemap(Sitemap):
    """Locations are absolute with SITE_URL, whatever host the request came in on."""

    # The protocol allows 50,000; smaller files keep each one fast to build at a million
    # articles (one query for the URLs and a few for their alternates).
    limit = 5000

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def alternates_for(self, items) -> dict:
        """{item: {language: absolute URL}} for the items of one part file."""
        return {}

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        alternates = self.alternates_for([url["item"] for url in urls])
        for url in urls:
            languages = alternates.get(url["item"], {})
            if len(languages) > 1:
                url["alternates"] = [
                    {"lang_code": code, "location": location}
                    for code, location in sorted(languages.items())
                ] + [{"lang_code": "x-default", "location": languages.get("vi") or url["location"]}]
        return urls


def public_pages(model, language: str):
    """Live pages of `model` in `language`, without private (restricted) ones or their children."""
    return model.objects.live().public().filter(locale=locale_for(language))


class PageSitemap(SiteUrlSitemap):
    model = Page

    def __init__(self, language: str):
        self.language = language

    def items(self):
        return public_pages(self.model, self.language).order_by("path")

    def location(self, item):
        return item.url

    def lastmod(self, item):
        return item.last_published_at

    def alternates_for(self, items):
        keys = [item.translation_key for item in items]
        found: dict = {}
        for start in range(0, len(keys), 1000):
            rows = Page.objects.live().filter(translation_key__in=keys[start : start + 1000])
            for row in rows.select_related("locale"):
                found.setdefault(row.translation_key, {})[row.locale.language_code] = (
                    settings.SITE_URL + row.url
                )
        return {item: found.get(item.translation_key, {}) for item in items}


class ArticleSitemap(PageSitemap):
    model = ArticlePage

    def items(self):
        return public_pages(ArticlePage, self.language).order_by("-published_at", "-pk")


class PagesSitemap(PageSitemap):
    """Home pages, hubs, author list, authors and standard pages: everything but articles."""

    def items(self):
        return (
            public_pages(Page, self.language)
            .filter(depth__gte=2)
            .not_type(ArticlePage)
            .specific()
            .order_by("path")
        )


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


class RouteSitemap(SiteUrlSitemap):
    """Non-page routes that exist in both languages under the same name (e.g. brokers)."""

    def __init__(self, language: str, route: str, queryset, kwarg: str = "slug"):
        self.language, self.route, self.queryset, self.kwarg = language, route, queryset, kwarg

    def items(self):
        return self.queryset

    def url_in(self, item, language):
        return reverse_in(language, self.route, **{self.kwarg: getattr(item, self.kwarg)})

    def location(self, item):
        return self.url_in(item, self.language)

    def lastmod(self, item):
        return getattr(item, "updated_at", None)

    def alternates_for(self, items):
        return {
            item: {
                language: settings.SITE_URL + self.url_in(item, language) for language in LANGUAGES
            }
            for item in items
        }


class ComplaintSitemap(RouteSitemap):
    """Published complaints (approved, not hidden): the same slug in both languages."""

    def __init__(self, language: str):
        from infofinance.complaints.models import Complaint

        queryset = Complaint.objects.published().only("public_slug", "updated_at").order_by("pk")
        super().__init__(language, "complaints:detail", queryset)

    def url_in(self, item, language):
        return reverse_in(language, self.route, slug=item.public_slug)


def sitemaps() -> dict[str, Sitemap]:
    from infofinance.brokers.models import Broker, Regulator

    parts: dict[str, Sitemap] = {}
    for language in LANGUAGES:
        parts[f"{language}-pages"] = PagesSitemap(language)
        parts[f"{language}-articles"] = ArticleSitemap(language)
        parts[f"{language}-listings"] = ListingSitemap(language)
        parts[f"{language}-brokers"] = RouteSitemap(
            language, "brokers:detail", Broker.objects.filter(hidden=False).order_by("pk")
        )
        parts[f"{language}-regulators"] = RouteSitemap(
            language, "brokers:regulator", Regulator.objects.order_by("pk")
        )
        parts[f"{language}-complaints"] = ComplaintSitemap(language)
    return parts


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
