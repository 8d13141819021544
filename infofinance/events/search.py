"""The site search's events: live public event pages in their language, with the body, the
agenda's titles and the speakers' names as text, and the organisers', sponsors' and city's
names as keywords. Dated by when the event starts (the shared row's time, which a reschedule
moves). Registered from EventsConfig.ready(); publishing, unpublishing and deleting a page
reindex it (search/signals.py), and so does a change of its shared row."""

from typing import cast

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy as _

from infofinance.core.locales import language_of
from infofinance.core.restrictions import public
from infofinance.search import index
from infofinance.search.index import Document
from infofinance.search.sources import stream_text

from .models import Event, EventOrganiserLink, EventPage, EventSponsorLink


def live_public_event_pages():
    shared = Event.objects.filter(translation_key=OuterRef("translation_key"))
    return (
        public(EventPage.objects.live())
        .annotate(
            event_starts=Subquery(shared.values("starts_at")[:1]),
            event_locality=Subquery(shared.values("locality")[:1]),
        )
        .prefetch_related(
            "speakers",
            Prefetch(
                "organiser_links", queryset=EventOrganiserLink.objects.select_related("organiser")
            ),
            Prefetch("sponsor_links", queryset=EventSponsorLink.objects.select_related("sponsor")),
        )
    )


def agenda_titles(page) -> str:
    titles = []
    for day in page.agenda:
        for item in day.value.get("items") or []:
            titles.append(item.get("title") or "")
            if item.get("speaker"):
                titles.append(item["speaker"])
    return " ".join(title for title in titles if title)


def event_documents(page):
    speakers = " ".join(speaker.name for speaker in page.speakers.all())
    partners = [link.organiser.name for link in page.organiser_links.all()]
    partners += [link.sponsor.name for link in page.sponsor_links.all()]
    locality = getattr(page, "event_locality", None) or page.locality
    yield Document(
        kind="event",
        object_id=page.pk,
        language=language_of(page.locale_id),
        title=page.title,
        summary=page.summary or "",
        body=" ".join(
            part for part in (stream_text(page.body), agenda_titles(page), speakers) if part
        ),
        keywords=" ".join(part for part in (*partners, locality) if part),
        published_at=getattr(page, "event_starts", None) or page.starts_at,
    )


def event_url(page, language):
    return page.url


def reindex_group(sender, instance, **kwargs):
    """A reschedule or a move online changes the shared row only: its pages' documents follow
    (they are dated by the event's start)."""
    pages = EventPage.objects.filter(translation_key=instance.translation_key)
    index.update("event", *pages.values_list("pk", flat=True))


def register() -> None:
    from django.db.models.signals import post_save

    index.register(
        "event",
        live_public_event_pages,
        event_documents,
        url=event_url,
        label=cast(str, _("Events")),  # a lazy string: translated when the tab is shown
        order_by=("starts_at", "id"),
    )
    index.follow_pages(EventPage, "event")
    post_save.connect(reindex_group, sender=Event, dispatch_uid="site-search-event-row")
