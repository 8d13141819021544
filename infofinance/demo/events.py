"""Demo events, written for this project (content/events.json): a full seminar in Hà Nội with
its waiting list, an online webinar, a two-day workshop in TP. Hồ Chí Minh, a forum in Singapore
(another zone), and three past events with photos and materials; organisers and sponsors with
generated logos. Times are relative to the load; registrations are demo attendees at
`demo.infofinance.example`. Loaded by `manage.py load_demo` only when no event exists yet."""

import io
import json
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale

from infofinance.brokers.models import Broker
from infofinance.core.slugs import ascii_slug
from infofinance.events import setup, tickets
from infofinance.events.models import (
    Event,
    EventArticleLink,
    EventBrokerLink,
    EventIndexPage,
    EventMaterial,
    EventOrganiserLink,
    EventPage,
    EventPhoto,
    EventQuestion,
    EventSpeaker,
    EventSponsorLink,
    Organiser,
    Registration,
    Source,
    Status,
)
from infofinance.home.services import add_page
from infofinance.images.models import CustomImage
from infofinance.news.models import ArticlePage

from . import images
from .services import CONTENT_DIR, PHOTO_CREDIT, read_content

DATA = json.loads((CONTENT_DIR / "events.json").read_text(encoding="utf-8"))
DOMAIN = "demo.infofinance.example"
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hạnh", "Khánh", "Linh", "Minh", "Nam", "Phương")


def has_events() -> bool:
    return Event.objects.exists()


class EventLoader:
    def __init__(self, now: datetime):
        self.now = now
        self.collection = Collection.get_first_root_node()
        self.locales = {
            language: Locale.objects.get(language_code=language) for language in ("vi", "en")
        }
        self.indexes = {
            language: EventIndexPage.objects.get(locale=self.locales[language])
            for language in ("vi", "en")
        }
        self.partners: dict[tuple[str, str], Any] = {}
        articles, _pages = read_content()
        self.article_titles = {
            (language, article["key"]): article[language]["title"]
            for article in articles
            for language in ("vi", "en")
            if article.get(language)
        }
        self.attendees = 0

    def image(self, data: bytes, name: str, title: str, alt: str, language: str) -> CustomImage:
        image = CustomImage(
            title=title[:255],
            alt_text=alt[:255],
            credit=PHOTO_CREDIT[language],
            licence="CC BY 4.0",
            collection=self.collection,
        )
        image.file = ImageFile(io.BytesIO(data), name=name)
        image.save()
        return image

    def create_partners(self) -> None:
        from infofinance.events.models import Sponsor

        for kind, model in (("organisers", Organiser), ("sponsors", Sponsor)):
            for item in DATA[kind]:
                picture = images.illustration(item["motif"], item["slug"], item["name"])
                logo = self.image(
                    picture, f"{item['slug']}-logo.jpg", item["name"], item["name"], "vi"
                )
                self.partners[(kind, item["slug"])] = model.objects.create(
                    name=item["name"],
                    slug=item["slug"],
                    logo=logo,
                    website=item["website"],
                    description_vi=item["vi"],
                    description_en=item["en"],
                )

    def times(self, data: dict[str, Any]) -> tuple[datetime, datetime]:
        zone = ZoneInfo(data["zone"])
        day = self.now.astimezone(zone).date() + timedelta(days=data["starts_in_days"])
        start = datetime.combine(day, time.fromisoformat(data["start"]), tzinfo=zone)
        return start, start + timedelta(hours=data["hours"])

    def agenda(self, data: dict[str, Any], language: str, start: datetime) -> list[dict[str, Any]]:
        if not data["agenda"]:
            return []
        items = [
            {
                "type": "item",
                "value": {
                    "starts": starts,
                    "ends": ends,
                    "title": title[language],
                    "speaker": speaker,
                    "description": "",
                },
            }
            for starts, ends, title, speaker in data["agenda"]
        ]
        if data["hours"] > 24:  # one day each
            return [
                {
                    "type": "day",
                    "value": {
                        "day": (start.date() + timedelta(days=number)).isoformat(),
                        "items": [item["value"]],
                    },
                }
                for number, item in enumerate(items)
            ]
        return [
            {
                "type": "day",
                "value": {
                    "day": start.date().isoformat(),
                    "items": [item["value"] for item in items],
                },
            }
        ]

    def document(self, material: dict[str, Any], language: str, key: str):
        document = get_document_model()(title=material[language], collection=self.collection)
        text = material[f"text_{language}"].encode()
        document.file.save(f"{key}-{language}.txt", ContentFile(text), save=False)
        document.save()
        return document

    def create_event(self, data: dict[str, Any]) -> EventPage:
        starts, ends = self.times(data)
        source = None
        hero_picture = images.illustration(data["motif"], data["key"])
        for language in ("vi", "en"):
            text = data[language]
            hero = self.image(
                hero_picture,
                f"{data['key']}-{language}.jpg",
                text["title"],
                text["title"],
                language,
            )
            page = EventPage(
                title=text["title"],
                slug=ascii_slug(text["title"], 100),
                locale=self.locales[language],
                summary=text["summary"],
                hero_image=hero,
                body=text["body"],
                agenda=self.agenda(data, language, starts),
                starts_at=starts,
                ends_at=ends,
                time_zone=data["zone"],
                attendance=data["attendance"],
                venue_name=data["venue"],
                street_address=data["street"],
                locality=data["locality"],
                region=data["region"],
                country=data["country"],
                map_url=data["map"],
                online_url=data["online"],
                capacity=data["capacity"],
            )
            page.speakers = [
                EventSpeaker(
                    name=speaker["name"],
                    role=speaker[language],
                    organisation=speaker["organisation"],
                )
                for speaker in data["speakers"]
            ]
            page.organiser_links = [
                EventOrganiserLink(organiser=self.partners[("organisers", slug)])
                for slug in data["organisers"]
            ]
            tiers = {item["slug"]: item["tier"] for item in DATA["sponsors"]}
            page.sponsor_links = [
                EventSponsorLink(sponsor=self.partners[("sponsors", slug)], tier=tiers[slug])
                for slug in data["sponsors"]
            ]
            page.questions = [
                EventQuestion(
                    key=question["key"],
                    kind=question["kind"],
                    required=question["required"],
                    label=question[language]["label"],
                    choices=question[language]["choices"],
                )
                for question in data["questions"]
            ]
            articles = ArticlePage.objects.filter(
                locale=self.locales[language],
                title__in=[
                    self.article_titles[(language, key)]
                    for key in data["articles"]
                    if (language, key) in self.article_titles
                ],
            )
            page.article_links = [EventArticleLink(article=article) for article in articles]
            page.broker_links = [
                EventBrokerLink(broker=broker)
                for broker in Broker.objects.filter(name__in=data["brokers"])
            ]
            page.photos = [
                EventPhoto(
                    image=self.image(
                        images.illustration(photo["motif"], f"{data['key']}-{number}"),
                        f"{data['key']}-photo-{number}-{language}.jpg",
                        photo[language],
                        photo[language],
                        language,
                    ),
                    caption=photo[language],
                )
                for number, photo in enumerate(data.get("photos", []))
            ]
            page.materials = [
                EventMaterial(
                    title=material[language],
                    document=self.document(material, language, data["key"]),
                )
                for material in data.get("materials", [])
            ]
            add_page(self.indexes[language], page, translation_of=source)  # publishes: syncs
            source = source or page
        assert source is not None  # both languages' texts are in the file
        return source

    def attendee(self, event: Event, status: str, number: int) -> Registration:
        self.attendees += 1
        name = f"{FAMILY[self.attendees % len(FAMILY)]} {GIVEN[self.attendees % len(GIVEN)]}"
        registered = min(self.now, event.starts_at) - timedelta(days=3, minutes=number)
        registration = Registration(
            event=event,
            name=name,
            email=f"attendee{self.attendees}@{DOMAIN}",
            language="vi" if self.attendees % 4 else "en",
            source=Source.GUEST,
            status=status,
            created_at=registered,
            ticket_code=tickets.new_ticket_code(),
        )
        registration.token_digest = tickets.token_digest(tickets.manage_token(registration))
        if status == Status.CONFIRMED:
            registration.confirmed_at = registered
            if event.ends_at < self.now and self.attendees % 5:
                registration.checked_in_at = event.starts_at + timedelta(minutes=number % 20)
        else:
            registration.waiting_since = registered
        return registration

    def register_attendees(self, page: EventPage, data: dict[str, Any]) -> int:
        event = Event.objects.get(translation_key=page.translation_key)
        rows = [self.attendee(event, Status.CONFIRMED, n) for n in range(data["demo_confirmed"])]
        rows += [self.attendee(event, Status.WAITING, n) for n in range(data["demo_waiting"])]
        Registration.objects.bulk_create(rows)
        return len(rows)


@transaction.atomic
def load_events(*, now: datetime | None = None) -> str:
    """Every demo event, or none (one transaction); a no-op when events exist."""
    if has_events():
        return "demo events: the site already has events; nothing loaded"
    setup.ensure_index_pages()
    loader = EventLoader(now or timezone.now())
    loader.create_partners()
    registrations = 0
    for data in DATA["events"]:
        page = loader.create_event(data)
        registrations += loader.register_attendees(page, data)
    from infofinance.core.signals import content_changed

    content_changed.send(sender=Registration)  # bulk rows: the pages showing seats move
    return f"demo events loaded: {len(DATA['events'])} events, {registrations} registrations"
