"""JSON-LD of an event page (docs/design/events.md §6.3): one test per property the issue asks
for, from `structured_data.event_ld`, and the page's own script parsed as JSON."""

import json
import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from infofinance.events.models import Event, EventStatus, Organiser
from infofinance.events.structured_data import event_ld

STARTS = datetime(2026, 12, 12, 2, 0, tzinfo=UTC)
NOW = STARTS - timedelta(days=5)


def page(**overrides):
    values = {
        "title": "Hội thảo đầu tư chứng khoán",
        "url": "/su-kien/hoi-thao/",
        "summary": "Buổi hội thảo cho nhà đầu tư cá nhân.",
        "search_description": "",
        "first_published_at": STARTS - timedelta(days=30),
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def event(**overrides):
    values = {
        "starts_at": STARTS,
        "ends_at": STARTS + timedelta(hours=2, minutes=30),
        "attendance": "in_person",
        "venue_name": "Khách sạn Melia",
        "street_address": "44 Lý Thường Kiệt",
        "locality": "Hà Nội",
        "region": "Hoàn Kiếm",
        "postal_code": "100000",
        "country": "VN",
        "online_url": "https://meet.example.com/secret-room",
        "capacity": 40,
    }
    values.update(overrides)
    return Event(**values)


def ld(page_=None, event_=None, *, seats_left=10, now=NOW, **kwargs):
    return event_ld(
        page_ or page(),
        event_ or event(),
        seats_left=seats_left,
        language="vi",
        register_url="/su-kien/hoi-thao/dang-ky/",
        now=now,
        **kwargs,
    )


def test_type_and_name():
    data = ld()
    assert data["@type"] == "Event"
    assert data["name"] == "Hội thảo đầu tư chứng khoán"


def test_start_and_end_dates_carry_the_vietnam_offset():
    data = ld()
    assert data["startDate"] == "2026-12-12T09:00:00+07:00"
    assert data["endDate"] == "2026-12-12T11:30:00+07:00"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (EventStatus.SCHEDULED, "EventScheduled"),
        (EventStatus.POSTPONED, "EventPostponed"),
        (EventStatus.RESCHEDULED, "EventRescheduled"),
        (EventStatus.MOVED_ONLINE, "EventMovedOnline"),
        (EventStatus.CANCELLED, "EventCancelled"),
    ],
)
def test_event_status(status, expected):
    assert ld(event_=event(status=status))["eventStatus"] == f"https://schema.org/{expected}"


def test_a_rescheduled_event_names_its_previous_start():
    before = STARTS - timedelta(days=7)
    data = ld(event_=event(status=EventStatus.RESCHEDULED, previous_starts_at=before))
    assert data["previousStartDate"] == "2026-12-05T09:00:00+07:00"
    assert "previousStartDate" not in ld()


@pytest.mark.parametrize(
    ("attendance", "expected"),
    [
        ("in_person", "OfflineEventAttendanceMode"),
        ("online", "OnlineEventAttendanceMode"),
        ("mixed", "MixedEventAttendanceMode"),
    ],
)
def test_attendance_mode(attendance, expected):
    data = ld(event_=event(attendance=attendance))
    assert data["eventAttendanceMode"] == f"https://schema.org/{expected}"


def test_place_with_its_postal_address():
    location = ld()["location"]
    assert location == {
        "@type": "Place",
        "name": "Khách sạn Melia",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "44 Lý Thường Kiệt",
            "addressLocality": "Hà Nội",
            "addressRegion": "Hoàn Kiếm",
            "postalCode": "100000",
            "addressCountry": "VN",
        },
    }


def test_virtual_location_is_the_page_never_the_join_link():
    data = ld(event_=event(attendance="online"))
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "http://testserver/su-kien/hoi-thao/",
    }
    assert "secret-room" not in json.dumps(data)


def test_a_mixed_event_has_both_locations_and_no_join_link():
    data = ld(event_=event(attendance="mixed"))
    assert [item["@type"] for item in data["location"]] == ["Place", "VirtualLocation"]
    assert "secret-room" not in json.dumps(data)


def test_image_is_absolute():
    data = ld(image_urls=["/media/images/hero.width-1200.jpg"])
    assert data["image"] == ["http://testserver/media/images/hero.width-1200.jpg"]
    assert "image" not in ld()


def test_description_is_the_summary_or_the_search_description():
    assert ld()["description"] == "Buổi hội thảo cho nhà đầu tư cá nhân."
    assert ld(page(search_description="Mô tả SEO."))["description"] == "Mô tả SEO."


def test_organizer_is_each_organiser_else_the_site():
    organisers = [Organiser(name="Hiệp hội Nhà đầu tư", website="https://hiephoi.example.vn")]
    data = ld(organisers=organisers)
    assert data["organizer"] == [
        {
            "@type": "Organization",
            "name": "Hiệp hội Nhà đầu tư",
            "url": "https://hiephoi.example.vn",
        }
    ]
    assert ld()["organizer"]["name"] == "Info Finance"


def test_performers_are_the_speakers():
    speakers = [SimpleNamespace(name="Nguyễn Văn An"), SimpleNamespace(name="Trần Thị Bình")]
    assert ld(speakers=speakers)["performer"] == [
        {"@type": "Person", "name": "Nguyễn Văn An"},
        {"@type": "Person", "name": "Trần Thị Bình"},
    ]


def test_offer_is_free_in_vnd_at_the_registration_url():
    offer = ld()["offers"]
    assert offer["@type"] == "Offer"
    assert offer["price"] == "0"
    assert offer["priceCurrency"] == "VND"
    assert offer["url"] == "http://testserver/su-kien/hoi-thao/dang-ky/"


def test_availability_in_stock_then_sold_out_when_full():
    assert ld(seats_left=3)["offers"]["availability"] == "https://schema.org/InStock"
    assert ld(seats_left=0)["offers"]["availability"] == "https://schema.org/SoldOut"


def test_availability_before_opening_and_after_closing():
    opens = NOW + timedelta(days=1)
    data = ld(event_=event(registration_opens_at=opens))
    assert data["offers"]["availability"] == "https://schema.org/PreOrder"
    closed = ld(now=STARTS + timedelta(minutes=1))
    assert closed["offers"]["availability"] == "https://schema.org/Discontinued"


def test_valid_from_is_the_opening_else_the_first_publication():
    opens = STARTS - timedelta(days=10)
    assert ld(event_=event(registration_opens_at=opens), now=opens)["offers"]["validFrom"] == (
        "2026-12-02T09:00:00+07:00"
    )
    assert ld()["offers"]["validFrom"] == "2026-11-12T09:00:00+07:00"


def test_url_and_language():
    data = ld()
    assert data["url"] == "http://testserver/su-kien/hoi-thao/"
    assert data["inLanguage"] == "vi"


@pytest.mark.django_db
def test_the_event_page_carries_event_and_breadcrumbs(client, structure):
    from tests.events_support import make_event

    made = make_event(structure, attendance="online")
    html = client.get(made.pages["en"].url).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    graph = json.loads(script)["@graph"]
    types = [item["@type"] for item in graph]
    assert types == ["Event", "BreadcrumbList"]
    data = graph[0]
    assert data["name"] == made.pages["en"].title
    assert data["inLanguage"] == "en"
    assert made.online_url not in script
    crumbs = [item["name"] for item in graph[1]["itemListElement"]]
    assert crumbs[-1] == made.pages["en"].title
