"""The events' short lists read by feeds and by other apps' pages: upcoming pages with their
shared rows, the index of a language, the articles and brokers upcoming events link to."""

from datetime import datetime

from django.db.models import F
from django.utils import timezone

from infofinance.core.locales import locale_for
from infofinance.core.restrictions import public

from ..models import Event, EventArticleLink, EventIndexPage, EventPage
from .pages import soonest_pages, upcoming_pages_of

__all__ = ["article_links", "index_page", "upcoming_pages", "upcoming_pages_for_broker"]


def upcoming_pages(language: str, *, limit: int | None = None, now: datetime | None = None):
    """The live public event pages of `language` whose event has not ended, soonest first, each
    with its shared row as `page.event`: two queries."""
    locale = locale_for(language)
    if locale is None:
        return []
    now = now or timezone.now()
    if limit:
        pages = soonest_pages(locale, now=now, limit=limit)
    else:
        pages = upcoming_pages_of(locale, now=now).select_related("hero_image")
    pages = list(pages)
    events = {
        event.translation_key: event
        for event in Event.objects.filter(translation_key__in=[p.translation_key for p in pages])
    }
    for page in pages:
        page.event = events[page.translation_key]
    return pages


def index_page(language: str) -> EventIndexPage | None:
    locale = locale_for(language)
    if locale is None:
        return None
    return EventIndexPage.objects.live().filter(locale_id=locale.pk).first()


def article_links(page_ids: list[int]) -> dict[int, list[int]]:
    """{event page id: [article ids]} in the editors' order: one query."""
    linked: dict[int, list[int]] = {}
    for page_id, article_id in (
        EventArticleLink.objects.filter(page_id__in=page_ids)
        .order_by("sort_order", "pk")
        .values_list("page_id", "article_id")
    ):
        linked.setdefault(page_id, []).append(article_id)
    return linked


def upcoming_pages_for_broker(broker, language: str, *, limit: int) -> list[EventPage]:
    """The live public event pages of `language` linking to `broker` whose event has not
    ended, soonest first, with `event_starts`: one query."""
    locale = locale_for(language)
    if locale is None:
        return []
    pages = EventPage.objects.live().filter(
        locale_id=locale.pk, broker_links__broker=broker, ends_at__gt=timezone.now()
    )
    return list(
        public(pages)
        .annotate(event_starts=F("starts_at"))
        .order_by("starts_at", "pk")
        .distinct()[:limit]
    )
