"""Banners in headless Chromium (issue 19): a viewable impression needs half the banner in
view for a second (0.9 s counts nothing, 1.1 s counts one), the boxes keep their size so the
page never shifts, and the pop-up follows its rules (never on the first page of a visit, at
most once a day, closed with Esc, on a phone's article only after the first screen)."""

import time

import pytest
from playwright.sync_api import expect

from infofinance.banners import counting
from infofinance.banners.dates import vietnam_today
from tests.banners_support import banner
from tests.factories import make_article
from tests.test_phone_navigation_browser import DESKTOP, PHONE, chromium, site_url, watch  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130 Safari/537.36"
)
LONG_BODY = [
    {"type": "paragraph", "value": f"<p>Đoạn văn thử nghiệm số {n}. " + "Nội dung. " * 40 + "</p>"}
    for n in range(1, 13)
]
CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 1500);
})"""
HALF = """(selector) => {
  const el = document.querySelector(selector);
  const r = el.getBoundingClientRect();
  window.scrollTo(0, window.scrollY + r.top - window.innerHeight + r.height * 0.6);
}"""


def impressions(pk) -> int:
    return counting.totals(vietnam_today(), [pk]).get((pk, counting.IMPRESSION), 0)


def wait_for(predicate, seconds=4.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


def test_half_in_view_for_a_second_counts_once(site_url, structure):  # noqa: F811
    article = make_article(structure, body=LONG_BODY)
    row = banner("sidebar")
    url = site_url + article.url
    with chromium() as browser:
        context = browser.new_context(viewport=DESKTOP, user_agent=AGENT)
        page = context.new_page()
        problems = watch(page)
        page.goto(url)
        link = page.locator(".ad--sidebar a[data-view]")
        expect(link).to_have_count(1)
        assert (
            page.evaluate("document.querySelector('.ad--sidebar').getBoundingClientRect().top")
            > DESKTOP["height"]
        )
        page.evaluate(HALF, ".ad--sidebar a[data-view]")
        page.wait_for_timeout(900)
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(1500)  # long enough for a batch to have been sent
        assert impressions(row.pk) == 0
        page.evaluate(HALF, ".ad--sidebar a[data-view]")
        page.wait_for_timeout(1100)
        page.evaluate("window.scrollTo(0, 0)")
        assert wait_for(lambda: impressions(row.pk) == 1)
        # In view again, and the page hidden: still one.
        page.evaluate(HALF, ".ad--sidebar a[data-view]")
        page.wait_for_timeout(1300)
        page.goto("about:blank")
        time.sleep(1)
        assert impressions(row.pk) == 1
        assert [p for p in problems if "404" not in p and "Failed to load" not in p] == []
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_boxes_never_move_the_page(site_url, structure, viewport):  # noqa: F811
    article = make_article(structure, body=LONG_BODY[:4])
    for code in ("top", "in_article", "sidebar", "hero"):
        banner(code, after_paragraph=1)
    urls = [site_url + structure.homes["vi"].url, site_url + article.url]
    with chromium() as browser:
        context = browser.new_context(viewport=viewport, user_agent=AGENT)
        page = context.new_page()
        for url in urls:
            page.goto(url)
            assert page.evaluate(CLS) == 0
            top = page.locator(".ad--top .ad__box")
            expected = (320 / 100) if viewport is PHONE else (970 / 90)
            size = top.bounding_box()
            assert abs(size["width"] / size["height"] - expected) < 0.05
        context.close()


def test_the_pop_up_waits_for_the_second_page_and_opens_once_a_day(site_url, structure):  # noqa: F811
    first = make_article(structure, title="Bài thứ nhất")
    second = make_article(structure, title="Bài thứ hai")
    banner("popup")
    first_url, second_url = site_url + first.url, site_url + second.url
    with chromium() as browser:
        context = browser.new_context(viewport=DESKTOP, user_agent=AGENT)
        page = context.new_page()
        page.goto(first_url)
        page.wait_for_timeout(2600)
        expect(page.locator("dialog.ad--popup")).not_to_have_attribute("open", "")
        page.goto(second_url)
        dialog = page.locator("dialog.ad--popup")
        expect(dialog).to_have_attribute("open", "", timeout=5000)
        expect(dialog.locator(".ad__label")).to_have_text("Quảng cáo")
        expect(dialog.locator(".ad__close")).to_be_focused()
        page.keyboard.press("Escape")
        expect(dialog).not_to_have_attribute("open", "")
        page.goto(first_url)
        page.wait_for_timeout(2600)
        expect(page.locator("dialog.ad--popup")).not_to_have_attribute("open", "")
        context.close()


def test_on_a_phone_the_article_pop_up_waits_past_the_first_screen(site_url, structure):  # noqa: F811
    article = make_article(structure, body=LONG_BODY)
    banner("popup")
    home, url = site_url + structure.homes["vi"].url, site_url + article.url
    with chromium() as browser:
        context = browser.new_context(viewport=PHONE, user_agent=AGENT, is_mobile=True)
        page = context.new_page()
        page.goto(home)  # the visit's first page
        page.goto(url)
        page.wait_for_timeout(2600)
        dialog = page.locator("dialog.ad--popup")
        expect(dialog).not_to_have_attribute("open", "")
        page.mouse.wheel(0, PHONE["height"] * 1.5)
        expect(dialog).to_have_attribute("open", "", timeout=5000)
        context.close()
