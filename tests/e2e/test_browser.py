"""Readers' walk in headless Chromium, at desktop and phone width: home → section → article →
switch language → share links. Screenshots are kept in test-artifacts/screenshots/."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 780}}


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def shared_urls(page) -> set[str]:
    urls = set()
    for href in page.locator("header [data-share-target]").evaluate_all(
        "links => links.map(a => a.href)"
    ):
        query = parse_qs(urlsplit(href).query)
        urls.add((query.get("u") or query.get("url"))[0])
    return urls


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_reader_walk(browser, demo_site, viewport):
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        locale="vi-VN",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The demo's pop-up banner opens on the visit's second page (on a phone's article, once the
    # reader has scrolled): a reader closes it with Esc and walks on, and so does the test.
    popup = page.locator("dialog.ad--popup[open]")
    page.add_locator_handler(popup, lambda: page.keyboard.press("Escape"))

    page.goto(demo_site.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    # News under a day old shows a relative time computed in the browser ("2 giờ trước").
    labels = page.locator("time[data-relative-label]").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('data-relative-label'))"
    )
    assert labels and all(re.search(r"(giờ|phút) trước|vừa xong", label) for label in labels)
    shot(page, f"{viewport}-1-home-vi")

    if viewport == "phone":  # the sections are behind the phone's menu button
        page.locator("[data-nav-toggle]").click()
    page.locator(".site-nav a", has_text="Tin thế giới").click()
    page.wait_for_url(re.compile(r"/tin-tuc/chuyen-muc/tin-the-gioi/$"))
    assert page.locator("h1").inner_text() == "Tin thế giới"
    shot(page, f"{viewport}-2-section-vi")

    # An article that has an English translation.
    page.locator(".card__title a").first.click()
    page.wait_for_load_state()
    assert re.search(r"/tin-tuc/[a-z0-9-]+/$", page.url)
    assert page.locator("h1").count() == 1
    assert re.fullmatch(
        r"\d{1,2} tháng \d{1,2}, \d{4}", page.locator(".dateline time").first.inner_text()
    )
    assert shared_urls(page) == {page.url}
    page.locator("header [data-copy-link]").click()
    page.locator("header .share__status").filter(has_text="Đã sao chép liên kết").wait_for()
    shot(page, f"{viewport}-3-article-vi")

    page.locator("[data-testid=language-switch]").click()
    page.wait_for_load_state()
    assert "/en/" in page.url
    assert page.locator("html").get_attribute("lang") == "en"
    if "/en/news/" in page.url and page.url.rstrip("/").count("/") > 4:
        assert re.fullmatch(
            r"[A-Z][a-z]+ \d{1,2}, \d{4}", page.locator(".dateline time").first.inner_text()
        )
        assert shared_urls(page) == {page.url}
    shot(page, f"{viewport}-4-after-switch-en")
    assert not errors
    context.close()


def test_english_article_switches_back_to_its_vietnamese_original(browser, demo_site):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(demo_site.url + "/en/news/")
    page.locator(".card__title a").first.click()
    page.wait_for_load_state()
    english_url = page.url
    assert "/en/news/" in english_url
    assert shared_urls(page) == {english_url}
    page.locator("[data-testid=language-switch]").click()
    page.wait_for_load_state()
    assert re.search(r"/tin-tuc/[a-z0-9-]+/$", page.url)
    page.locator("[data-testid=language-switch]").click()
    page.wait_for_load_state()
    assert page.url == english_url
    context.close()


def test_keyboard_reaches_main_content_through_the_skip_link(browser, demo_site):
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(demo_site.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_broker_directory_narrows_as_you_type(browser, demo_site):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(demo_site.url + "/tra-cuu-san/")
    assert page.locator(".broker-card").count() > 10
    page.locator("#broker-q").press_sequentially("dong a", delay=40)
    # A locator assertion, not wait_for_function: that evaluates a string, which the site's
    # Content-Security-Policy (no 'unsafe-eval') rightly refuses.
    expect(page.locator(".broker-card")).to_have_count(1)
    assert page.locator(".broker-card__name").inner_text() == "Sàn Đông Á Invest"
    assert "q=dong+a" in page.url
    shot(page, "phone-5-brokers-search-vi")
    page.locator(".broker-card__name a").click()
    # Waits for the broker's page: wait_for_load_state() could return before the click's
    # navigation had begun, on the directory still.
    expect(page.locator(".broker-warnings")).to_have_count(1)
    shot(page, "phone-6-broker-vi")
    context.close()
