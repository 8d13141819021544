"""The economic calendar on a phone in headless Chromium: the filters (a plain GET form inside
a disclosure) keep only the high-importance releases, and "Show in my time zone" rewrites the
times in the browser's zone while the served page stays the one every reader gets."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.markets_support import index_pages, make_indicator, make_release
from tests.test_phone_navigation_browser import (  # noqa: F401
    PHONE,
    chromium,
    site_url,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _today_at(hour: int, minute: int = 0):
    today = timezone.now().astimezone(VIETNAM).date()
    return timezone.datetime(today.year, today.month, today.day, hour, minute, tzinfo=VIETNAM)


def _releases():
    high = make_indicator(importance=3, name_en="US CPI high", name_vi="CPI Mỹ cao")
    low = make_indicator(
        importance=1, category="sentiment", name_en="US sentiment low", name_vi="Tâm lý thấp"
    )
    period = date.today().replace(day=1) - timedelta(days=1)
    # 10:00 and 11:30 in Vietnam: the same Vietnam day whatever the test's hour.
    make_release(high, period=period.replace(day=1), scheduled_at=_today_at(10), forecast="2.9")
    make_release(low, period=period.replace(day=1), scheduled_at=_today_at(11, 30))
    return high, low


@pytest.mark.parametrize("language", ["vi", "en"])
def test_phone_filters_by_importance_and_converts_to_the_readers_zone(site_url, language):  # noqa: F811
    _releases()
    url = site_url + index_pages()[("calendar", language)].url
    with chromium() as browser:
        context = browser.new_context(viewport=PHONE, timezone_id="Europe/Paris", locale="en-GB")
        page = context.new_page()
        problems = watch(page)
        page.goto(url)
        rows = page.locator(".cal-day.is-today tbody tr")
        expect(rows).to_have_count(2)
        times = page.locator(".cal-day.is-today time[data-local-time]")
        expect(times.first).to_have_text("10:00" if language == "vi" else "10:00 AM")
        # Vietnam is UTC+7 all year; Paris is UTC+1 in winter and UTC+2 in summer. The page's
        # language formats the time: 24 hours in Vietnamese, AM/PM in English.
        paris = _today_at(10).astimezone(ZoneInfo("Europe/Paris"))
        shown = paris.strftime("%H:%M") if language == "vi" else paris.strftime("%-I:%M")
        page.locator("button[data-local-times]").click()
        expect(times.first).to_contain_text(shown)
        expect(times.first).not_to_contain_text("10:00")
        expect(page.locator("[data-zone-note]").first).to_be_hidden()
        # The filters: open the disclosure, choose "high and above", submit.
        page.locator(".cal-filters summary").click()
        page.locator(".cal-filters input[type=radio][value='3']").check()
        page.locator(".cal-filters button[type=submit]").click()
        page.wait_for_load_state()
        name = "muc" if language == "vi" else "importance"
        assert f"{name}=3" in page.url
        expect(page.locator(".cal-day.is-today tbody tr")).to_have_count(1)
        expect(page.locator(".cal-day.is-today tbody")).to_contain_text(
            "CPI Mỹ cao" if language == "vi" else "US CPI high"
        )
        # Nothing overflows the phone's width.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        assert problems == []
        context.close()
