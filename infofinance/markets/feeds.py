"""The markets' RSS feeds in each language (served by the discovery app, linked from the pages
they follow):

- an indicator (`lich-kinh-te/<slug>/rss/` ⇄ `economic-calendar/<slug>/rss/`): its releases
  with figures and the live articles linked to it or to its releases;
- an asset (`tai-san/<slug>/rss/` ⇄ `assets/<slug>/rss/`): the live articles tagged with it;
- the calendar's iCalendar file (`lich-kinh-te/lich.ics` ⇄ `economic-calendar/calendar.ics`),
  with the page's filters (markets.views.calendar_ics).

Item ids are tag URIs (RFC 4151, `discovery.feeds.entry_id`): a release's is dated by its
period and numbered by its row, so a revised figure or a new time keeps it; an article's is
the one the news feeds give it. `rss` is a reserved child slug of both indexes."""

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _

from infofinance.core.restrictions import public
from infofinance.core.urls import localized_route
from infofinance.discovery import feeds
from infofinance.discovery.feeds import ContentRss, FeedLinks, absolute, xml_text
from infofinance.pagecache.store import depends_on
from infofinance.text.language import current_language

from . import cache, dates, numbers
from .models import AssetPage, IndicatorPage, Release

FEED_SIZE = 30


class Item:
    """One entry: a release's figures or a linked article."""

    def __init__(self, *, title, link, guid, published, updated, description, content=""):
        self.title, self.link, self.guid = title, link, guid
        self.published, self.updated = published, updated
        self.description, self.content = description, content


def release_id(release: Release) -> str:
    minted = datetime.combine(release.period_start, time.min, tzinfo=UTC)
    return feeds.entry_id(minted, "release", release.pk)


def _article_items(articles) -> list[Item]:
    from infofinance.news.feeds import item_id

    return [
        Item(
            title=xml_text(article.title),
            link=absolute(article.url),
            guid=item_id(article),
            published=article.first_published_at or article.display_date,
            updated=article.last_published_at or article.first_published_at,
            description=xml_text(article.lead),
        )
        for article in articles
    ]


def _live_articles(locale_id: int, condition: Q):
    from infofinance.news.models import ArticlePage

    return (
        public(ArticlePage.objects.live())
        .filter(locale_id=locale_id)
        .filter(condition)
        .defer("body")
        .distinct()
        .order_by("-first_published_at", "-pk")[:FEED_SIZE]
    )


def _release_items(page: IndicatorPage, language: str) -> list[Item]:
    indicator = page.indicator
    fmt = {"unit": indicator.unit, "decimals": indicator.decimals, "language": language}
    releases = Release.objects.filter(indicator=indicator, actual__isnull=False).order_by(
        "-period_start", "-pk"
    )[:FEED_SIZE]
    items = []
    for release in releases:
        period = dates.period_label(release.period_kind, release.period_start, language)
        previous = (
            release.revised_previous if release.revised_previous is not None else release.previous
        )
        figures = {
            "actual": numbers.format_figure(release.actual, **fmt),
            "forecast": numbers.format_figure(release.forecast, **fmt),
            "previous": numbers.format_figure(previous, **fmt),
        }
        published = release.actual_recorded_at or release.scheduled_at
        items.append(
            Item(
                title=xml_text(f"{indicator.name(language)} · {period}: {figures['actual']}"),
                link=absolute(f"{page.url}#release-{release.pk}"),
                guid=release_id(release),
                published=published,
                updated=max(published, release.updated_at),
                description=xml_text(
                    _("Actual %(actual)s · forecast %(forecast)s · previous %(previous)s") % figures
                ),
            )
        )
    return items


class Scope:
    def __init__(self, page, language: str, feed_path: str, items: list[Item]):
        self.page, self.language, self.feed_path, self.items = page, language, feed_path, items


class MarketsRssFeed(Feed):
    feed_type = ContentRss
    item_guid_is_permalink = False
    author_name = "Info Finance"
    model = IndicatorPage

    def page_for(self, slug: str, language: str):
        page = (
            public(self.model.objects.live())
            .filter(locale__language_code=language, slug=slug)
            .first()
        )
        if page is None:
            raise Http404
        return page

    def get_object(self, request, slug):
        language = current_language()
        page = self.page_for(slug, language)
        return Scope(page, language, request.path, self.collect(page, language))

    def collect(self, page, language: str) -> list[Item]:
        raise NotImplementedError

    def link(self, scope):
        return absolute(scope.page.url)

    def feed_url(self, scope):
        return absolute(scope.feed_path)

    def items(self, scope):
        return scope.items

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.updated


class IndicatorRssFeed(MarketsRssFeed):
    model = IndicatorPage

    def collect(self, page, language):
        from .models import ArticleIndicatorLink, ArticleReleaseLink

        depends_on(cache.indicator(page.indicator_id))
        articles = _live_articles(
            page.locale_id,
            Q(
                pk__in=ArticleIndicatorLink.objects.filter(indicator_id=page.indicator_id).values(
                    "page_id"
                )
            )
            | Q(
                pk__in=ArticleReleaseLink.objects.filter(
                    release__indicator_id=page.indicator_id
                ).values("page_id")
            ),
        )
        items = _release_items(page, language) + _article_items(articles)
        items.sort(key=lambda item: (item.published, item.guid), reverse=True)
        return items[:FEED_SIZE]

    def title(self, scope):
        return _("Info Finance — %(name)s: releases and analysis") % {"name": scope.page.title}

    def description(self, scope):
        return xml_text(scope.page.summary)


class AssetRssFeed(MarketsRssFeed):
    model = AssetPage

    def collect(self, page, language):
        from .models import ArticleAssetLink

        depends_on(cache.instrument(page.instrument_id))
        articles = _live_articles(
            page.locale_id,
            Q(
                pk__in=ArticleAssetLink.objects.filter(instrument_id=page.instrument_id).values(
                    "page_id"
                )
            ),
        )
        return _article_items(articles)

    def title(self, scope):
        return _("Info Finance — %(name)s: news") % {"name": scope.page.title}

    def description(self, scope):
        return xml_text(scope.page.summary)


def _calendar_feed(request):
    from .views import calendar_feed

    return calendar_feed(request)


def _history_csv(request, slug):
    from .exports import indicator_history_csv

    return indicator_history_csv(request, slug)


urlpatterns = [
    path(
        localized_route(
            "lich-kinh-te/<slug:slug>/lich-su.csv", "economic-calendar/<slug:slug>/history.csv"
        ),
        _history_csv,
        name="markets-indicator-csv",
    ),
    # The calendar's iCalendar feed per filter (`?nuoc=us,vn&muc=3`): a path without a trailing
    # slash, which Wagtail's page routes never match.
    path(
        localized_route("lich-kinh-te/lich.ics", "economic-calendar/calendar.ics"),
        _calendar_feed,
        name="markets-calendar-ics",
    ),
    path(
        localized_route("lich-kinh-te/<slug:slug>/rss/", "economic-calendar/<slug:slug>/rss/"),
        IndicatorRssFeed(),
        name="markets-indicator-rss",
    ),
    path(
        localized_route("tai-san/<slug:slug>/rss/", "assets/<slug:slug>/rss/"),
        AssetRssFeed(),
        name="markets-asset-rss",
    ),
]


def markets_feed_links(context) -> FeedLinks | None:
    page = context.get("page")
    if isinstance(page, IndicatorPage):
        return FeedLinks("markets-indicator-{kind}", page.title, {"slug": page.slug})
    if isinstance(page, AssetPage):
        return FeedLinks("markets-asset-{kind}", page.title, {"slug": page.slug})
    return None


def register() -> None:
    feeds.register("markets", urlpatterns, links=markets_feed_links)
