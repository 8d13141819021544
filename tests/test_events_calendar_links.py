""" "Add to calendar" links (docs/design/events.md §7.3): Google Calendar and Outlook forms
filled in with the event in the link's language, times in UTC, public data only."""

from datetime import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from infofinance.events import calendar_links
from tests.events_support import make_event

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def event(structure):
    return make_event(
        structure,
        title="Hội thảo: vàng & USD",
        title_en="Seminar: gold & USD",
        attendance="mixed",
        starts_at=datetime(2027, 1, 15, 22, 0, tzinfo=HCM),
        ends_at=datetime(2027, 1, 16, 0, 30, tzinfo=HCM),
    )


def test_google_link_in_each_language(event):
    for language, title, online in (
        ("vi", "Hội thảo: vàng & USD", "Trực tuyến"),
        ("en", "Seminar: gold & USD", "Online"),
    ):
        page = event.pages[language]
        url = calendar_links.google_url(event, page, language)
        assert url.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE&")
        fields = query(url)
        assert fields["text"] == title  # "&" and ":" survive the encoding
        assert fields["dates"] == "20270115T150000Z/20270115T173000Z"
        assert fields["location"] == f"Khách sạn Melia, 44 Lý Thường Kiệt, Hà Nội / {online}"
        assert "http://testserver" + page.url in fields["details"]
        assert "meet.example.com" not in url  # the join link stays in the private file


def test_outlook_link_in_each_language(event):
    for language, title in (("vi", "Hội thảo: vàng & USD"), ("en", "Seminar: gold & USD")):
        page = event.pages[language]
        url = calendar_links.outlook_url(event, page, language)
        assert url.startswith("https://outlook.live.com/calendar/0/action/compose?")
        fields = query(url)
        assert fields["subject"] == title
        assert fields["startdt"] == "2027-01-15T15:00:00Z"
        assert fields["enddt"] == "2027-01-15T17:30:00Z"
        assert fields["body"].startswith(page.summary)
        assert "meet.example.com" not in url
