"""Which cached pages the events' changes make stale (registered with the page cache from
EventsConfig.ready()), the tags event pages declare, and the time-driven moves.

- An event page moves its own tags, the listings (`EVENTS`: index, past, calendar, home block,
  feeds) and the chips of the articles and the broker pages it links to.
- The shared `Event` row (facts, status) moves its translation group, its seats and the lists.
- A registration moves `seats(event)` only: its event's pages and the cards showing its seats.
  Every other event's page stays cached.
- Organisers and sponsors move `partner(kind, pk)`, declared by the pages showing them; the
  inline rows of a page move that page.
- Time moves what a page shows too (registration opens or closes, the event starts or ends):
  `move_due_boundaries()`, a periodic job, moves the events whose `next_boundary_at` passed."""

from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from infofinance.core.signals import content_changed
from infofinance.fastpath import sitecache
from infofinance.pagecache import registry, tags

# The index, past and calendar listings, the home block, the RSS and iCalendar feeds.
EVENTS = tags.of_app("events", "list")
# The month views' parameter, in each language (the newsroom registers `page`).
PARAMS = ("thang", "month")
# {article_id: [(title, url, starts_iso)]} of the upcoming events linking to each article, per
# language: read with the request's other site-wide values, so the chip costs no query.
CHIPS_KEY = "events:chips:v1:{language}"
sitecache.register(CHIPS_KEY)


def seats(event_id) -> str:
    """What shows an event's seats or status: its pages and the cards naming it."""
    return tags.of_app("events", "seats", event_id)


def chip(article_id) -> str:
    """The "Event: …" chip under an article linked from an upcoming event."""
    return tags.of_app("eventchip", article_id)


def partner(kind, pk) -> str:
    """An organiser or sponsor (`kind` "organiser" or "sponsor"), shown on event pages."""
    return tags.of_app("events", kind, pk)


def forget_chips() -> None:
    """Drop the chips' value now, and again at commit: a render in between read the old rows
    and may have stored them again."""
    sitecache.forget(CHIPS_KEY)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: sitecache.forget(CHIPS_KEY))


# -- what the links of a group of pages reach ----------------------------------------------------


def _linked(page_ids) -> set[str]:
    """The chips of the articles and the pages of the brokers these event pages link to."""
    from .models import EventArticleLink, EventBrokerLink

    found = {
        chip(article_id)
        for article_id in EventArticleLink.objects.filter(page_id__in=page_ids).values_list(
            "article_id", flat=True
        )
    }
    found |= {
        tags.broker(broker_id)
        for broker_id in EventBrokerLink.objects.filter(page_id__in=page_ids).values_list(
            "broker_id", flat=True
        )
    }
    return found


def _group_pages(translation_keys) -> list[int]:
    from .models import EventPage

    return list(
        EventPage.objects.filter(translation_key__in=list(translation_keys)).values_list(
            "pk", flat=True
        )
    )


# -- pages ---------------------------------------------------------------------------------------


def page_before(page, deleted) -> set[str]:
    """The articles and brokers linked before a save: a link removed by this publication still
    shows its chip until it moves."""
    return _linked([page.pk])


def page_changed(page, created, deleted, before) -> set[str]:
    # `page` may be a plain Page (Wagtail's scheduled publishing saves one): ids only.
    forget_chips()
    return tags.of_page(page) | {EVENTS} | (before or set()) | _linked([page.pk])


def page_moved(page, parent, before) -> set[str]:
    return page_changed(page, created=False, deleted=False, before=before)


def row_changed(row, created, deleted) -> set[str]:
    """A speaker, question, photo, material, organiser or sponsor link: its page."""
    return {tags.page(row.page_id)}


def article_link_changed(link, created, deleted) -> set[str]:
    forget_chips()
    return {tags.page(link.page_id), chip(link.article_id)}


def broker_link_changed(link, created, deleted) -> set[str]:
    return {tags.page(link.page_id), tags.broker(link.broker_id)}


def partner_changed(partner_, created, deleted) -> set[str]:
    return {partner(partner_._meta.model_name, partner_.pk)}


# -- the shared rows -----------------------------------------------------------------------------


def event_changed(event, created, deleted) -> set[str]:
    """Facts and status render from the Event row: every page of its group, the lists and the
    chips (they show its date)."""
    return events_changed([event.pk], found=[event])


def events_changed(pks, *, found=None) -> set[str]:
    from .models import Event

    events = (
        found
        if found is not None
        else list(Event.objects.filter(pk__in=list(pks)).only("pk", "translation_key"))
    )
    if not events:
        return {EVENTS}
    forget_chips()
    moved = {EVENTS}
    for event in events:
        moved |= {tags.translations(event.translation_key), seats(event.pk)}
    return moved | _linked(_group_pages(event.translation_key for event in events))


def registration_changed(registration, created, deleted) -> set[str]:
    return {seats(registration.event_id)}


def registrations_changed(pks) -> set[str]:
    from .models import Registration

    return {
        seats(event_id)
        for event_id in Registration.objects.filter(pk__in=list(pks))
        .values_list("event_id", flat=True)
        .distinct()
    }


def register() -> None:
    from .models import (
        CheckIn,
        Event,
        EventArticleLink,
        EventBrokerLink,
        EventChange,
        EventMaterial,
        EventOrganiserLink,
        EventPage,
        EventPhoto,
        EventQuestion,
        EventSpeaker,
        EventSponsorLink,
        Organiser,
        Registration,
        Sponsor,
    )

    registry.register(EventPage, page_changed, before=page_before, moved=page_moved)
    registry.register(Event, event_changed, bulk=events_changed)
    registry.register(Registration, registration_changed, bulk=registrations_changed)
    for model in (
        EventSpeaker,
        EventOrganiserLink,
        EventSponsorLink,
        EventQuestion,
        EventPhoto,
        EventMaterial,
    ):
        registry.register(model, row_changed)
    registry.register(EventArticleLink, article_link_changed)
    registry.register(EventBrokerLink, broker_link_changed)
    registry.register(Organiser, partner_changed)
    registry.register(Sponsor, partner_changed)
    registry.register_bookkeeping(CheckIn, EventChange)
    registry.register_params(*PARAMS)


# -- time ----------------------------------------------------------------------------------------


def next_boundary(event, now: datetime | None = None) -> datetime | None:
    """The next instant after `now` at which what a page shows of `event` changes without a
    write: registration opens or closes, the event starts or ends (None: all passed)."""
    now = now or timezone.now()
    instants = (
        event.registration_opens_at,
        event.registration_closes_at,
        event.starts_at,
        event.ends_at,
    )
    upcoming = [instant for instant in instants if instant is not None and instant > now]
    return min(upcoming) if upcoming else None


def move_due_boundaries(now=None) -> int:
    """Move the pages of every event a boundary passed for, and set its next one. Returns how
    many events moved. Safe to run twice: an event moves only once per boundary (its
    `next_boundary_at` is then later), and a second run finds nothing due."""
    from .models import Event

    now = now or timezone.now()
    due = list(
        Event.objects.filter(next_boundary_at__lte=now).only(
            "pk",
            "translation_key",
            "registration_opens_at",
            "registration_closes_at",
            "starts_at",
            "ends_at",
            "next_boundary_at",
        )
    )
    if not due:
        return 0
    with transaction.atomic():
        for event in due:
            # Conditional on the value read: a publication meanwhile set its own.
            Event.objects.filter(pk=event.pk, next_boundary_at=event.next_boundary_at).update(
                next_boundary_at=next_boundary(event, now)
            )
        content_changed.send(sender=Event, pks=[event.pk for event in due])
    return len(due)
