"""On a phone (390 px), the comparison of four brokers, a broker's licence table and the
scoring method fit the screen: wide tables scroll inside their own box, text wraps."""

from pathlib import Path

import pytest

from tests.e2e.conftest import CHROMIUM

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PAGES = [
    "/so-sanh-san/?san=aurora-markets,blueharbor-fx,cobalt-trade,quartz-harbour",
    "/en/compare-brokers/?brokers=aurora-markets,blueharbor-fx,cobalt-trade,quartz-harbour",
    "/tra-cuu-san/aurora-markets/",
    "/en/broker/horizon-quay-markets/",
    "/tra-cuu-san/phuong-phap-cham-diem/",
    "/en/broker/methodology/",
]


def test_pages_fit_a_phone_screen(demo_site):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    widths, cues = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for path in PAGES:
            page.goto(demo_site.url + path)
            widths[path] = page.evaluate("document.documentElement.scrollWidth")
            cues[path] = page.locator(".scroll-cue").is_visible()
        browser.close()
    assert all(width <= 390 for width in widths.values()), widths
    # The comparison says it scrolls sideways.
    assert cues[PAGES[0]] and cues[PAGES[1]]
