"""What the events app shows on other apps' pages (infofinance.wiring.slots), registered from
EventsConfig.ready() through ENTRIES, (slot, renderer, order): those apps import nothing of
ours.

- home: the next upcoming events with their seats left (the page depends on the lists and on
  each event's seats);
- an article linked from an upcoming event: a chip naming the event, read from a site-wide value
  fetched with the request's others (no query), the article's chip tag declared;
- a broker page: the upcoming events linking to the broker (one query);
- the account links of a signed-in reader: "My events"."""

from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.templatetags.static import static
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html

from infofinance.core.locales import locale_for
from infofinance.core.restrictions import public
from infofinance.fastpath import sitecache
from infofinance.pagecache.store import depends_on
from infofinance.text.language import current_language

from . import cache, dates
from .feeds import upcoming_pages

HOME_COUNT = 3
BROKER_COUNT = 5
CHIP_COUNT = 2


def home_stylesheet(context):
    return format_html('<link rel="stylesheet" href="{}">', static("events/events.css"))


def home_upcoming(context):
    """The next events with their seats left; the page depends on the lists and the seats of
    each card (selectors.upcoming declares both)."""
    from . import selectors
    from .feeds import index_page

    language = current_language()
    cards = selectors.upcoming(locale=language, limit=HOME_COUNT)
    if not cards:
        return None
    index = index_page(language)
    return "events/slots/home_block.html", {
        "cards": cards,
        "index_url": index.url if index is not None else "",
    }


# -- the article chip ----------------------------------------------------------------------------


def build_chips(language: str, now: datetime | None = None) -> tuple[dict, int]:
    """({article_id: [(title, url, starts_iso, ends_iso)]}, seconds to keep it): the upcoming
    events of `language` linking to each article, soonest first. Kept until the first of them
    ends (its chip then goes), an hour at most."""
    from .models import EventArticleLink

    now = now or timezone.now()
    pages = upcoming_pages(language, now=now)
    linked: dict[int, list[int]] = {}
    for page_id, article_id in (
        EventArticleLink.objects.filter(page_id__in=[page.pk for page in pages])
        .order_by("sort_order", "pk")
        .values_list("page_id", "article_id")
    ):
        linked.setdefault(page_id, []).append(article_id)
    chips: dict[int, list[tuple[str, str, str, str]]] = {}
    ends = []
    for page in pages:  # soonest first
        if page.pk not in linked:
            continue
        ends.append(page.event.ends_at)
        entry = (
            page.title,
            page.url,
            dates.utc_iso(page.event.starts_at),
            dates.utc_iso(page.event.ends_at),
        )
        for article_id in linked[page.pk]:
            entries = chips.setdefault(article_id, [])
            if entry not in entries:
                entries.append(entry)
    soonest = min(ends, default=None)
    seconds = 3600 if soonest is None else (soonest - now).total_seconds()
    return chips, int(max(60, min(3600, seconds)))


def chips(language: str) -> dict:
    key = cache.CHIPS_KEY.format(language=language)
    value = sitecache.read(key)
    if value is None:
        value, timeout = build_chips(language)
        sitecache.write(key, value, timeout)
    return value


def article_event_chip(context):
    article = context.get("page")
    if article is None or not getattr(article, "pk", None):
        return None
    depends_on(cache.chip(article.pk))
    language = current_language()
    now = timezone.now()
    entries = []
    for title, url, starts_iso, ends_iso in chips(language).get(article.pk, ())[:CHIP_COUNT]:
        ends = parse_datetime(ends_iso)
        if ends is not None and ends <= now:
            continue  # ended since the value was built
        starts = parse_datetime(starts_iso)
        entries.append({"title": title, "url": url, "when": dates.moment(starts, language)})
    if not entries:
        return None
    return "events/slots/article_chip.html", {"entries": entries}


# -- the broker page -----------------------------------------------------------------------------


def broker_events(context):
    """The upcoming events linking to the broker, in the page's language: one query. The
    broker's tag is moved by every publication of an event linking to it (cache.py)."""
    from .models import Event, EventPage

    broker = context.get("broker")
    locale = locale_for(current_language())
    if broker is None or locale is None:
        return None
    shared = Event.objects.filter(translation_key=OuterRef("translation_key"))
    pages = list(
        public(EventPage.objects.live().filter(locale_id=locale.pk, broker_links__broker=broker))
        .annotate(
            event_starts=Subquery(shared.values("starts_at")[:1]),
            event_ends=Subquery(shared.values("ends_at")[:1]),
        )
        .filter(event_ends__gt=timezone.now())
        .order_by("event_starts", "pk")
        .distinct()[:BROKER_COUNT]
    )
    if not pages:
        return None
    language = current_language()
    entries = [
        {"title": page.title, "url": page.url, "when": dates.moment(page.event_starts, language)}
        for page in pages
    ]
    return "events/slots/broker_block.html", {"broker": broker, "entries": entries}


# -- the account links ---------------------------------------------------------------------------


def account_link(context):
    return "events/slots/account_link.html", {}


ENTRIES = [
    ("home.head", home_stylesheet, 60),
    ("home.blocks", home_upcoming, 40),
    ("article.after_body", article_event_chip, 50),
    ("broker.community", broker_events, 60),
    ("account.links", account_link, 50),
]
