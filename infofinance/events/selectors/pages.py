"""Reads for the reader pages (docs/design/events.md §5, §6): the upcoming and past lists, the
month calendar, one event page's context, an event page by slug. Each declares the cache tags of
what it shows (`pagecache.store.depends_on`): the lists `cache.EVENTS` and the seats of every
card; an event page its seats, its partners, and the articles and brokers it links.

An anonymous render holds nothing about its viewer (the page cache keeps it for everyone); a
signed-in reader's registration is read only for signed-in requests, which are never cached."""

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F, Subquery, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from infofinance.core.locales import language_of, locale_for
from infofinance.core.pagination import CappedPaginator
from infofinance.core.restrictions import public
from infofinance.core.structured_data import breadcrumb_list
from infofinance.core.urls import reverse_in
from infofinance.pagecache import tags as cache_tags
from infofinance.pagecache.store import depends_on

from .. import cache, dates
from ..models import ACTIVE, Event, EventStatus, Status
from ..models.pages import ROUTE_WORDS, EventIndexPage, EventPage
from . import registrations

__all__ = [
    "EventCard",
    "MonthGrid",
    "calendar_context",
    "cards",
    "event_page_by_slug",
    "event_page_context",
    "index_context",
    "month",
    "pages_by_key",
    "past",
    "past_context",
    "registration_state",
    "soonest_pages",
    "ticket_page_for",
    "upcoming",
    "viewer_registration",
]

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PAST_PAGE_SIZE = 12
UPCOMING_PAGE_SIZE = 12
CALENDAR_RANGE_MONTHS = 24
MONTH_PARAMS = ("thang", "month")
MONTH_PARAM = {"vi": "thang", "en": "month"}
CARD_RENDITION = "fill-480x270"


@dataclass
class EventCard:
    """One event as a list shows it: its page in the list's language, its facts, seats left
    (None for past events) and when it happens."""

    page: EventPage
    event: Event
    seats_left: int | None
    when: dates.When
    image: object = None  # the card rendition, or None

    @property
    def full(self) -> bool:
        return self.seats_left is not None and self.seats_left <= 0

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def title(self) -> str:
        return self.page.title


def _locale(locale) -> Locale | None:
    return locale_for(locale) if isinstance(locale, str) else locale


def _language(locale: Locale) -> str:
    return language_of(locale.pk)


def _pages(locale: Locale, events):
    """The live public pages of `locale` whose Event is among `events`, with their start as
    `event_starts`. The pages are found by the events' keys (a small table, probed by the
    pages' unique key and locale): a filter on the pages alone lets the planner walk every
    page of the locale, which grows with the articles (tests/test_scale.py). The work grows
    with the events: paginate the result."""
    keys = Subquery(events.values("translation_key"))
    return (
        public(EventPage.objects.live())
        .filter(locale_id=locale.pk, translation_key__in=keys)
        .annotate(event_starts=F("starts_at"))
        .select_related("hero_image")
    )


def soonest_pages(locale: Locale, *, now, limit: int) -> list[EventPage]:
    """The first `limit` live public pages of `locale` whose event has not ended, soonest
    first: the events walked by start in chunks (their index), each chunk's pages read by key,
    until enough are found. A constant cost for a short list (the home block, the feeds),
    whatever the number of events or articles."""
    found: list[EventPage] = []
    events = Event.objects.filter(ends_at__gt=now).order_by("starts_at", "pk")
    offset, chunk = 0, max(2 * limit, 8)  # most events have a page in each language
    while len(found) < limit:
        keys = list(events.values_list("translation_key", flat=True)[offset : offset + chunk])
        if not keys:
            break
        pages = {
            page.translation_key: page
            for page in public(EventPage.objects.live())
            .filter(locale_id=locale.pk, translation_key__in=keys)
            .annotate(event_starts=F("starts_at"))
            .select_related("hero_image")
        }
        found += [pages[key] for key in keys if key in pages]
        offset += chunk
    return found[:limit]


def cards(pages, *, language: str, with_seats: bool = True, now=None) -> list[EventCard]:
    """Cards for `pages` (EventPages), in their order: their Event rows in one query, seats in
    one more, card renditions in one more. Declares the seats of each event."""
    pages = list(pages)
    if not pages:
        return []
    events = {
        event.translation_key: event
        for event in Event.objects.filter(translation_key__in=[p.translation_key for p in pages])
    }
    pages = [p for p in pages if p.translation_key in events]
    seats = {}
    if with_seats:
        ids = [events[p.translation_key].pk for p in pages]
        seats = registrations.seats_left_many(event_ids=ids, now=now)
        depends_on(*(cache.seats(pk) for pk in ids))
    images = [p.hero_image for p in pages if p.hero_image is not None]
    if images:
        prefetch_related_objects(images, "renditions")
    result = []
    for p in pages:
        event = events[p.translation_key]
        image = p.hero_image.get_rendition(CARD_RENDITION) if p.hero_image is not None else None
        left = seats.get(event.pk, event.capacity) if with_seats else None
        result.append(EventCard(p, event, left, dates.when(event, language), image))
    return result


def upcoming(*, locale, limit: int | None = None, now=None) -> list[EventCard]:
    """Live public events of `locale` (a Locale or a language code) not yet ended, soonest
    first, as cards. Declares `cache.EVENTS` and the seats of each card."""
    depends_on(cache.EVENTS)
    locale = _locale(locale)
    if locale is None:
        return []
    now = now or timezone.now()
    if limit is not None:
        pages = soonest_pages(locale, now=now, limit=limit)
    else:
        pages = upcoming_pages_of(locale, now=now)
    return cards(pages, language=_language(locale), now=now)


def upcoming_pages_of(locale: Locale, *, now):
    """The queryset of live public pages of `locale` whose event has not ended, soonest first
    (paginate it, then `cards`)."""
    return _pages(locale, Event.objects.filter(ends_at__gt=now)).order_by("starts_at", "pk")


def past(*, locale, now=None):
    """The queryset of live public pages of `locale` whose event has ended, latest first
    (paginate it, then `cards(…, with_seats=False)`)."""
    depends_on(cache.EVENTS)
    locale = _locale(locale)
    now = now or timezone.now()
    return _pages(locale, Event.objects.filter(ends_at__lte=now)).order_by("-starts_at", "-pk")


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    today: bool
    label: str  # the full date, for screen readers
    events: list[EventCard] = field(default_factory=list)


@dataclass
class MonthGrid:
    year: int
    month: int
    title: str
    weekdays: list[tuple[str, str]]
    weeks: list[list[CalendarDay]]
    previous: tuple[int, int] | None  # (year, month), None outside the range
    next: tuple[int, int] | None
    cards: list[EventCard]  # the month's events, soonest first

    @property
    def count(self) -> int:
        return len(self.cards)


def _shift(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def month_in_range(year: int, month: int, now=None) -> bool:
    today = dates.local_day(now or timezone.now())
    distance = (year * 12 + month) - (today.year * 12 + today.month)
    return abs(distance) <= CALENDAR_RANGE_MONTHS


def month(*, locale, year: int, month: int, now=None) -> MonthGrid:
    """The month `year`-`month` in Vietnam time, Monday-first weeks, each event on every local
    day it covers. A month more than two years away is a 404 (an unbounded crawl space)."""
    now = now or timezone.now()
    if not (1 <= month <= 12) or not month_in_range(year, month, now):
        raise Http404
    depends_on(cache.EVENTS)
    locale = _locale(locale)
    language = _language(locale)
    first = date(year, month, 1)
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    start_utc = datetime(year, month, 1, tzinfo=HCM)
    end_utc = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=HCM)
    in_month = Event.objects.filter(starts_at__lt=end_utc, ends_at__gt=start_utc)
    month_cards = cards(_pages(locale, in_month).order_by("starts_at", "pk"), language=language)
    by_day: dict[date, list[EventCard]] = {}
    for card in month_cards:
        day = dates.local_day(card.event.starts_at)
        # The last instant is exclusive: an event ending at midnight does not cover the next day.
        last_day = dates.local_day(card.event.ends_at - timedelta(microseconds=1))
        while day <= last_day:
            by_day.setdefault(day, []).append(card)
            day += timedelta(days=1)
    today = dates.local_day(now)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                CalendarDay(
                    day,
                    day.month == month,
                    day == today,
                    dates.day(day, language),
                    by_day.get(day, []) if first <= day <= last else [],
                )
                for day in week
            ]
        )
    previous, following = _shift(year, month, -1), _shift(year, month, 1)
    return MonthGrid(
        year=year,
        month=month,
        title=dates.month_title(year, month, language),
        weekdays=dates.weekday_names(language),
        weeks=weeks,
        previous=previous if month_in_range(*previous, now) else None,
        next=following if month_in_range(*following, now) else None,
        cards=month_cards,
    )


def event_page_by_slug(*, language: str, slug: str) -> EventPage | None:
    """The live public event page of `language` with this slug (one events index per
    language, so the slug is unique)."""
    locale = locale_for(language)
    if locale is None:
        return None
    return public(EventPage.objects.live()).filter(locale_id=locale.pk, slug=slug).first()


# -- contexts of the index's routes ----------------------------------------------------------


def _home_of(page: Page) -> Page:
    routed = {a.path: a for a in getattr(page, "routed_ancestors", ())}
    home_path = page.path[: Page.steplen * 2]
    if home_path in routed:
        return routed[home_path]
    return Page.objects.get(path=home_path)


def sub_route_url(index: EventIndexPage, name: str) -> str:
    return index.url + index.route_word(name) + "/"


def _sub_route_alternates(index: EventIndexPage, name: str, query: dict | None = None) -> dict:
    """{language: URL} of a sub-route of the index in each language of the index: the other
    index's URL joined to that language's own route word (never `translate_url`)."""
    alternates = {}
    for language, url in index.live_translations().items():
        words = ROUTE_WORDS.get(language, ROUTE_WORDS["vi"])
        alternates[language] = url + words[name] + "/"
        if query:
            alternates[language] += "?" + "&".join(
                f"{MONTH_PARAM[language] if key == 'month' else key}={value}"
                for key, value in query.items()
            )
    return alternates


def _index_links(index: EventIndexPage) -> dict:
    return {
        "upcoming_url": index.url,
        "past_url": sub_route_url(index, "past"),
        "calendar_url": sub_route_url(index, "calendar"),
        "calendar_ics_url": reverse("events:calendar_ics"),
    }


def index_context(*, page: EventIndexPage, request) -> dict:
    home = _home_of(page)
    breadcrumbs = [(home.title, home.url)]
    depends_on(cache.EVENTS)
    now = timezone.now()
    page_obj = CappedPaginator(
        upcoming_pages_of(page.locale, now=now), UPCOMING_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    page_obj.object_list = cards(page_obj.object_list, language=_language(page.locale), now=now)
    return {
        "cards": page_obj.object_list,
        "page_obj": page_obj,
        "breadcrumbs": breadcrumbs,
        "structured_data": [breadcrumb_list(breadcrumbs, (page.title, page.url))],
        "events_tab": "upcoming",
        **_index_links(page),
    }


def past_context(*, page: EventIndexPage, request) -> dict:
    language = _language(page.locale)
    home = _home_of(page)
    page_obj = CappedPaginator(past(locale=page.locale), PAST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page_obj.object_list = cards(page_obj.object_list, language=language, with_seats=False)
    breadcrumbs = [(home.title, home.url), (page.title, page.url)]
    title = _("Past events")
    return {
        "cards": page_obj.object_list,
        "page_obj": page_obj,
        "listing_title": title,
        "breadcrumbs": breadcrumbs,
        "alternates": _sub_route_alternates(page, "past"),
        "structured_data": [breadcrumb_list(breadcrumbs, (title, request.path))],
        "events_tab": "past",
        **_index_links(page),
    }


def requested_month(request, now=None) -> tuple[int, int]:
    """(year, month) of `?thang=` or `?month=` (either language's word), else this month in
    Vietnam; anything else than YYYY-MM is a 404."""
    value = next((request.GET[key] for key in MONTH_PARAMS if key in request.GET), None)
    if value is None:
        today = dates.local_day(now or timezone.now())
        return today.year, today.month
    year, sep, month_ = value.partition("-")
    if not (sep and len(year) == 4 and len(month_) == 2 and year.isdigit() and month_.isdigit()):
        raise Http404
    return int(year), int(month_)


def calendar_context(*, page: EventIndexPage, request) -> dict:
    language = _language(page.locale)
    home = _home_of(page)
    year, month_ = requested_month(request)
    grid = month(locale=page.locale, year=year, month=month_)
    base = sub_route_url(page, "calendar")
    param = MONTH_PARAM[language]

    def link(value):
        return f"{base}?{param}={value[0]:04d}-{value[1]:02d}" if value else ""

    breadcrumbs = [(home.title, home.url), (page.title, page.url)]
    title = _("Events calendar")
    query = (
        {"month": f"{year:04d}-{month_:02d}"}
        if any(k in request.GET for k in MONTH_PARAMS)
        else None
    )
    return {
        "grid": grid,
        "previous_url": link(grid.previous),
        "next_url": link(grid.next),
        "listing_title": title,
        "breadcrumbs": breadcrumbs,
        "alternates": _sub_route_alternates(page, "calendar", query),
        "structured_data": [breadcrumb_list(breadcrumbs, (title, request.path))],
        "noindex": True,
        "events_tab": "calendar",
        **_index_links(page),
    }


# -- one event page --------------------------------------------------------------------------


@dataclass
class RegistrationWindow:
    """Where registration stands for everyone (no viewer): `state` is one of "open", "full"
    (open, the waiting list), "not_yet", "closed", "cancelled", "postponed", "ended"."""

    state: str
    opens_text: str
    closes_text: str
    url: str


def registration_state(event: Event, *, seats_left: int, now) -> str:
    if event.status == EventStatus.CANCELLED:
        return "cancelled"
    if event.ends_at <= now:
        return "ended"
    if event.status == EventStatus.POSTPONED:
        return "postponed"
    if now >= event.closes_at() or not event.listed:  # unlisted: as services._check_open
        return "closed"
    opens = event.opens_at()
    if opens is not None and now < opens:
        return "not_yet"
    return "full" if seats_left <= 0 else "open"


def _ancestors(page: EventPage) -> tuple[Page, Page]:
    routed = {a.path: a for a in getattr(page, "routed_ancestors", ())}
    steps = [page.path[: Page.steplen * depth] for depth in (2, 3)]
    if all(step in routed for step in steps):
        return routed[steps[0]], routed[steps[1]]
    home, index = Page.objects.filter(path__in=steps).order_by("depth")[:2]
    return home, index


def viewer_registration(*, event: Event, user):
    """The signed-in reader's active registration for `event`, else their latest one."""
    if user is None or not user.is_authenticated or event.pk is None:
        return None
    rows = list(event.registrations.filter(user=user).order_by("-created_at", "-pk")[:5])
    active = [row for row in rows if row.status in ACTIVE]
    found = active or rows
    return found[0] if found else None


def event_page_context(*, page: EventPage, request) -> dict:
    """Everything the event page shows beside the page's own fields; constant queries whatever
    the number of speakers, partners, photos or materials."""
    from ..structured_data import event_ld

    preview = bool(getattr(request, "is_preview", False))
    event = page.facts(preview=preview)
    language = _language(page.locale)
    now = timezone.now()
    if event.pk is not None:
        seats_left = registrations.seats_left(event=event, now=now)
        depends_on(cache.seats(event.pk))
    else:
        seats_left = event.capacity
    ended = event.ends_at <= now

    speakers = list(page.speakers.select_related("photo"))
    organisers = [link.organiser for link in page.organiser_links.select_related("organiser__logo")]
    sponsor_links = list(page.sponsor_links.select_related("sponsor__logo"))
    photos = list(page.photos.select_related("image")) if ended else []
    materials = list(page.materials.select_related("document")) if ended else []
    brokers = [
        link.broker
        for link in page.broker_links.select_related("broker")
        if not getattr(link.broker, "hidden", False)
    ]
    article_ids = list(page.article_links.values_list("article_id", flat=True))
    from infofinance.news import selectors as news_selectors

    articles = news_selectors.cards_by_ids(article_ids) if article_ids else []
    images = [
        page.hero_image,
        *(s.photo for s in speakers),
        *(o.logo for o in organisers),
        *(link.sponsor.logo for link in sponsor_links),
        *(p.image for p in photos),
    ]
    images = [image for image in images if image is not None]
    if images:
        prefetch_related_objects(images, "renditions")
    hero = page.hero_image.get_rendition("width-1200") if page.hero_image else None
    depends_on(
        *(cache.partner("organiser", o.pk) for o in organisers),
        *(cache.partner("sponsor", link.sponsor_id) for link in sponsor_links),
        *(cache_tags.page(pk) for pk in article_ids),
        *(cache_tags.broker(b.pk) for b in brokers),
    )

    home, index = _ancestors(page)
    breadcrumbs = [(home.title, home.url), (index.title, index.url)]
    register_url = reverse_in(language, "events:register", slug=page.slug)
    state = registration_state(event, seats_left=seats_left, now=now)
    structured = [
        event_ld(
            page,
            event,
            seats_left=seats_left,
            language=language,
            register_url=register_url,
            organisers=organisers,
            speakers=speakers,
            image_urls=[hero.url] if hero else [],
            now=now,
        ),
        breadcrumb_list(breadcrumbs, (page.title, page.url)),
    ]
    context = {
        "event": event,
        "when": dates.when(event, language),
        "seats_left": max(seats_left, 0),
        "registration": RegistrationWindow(
            state=state,
            opens_text=dates.moment(event.opens_at(), language) if event.opens_at() else "",
            closes_text=dates.moment(event.closes_at(), language),
            url=register_url,
        ),
        "ended": ended,
        "speakers": [
            (s, s.photo.get_rendition("fill-160x160") if s.photo else None) for s in speakers
        ],
        "organisers": [
            (o, o.logo.get_rendition("max-240x80") if o.logo else None) for o in organisers
        ],
        "sponsors": [
            (link, link.sponsor.logo.get_rendition("max-240x80") if link.sponsor.logo else None)
            for link in sponsor_links
        ],
        "agenda_days": agenda_days(page.agenda, language),
        "agenda_zone": "" if event.time_zone in dates.VIETNAM_ZONES else event.time_zone,
        "articles": articles,
        "brokers": [(b, reverse("brokers:detail", kwargs={"slug": b.slug})) for b in brokers],
        "photos": [
            (p, p.image.get_rendition("fill-480x320"), p.image.get_rendition("width-1200"))
            for p in photos
        ],
        "materials": materials,
        "hero": hero,
        "meta_image": hero.url if hero else None,
        "breadcrumbs": breadcrumbs,
        "index_page": index,
        "structured_data": structured,
        "description_text": page.search_description or page.summary,
        "language": language,
        "viewer": None,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and not preview:
        context["viewer"] = _viewer(event=event, user=user, language=language)
    return context


def agenda_days(agenda, language: str) -> list[dict]:
    """The agenda's days and items with their dates and times formatted (times as printed in
    the programme, in the event's own zone)."""
    days = []
    for block in agenda or []:
        value = block.value
        items = [
            {
                "starts": dates.time_of_day(item["starts"], language),
                "ends": dates.time_of_day(item.get("ends"), language),
                "title": item["title"],
                "speaker": item.get("speaker") or "",
                "description": item.get("description") or "",
            }
            for item in value.get("items") or []
        ]
        day = value.get("day")
        days.append({"label": dates.day(day, language) if day else "", "items": items})
    return days


@dataclass
class Viewer:
    registration: object
    ticket_url: str
    join_url: str  # the join link, for an attendee holding a seat of an online event


def _viewer(*, event: Event, user, language: str) -> Viewer | None:
    from .. import tickets

    registration = viewer_registration(event=event, user=user)
    if registration is None or registration.status not in ACTIVE:
        return Viewer(registration, "", "") if registration is not None else None
    ticket_url = reverse_in(language, "events:ticket", token=tickets.manage_token(registration))
    join = event.online_url if event.is_online and registration.status == Status.CONFIRMED else ""
    return Viewer(registration, ticket_url, join)


def ticket_page_for(*, event: Event, language: str) -> EventPage | None:
    """The live page of `event` in `language`, else in any language."""
    pages = list(
        EventPage.objects.live()
        .filter(translation_key=event.translation_key)
        .select_related("locale")
    )
    for candidate in pages:
        if candidate.locale.language_code == language:
            return candidate
    return pages[0] if pages else None


def pages_by_key(keys, *, language: str) -> dict:
    """{translation key: live page}, the page of `language` where there is one, else any."""
    pages: dict = {}
    for page in EventPage.objects.live().filter(translation_key__in=keys).select_related("locale"):
        current = pages.get(page.translation_key)
        if current is None or page.locale.language_code == language:
            pages[page.translation_key] = page
    return pages
