"""The header's search box in headless Chromium against the served demo site: suggestions as
the reader types (brokers and articles, diacritics optional), then the results page."""

import re

import pytest

from tests.e2e.test_browser import VIEWPORTS, shot

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_suggestions_then_results(browser, demo_site, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(demo_site.url + "/")
    page.fill("#site-search", "dong a")
    suggestions = page.locator("#site-search-suggest")
    suggestions.locator("a", has_text="Sàn Đông Á Invest").wait_for(timeout=10_000)
    assert page.locator("#site-search").get_attribute("aria-controls") == "site-search-suggest"
    shot(page, f"{viewport}-search-suggestions-vi")
    page.keyboard.press("Escape")
    assert suggestions.is_hidden()

    page.fill("#site-search", "gia vang")
    page.locator("#site-search").press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=gia\+vang"))
    first = page.locator(".search-hit__title").first
    assert "<mark>" in first.inner_html()
    assert page.locator(".search-tabs a[aria-current=page]").inner_text().startswith("Tất cả")
    shot(page, f"{viewport}-search-results-vi")

    page.goto(demo_site.url + "/en/search/?q=dollar")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".search-hit").count() > 0
    assert errors == []
    context.close()
