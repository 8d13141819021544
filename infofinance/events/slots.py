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

from django.templatetags.static import static
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html

from infofinance.fastpath import sitecache
from infofinance.pagecache.store import depends_on
from infofinance.text.language import current_language

from . import cache, dates

HOME_COUNT = 3
BROKER_COUNT = 5
CHIP_COUNT = 2


def home_stylesheet(context):
    return format_html('<link rel="stylesheet" href="{}">', static("events/blocks.css"))


def home_upcoming(context):
    """The next events with their seats left; the page depends on the lists and the seats of
    each card (selectors.upcoming declares both)."""
    from . import selectors

    language = current_language()
    cards = selectors.upcoming(locale=language, limit=HOME_COUNT)
    if not cards:
        return None
    index = selectors.index_page(language)
    return "events/slots/home_block.html", {
        "cards": cards,
        "index_url": index.url if index is not None else "",
    }


# -- the article chip ----------------------------------------------------------------------------


def build_chips(language: str, now: datetime | None = None) -> tuple[dict, int]:
    """({article_id: [(title, url, starts_iso, ends_iso)]}, seconds to keep it): the upcoming
    events of `language` linking to each article, soonest first. Kept until the first of them
    ends (its chip then goes), an hour at most."""
    from . import selectors

    now = now or timezone.now()
    pages = selectors.upcoming_pages(language, now=now)
    linked = selectors.article_links([page.pk for page in pages])
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


def _once_per_request(context, name: str, key, compute):
    """`compute()` once per request for `key`: the <head>'s stylesheet and the block it styles
    read the same entries."""
    request = context.get("request")
    kept = getattr(request, name, None)
    if kept is not None and kept[0] == key:
        return kept[1]
    value = compute()
    if request is not None:
        setattr(request, name, (key, value))
    return value


def _chip_entries(context) -> list[dict]:
    article = context.get("page")
    if article is None or not getattr(article, "pk", None):
        return []
    return _once_per_request(
        context, "_events_chip_entries", article.pk, lambda: _read_chip_entries(article)
    )


def _read_chip_entries(article) -> list[dict]:
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
    return entries


def _slots_stylesheet() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("events/blocks.css"))


def article_stylesheet(context):
    """The chip's few rules, only on an article that shows a chip (the chips are a site-wide
    value: no query)."""
    return _slots_stylesheet() if _chip_entries(context) else None


def article_event_chip(context):
    entries = _chip_entries(context)
    if not entries:
        return None
    return "events/slots/article_chip.html", {"entries": entries}


# -- the broker page -----------------------------------------------------------------------------


def broker_stylesheet(context):
    """The block's few rules, only on a broker page that shows the block (its entries are
    read here, in the <head>, and kept on the request for the block)."""
    return _slots_stylesheet() if _broker_entries(context) else None


def broker_events(context):
    entries = _broker_entries(context)
    if not entries:
        return None
    return "events/slots/broker_block.html", {"broker": context.get("broker"), "entries": entries}


def _broker_entries(context) -> list[dict]:
    """The upcoming events linking to the broker, in the page's language: one query per
    request, whichever of the head and the block asks first. The broker's tag is moved by
    every publication of an event linking to it (cache.py)."""
    broker = context.get("broker")
    if broker is None:
        return []
    return _once_per_request(
        context, "_events_broker_entries", broker.pk, lambda: _read_broker_entries(broker)
    )


def _read_broker_entries(broker) -> list[dict]:
    from . import selectors

    language = current_language()
    pages = selectors.upcoming_pages_for_broker(broker, language, limit=BROKER_COUNT)
    return [
        {"title": page.title, "url": page.url, "when": dates.moment(page.event_starts, language)}
        for page in pages
    ]


# -- the main menu -------------------------------------------------------------------------------


def nav_link(context):
    """'Events' in the main menu: the index's path is fixed per language (no query)."""
    from django.utils.translation import gettext

    from .views import events_url

    return format_html(
        '<li><a href="{}">{}</a></li>', events_url(current_language()), gettext("Events")
    )


# -- the account links ---------------------------------------------------------------------------


def account_link(context):
    return "events/slots/account_link.html", {}


ENTRIES = [
    ("home.head", home_stylesheet, 60),
    ("home.blocks", home_upcoming, 40),
    ("article.head", article_stylesheet, 50),
    ("article.after_body", article_event_chip, 50),
    ("broker.head", broker_stylesheet, 60),
    ("broker.community", broker_events, 60),
    ("account.links", account_link, 50),
    ("nav.more", nav_link, 50),
]
