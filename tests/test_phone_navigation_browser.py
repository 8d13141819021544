"""The main menu and the forms' tap targets in headless Chromium: on a 390 px phone every
top-level item is reachable, the Brokers Hub and the complaints first and in view, through a
menu button that says whether it is open (and, without script, a link that opens the menu by
:target); on a desktop the whole menu is one row; rating choices and consent boxes are tap
targets of 44 × 44 px or more."""

import threading
from contextlib import contextmanager
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test import Client

from infofinance.brokers.models import Broker
from infofinance.demo.brokers import load_brokers
from tests.complaints_support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
HOMES = {"vi": "/", "en": "/en/"}
KEY_ITEMS = {"vi": ["Tra cứu sàn", "Khiếu nại"], "en": ["Brokers Hub", "Complaints"]}


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def site_url(db, settings):
    """The site served from a thread on the test's own database connection, inside the test's
    transaction (one request at a time), static files from the apps' folders."""
    settings.PAGE_CACHE_SECONDS = 0
    connection = connections["default"]
    connection.inc_thread_sharing()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    server = make_server(
        "127.0.0.1", 0, StaticFilesHandler(WSGIHandler()), WSGIServer, _QuietHandler
    )

    def serve():
        connections["default"] = connection
        server.serve_forever(poll_interval=0.05)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    connection.dec_thread_sharing()


@contextmanager
def chromium():
    """Debian's Chromium under Playwright, opened after the test's database work: the sync API
    runs an event loop in this thread, inside which Django refuses database queries."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield browser
        finally:
            browser.close()


def watch(page) -> list[str]:
    """Script errors and Content-Security-Policy refusals the page reports."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def box(locator) -> dict:
    return locator.bounding_box()


def in_view(locator, width: int) -> bool:
    found = box(locator)
    return found is not None and found["x"] >= 0 and found["x"] + found["width"] <= width


def nav_links(page):
    return page.locator("nav.site-nav li > a")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_phone_menu_button_opens_and_closes(site_url, structure, language):
    with chromium() as browser:
        page = browser.new_page(viewport=PHONE)
        errors = watch(page)
        page.goto(site_url + HOMES[language])
        # Nothing scrolls sideways, and the site's reason to exist comes first, in view.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        links = nav_links(page)
        names = [name.strip() for name in links.all_inner_texts()]
        assert names[:2] == KEY_ITEMS[language]
        for name in KEY_ITEMS[language]:
            link = page.locator("nav.site-nav").get_by_role("link", name=name, exact=True)
            assert link.is_visible() and in_view(link, PHONE["width"])
            assert box(link)["height"] >= 44
        toggle = page.locator("nav.site-nav").get_by_role("button")
        assert toggle.count() == 1 and toggle.is_visible() and in_view(toggle, PHONE["width"])
        assert toggle.get_attribute("aria-controls") == "site-nav-more"
        assert toggle.get_attribute("aria-expanded") == "false"
        more = page.locator("#site-nav-more")
        assert not more.is_visible()
        assert box(toggle)["height"] >= 44 and box(toggle)["width"] >= 44

        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert more.is_visible()
        # Every top-level item is now on screen, none beside it.
        for index in range(links.count()):
            link = links.nth(index)
            assert link.is_visible() and in_view(link, PHONE["width"]), names[index]
            assert box(link)["height"] >= 44, names[index]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

        # Escape closes it and gives the focus back to the button; the keyboard opens it again.
        page.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not more.is_visible()
        assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == (
            "site-nav-more"
        )
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Space")
        assert toggle.get_attribute("aria-expanded") == "false"
        toggle.focus()
        page.keyboard.press("Space")
        assert more.is_visible()
        # A link of the menu leads where it says.
        news = more.get_by_role("link").first
        href = news.get_attribute("href")
        news.click()
        page.wait_for_url(site_url + href)
        assert not errors


def test_phone_menu_without_script(site_url, structure):
    with chromium() as browser:
        context = browser.new_context(viewport=PHONE, java_script_enabled=False)
        page = context.new_page()
        page.goto(site_url + "/")
        more = page.locator("#site-nav-more")
        assert not more.is_visible()
        for name in KEY_ITEMS["vi"]:
            assert page.locator("nav.site-nav").get_by_role("link", name=name).is_visible()
        page.locator("[data-nav-toggle]").click()
        assert page.url.endswith("#site-nav")
        assert more.is_visible()
        links = nav_links(page)
        for index in range(links.count()):
            assert in_view(links.nth(index), PHONE["width"])
        close = page.locator("[data-nav-close]")
        assert close.is_visible() and not page.locator("[data-nav-toggle]").is_visible()
        close.click()
        assert not more.is_visible()
        context.close()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_desktop_menu_is_one_row_without_a_button(site_url, structure, language):
    with chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        errors = watch(page)
        page.goto(site_url + HOMES[language])
        links = nav_links(page)
        tops = {round(box(links.nth(i))["y"]) for i in range(links.count())}
        assert len(tops) == 1
        assert [n.strip() for n in links.all_inner_texts()][:2] == KEY_ITEMS[language]
        assert not page.locator("[data-nav-toggle]").is_visible()
        assert not page.locator("[data-nav-close]").is_visible()
        # The site's own script stays small: what the page loads of it, under 10 KB.
        sources = page.locator("script[src]").evaluate_all("nodes => nodes.map(n => n.src)")
        assert sum(len(page.request.get(src).body()) for src in sources) < 10_000
        assert not errors


def logged_in_cookie(user) -> dict:
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"]
    return {"name": "sessionid", "value": session.value, "domain": "127.0.0.1", "path": "/"}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_tap_targets_of_forms_on_a_phone(site_url, structure, language):
    load_brokers()
    broker = Broker.objects.filter(hidden=False).order_by("pk").first()
    cookie = logged_in_cookie(make_user("an@example.com"))
    prefix = "" if language == "vi" else "/en"
    review = (
        f"/tra-cuu-san/{broker.slug}/danh-gia/"
        if language == "vi"
        else f"/en/broker/{broker.slug}/review/"
    )
    complaint = "/khieu-nai/gui/" if language == "vi" else "/en/complaints/new/"
    signup = f"{prefix}/{'tai-khoan' if language == 'vi' else 'account'}/signup/"
    with chromium() as browser:
        reader = browser.new_context(viewport=PHONE)
        reader.add_cookies([cookie])
        page = reader.new_page()
        errors = watch(page)

        page.goto(site_url + review)
        choices = page.locator("[id$=rating] label")
        assert choices.count() == 5
        for index in range(5):
            found = box(choices.nth(index))
            assert found["width"] >= 44 and found["height"] >= 44
        choices.nth(1).click()
        assert page.locator("[id$=rating] input").nth(1).is_checked()

        page.goto(site_url + complaint)
        for name in ("consent", "publication_consent"):
            check = page.locator(f"input[name={name}]")
            found = box(check)
            assert found["width"] >= 44 and found["height"] >= 44, name
            label = box(page.locator(f"label[for=id_{name}]"))
            # Beside its label, on the same line.
            assert found["x"] + found["width"] <= label["x"]
            assert abs(found["y"] - label["y"]) < 30
            check.click()
            assert check.is_checked()
        categories = page.locator("[id$=category] label")
        for index in range(categories.count()):
            assert box(categories.nth(index))["height"] >= 44
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        reader.close()

        visitor = browser.new_page(viewport=PHONE)
        visitor.goto(site_url + signup)
        check = visitor.locator("input[name=privacy_consent]")
        found = box(check)
        assert found["width"] >= 44 and found["height"] >= 44
        check.click()
        assert check.is_checked()
        visitor.locator("label[for=id_privacy_consent]").click(position={"x": 5, "y": 5})
        assert not check.is_checked()
        assert not errors
