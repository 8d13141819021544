"""Builders for the events tests: the index pages, an event in both languages (published, so the
shared Event row is synced from the Vietnamese page), readers and registrations made through the
services the site uses."""

from datetime import datetime, timedelta
from itertools import count

from django.contrib.auth import get_user_model
from django.utils import timezone

from infofinance.events import services, setup
from infofinance.events.models import Event, EventPage, EventQuestion
from infofinance.home.services import add_page, ensure_site_structure

_numbers = count(1)


def index_pages(structure=None) -> dict:
    """{language: EventIndexPage}, created once under the home pages."""
    if structure is None:
        ensure_site_structure()
    return setup.ensure_index_pages()


def _questions(specs, language: str) -> list[EventQuestion]:
    rows = []
    for spec in specs or ():
        label = spec.get(f"label_{language}") or spec.get("label") or spec["key"]
        rows.append(
            EventQuestion(
                key=spec["key"],
                kind=spec.get("kind", "text"),
                label=label,
                help_text=spec.get("help_text", ""),
                choices=spec.get(f"choices_{language}") or spec.get("choices", ""),
                required=spec.get("required", False),
            )
        )
    return rows


def make_event(
    structure=None,
    *,
    title: str | None = None,
    title_en: str | None = None,
    capacity: int = 50,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    attendance: str = "in_person",
    zone: str = "Asia/Ho_Chi_Minh",
    questions=(),
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    offer_hours: int | None = None,
    english: bool = True,
    live: bool = True,
    **fields,
) -> Event:
    """A published event in Vietnamese (the source page) and, unless `english=False`, its
    English translation; returns the shared Event row with `.pages = {language: EventPage}`.
    `questions`: dicts with key, kind, label (or label_vi / label_en), choices ("code = label"
    lines), required."""
    pages = index_pages(structure)
    number = next(_numbers)
    starts_at = starts_at or (timezone.now() + timedelta(days=7)).replace(
        minute=0, second=0, microsecond=0
    )
    ends_at = ends_at or starts_at + timedelta(hours=2, minutes=30)
    title = title or f"Hội thảo đầu tư số {number}"
    facts = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "time_zone": zone,
        "attendance": attendance,
        "capacity": capacity,
        "registration_opens_at": opens_at,
        "registration_closes_at": closes_at,
    }
    if offer_hours is not None:
        facts["offer_hours"] = offer_hours
    if attendance in ("in_person", "mixed"):
        facts.update(
            venue_name="Khách sạn Melia",
            street_address="44 Lý Thường Kiệt",
            locality="Hà Nội",
        )
    if attendance in ("online", "mixed"):
        facts["online_url"] = "https://meet.example.com/hoi-thao"
    facts.update(fields)
    vi = EventPage(
        title=title,
        slug=f"hoi-thao-dau-tu-{number}",
        summary="Buổi hội thảo về đầu tư chứng khoán cho nhà đầu tư cá nhân.",
        locale=pages["vi"].locale,
        **facts,
    )
    vi.questions = _questions(questions, "vi")
    add_page(pages["vi"], vi, live=live)
    made = {"vi": vi}
    if english and "en" in pages:
        en = EventPage(
            title=title_en or f"Investment seminar {number}",
            slug=f"investment-seminar-{number}",
            summary="A seminar on stock investing for individual investors.",
            locale=pages["en"].locale,
            **facts,
        )
        en.questions = _questions(questions, "en")
        add_page(pages["en"], en, translation_of=vi, live=live)
        made["en"] = en
    event = Event.objects.filter(translation_key=vi.translation_key).first()
    if event is None:  # a draft: nothing synced
        event = Event(translation_key=vi.translation_key, **facts)
    event.pages = made
    return event


def republish(page: EventPage, **changes) -> Event:
    """Publish a new revision of `page` with `changes` (facts, title…): the Event follows."""
    page = EventPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return Event.objects.get(translation_key=page.translation_key)


def make_reader(email: str | None = None, *, verified: bool = True, name: str = "Nguyễn Văn An"):
    """An account as allauth's mandatory verification leaves it (`verified=False`: an address
    never confirmed)."""
    from allauth.account.models import EmailAddress

    number = next(_numbers)
    email = email or f"reader{number}@example.com"
    user = get_user_model().objects.create_user(
        username=f"{email.split('@')[0]}-{number}",
        email=email,
        password="x-Secret-123",
        display_name=name,
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def register_guest(
    event: Event,
    *,
    email: str | None = None,
    name: str = "Trần Thị Bình",
    language: str = "vi",
    answers=None,
) -> services.Outcome:
    email = email or f"guest{next(_numbers)}@example.com"
    return services.register(
        event,
        user=None,
        name=name,
        email=email,
        language=language,
        answers=answers or {},
        source="guest",
    )


def register_reader(
    event: Event, *, user=None, language: str = "vi", answers=None, email: str = ""
) -> services.Outcome:
    user = user or make_reader()
    return services.register(
        event,
        user=user,
        name=getattr(user, "display_name", "") or user.get_username(),
        email=email or user.email,
        language=language,
        answers=answers or {},
        source="reader",
    )


def one_seat_and_a_queue(structure, *, waiting: int = 1, clock=None, **fields):
    """An event of one seat held by a reader and `waiting` guests queued behind: (event, the
    holder's registration, [the waiting registrations]). With a frozen `clock`, each guest
    registers a second after the one before (the queue is ordered by time)."""
    event = make_event(structure, capacity=1, **fields)
    holder = register_reader(event).registration
    queue = []
    for n in range(waiting):
        if n and clock is not None:
            clock.tick(timedelta(seconds=1))
        queue.append(register_guest(event).registration)
    return event, holder, queue


def fill(event: Event, seats: int | None = None) -> list:
    """`seats` (all by default) confirmed guests added by staff."""
    seats = event.capacity if seats is None else seats
    return [
        services.staff_add(
            event,
            name=f"Khách {n}",
            email=f"full{next(_numbers)}@example.com",
            language="vi",
            by=None,
        ).registration
        for n in range(seats)
    ]
