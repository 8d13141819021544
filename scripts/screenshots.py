#!/usr/bin/env python
"""Screenshots of the site's pages in both languages at phone (390 px) and desktop (1280 px)
width, into docs/screenshots/<set>/<name>-<lang>-<phone|desktop>.png. Sets:

- brokers: a broker page in each supervision state (licensed, expired, clone, revoked);
- events: the list, the month calendar, past events, a full event with its waiting list, an
  online event, a past one with photos, and the registration form;
- markets: the economic calendar's day and week views, an indicator page, the assets and an
  asset page, and an article with the markets' chips;
- banners: the home page (hero slider, top strip), the news hub (the listing's banner) and an
  article with its in-article and sidebar banners.

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py --set events   # a throwaway demo site of its own

Without a base URL the script builds a site of its own in a temporary directory (SQLite file,
the local profile, `migrate`, `setup_site`, `load_demo`, `collectstatic`), serves it with granian
on a free port, and removes it afterwards. The brokers are the demo's (infofinance/demo/content/
brokers.json). Playwright drives Debian's Chromium (/usr/bin/chromium); no browser is downloaded.
"""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PYTHON = sys.executable
GRANIAN = str(Path(PYTHON).with_name("granian"))

# A demo broker in each state: its slug (the same in both languages).
STATES = {
    "licensed": "aurora-markets",  # three current licences
    "expired": "ironbridge-trading",  # its only licence expired 20 days ago
    "clone": "quartz-harbour",  # a regulator's clone warning
    "revoked": "opal-crest-fx",  # licence revoked
}
PAGES = {"vi": "/tra-cuu-san/{slug}/", "en": "/en/broker/{slug}/"}
EVENTS = {"vi": "/su-kien/", "en": "/en/events/"}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
# A desktop page taller than this is cut at this height (the files stay small; everything a
# reader checks, header to score, is above it).
MAX_DESKTOP_HEIGHT = 3200
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoSite:
    """A throwaway site with the demo content, served by granian."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="screenshots-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "infofinance.settings.local",
            "DATABASE_URL": f"sqlite:///{self.tmp / 'db.sqlite3'}",
            "INFOFINANCE_VAR_DIR": str(self.tmp / "var"),
            "STATIC_ROOT": str(self.tmp / "static"),
            "SITE_URL": self.url,
            "SERVE_MEDIA": "1",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("CACHE_URL", None)
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "DemoSite":
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["setup_site"],
            ["load_demo"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            print("manage.py", *command, flush=True)
            subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
                [PYTHON, "manage.py", *command], cwd=ROOT, env=self.env, check=True, timeout=1200
            )
        self.log = log = open(self.tmp / "web.log", "w")  # closed in __exit__
        self.process = subprocess.Popen(  # noqa: S603 - granian from our venv, fixed arguments
            [
                GRANIAN,
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                "1",
                "--no-ws",
                "infofinance.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz/", timeout=2)  # noqa: S310 - http
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError("the site did not start:\n" + (self.tmp / "web.log").read_text())

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def broker_pages(page, base_url: str) -> dict[str, dict[str, str]]:
    """{name: {language: url}}: a demo broker in each supervision state."""
    return {
        state: {lang: base_url + pattern.format(slug=slug) for lang, pattern in PAGES.items()}
        for state, slug in STATES.items()
    }


def event_pages(page, base_url: str) -> dict[str, dict[str, str]]:
    """{name: {language: url}}: the events' lists, and event pages found on them (a full one
    with its waiting list, an online one, a past one), each with its translation (the language
    switch's link)."""

    def links(url: str, selector: str) -> list[str]:
        page.goto(url, wait_until="load")
        return page.locator(selector).evaluate_all("nodes => nodes.map(n => n.href)")

    def both(vi_url: str) -> dict[str, str]:
        page.goto(vi_url, wait_until="load")
        english = page.locator("[data-testid=language-switch]").get_attribute("href")
        return {"vi": vi_url, "en": base_url + english if english.startswith("/") else english}

    full_card = ".event-card:has(.event-seats--full) .event-card__title a"
    full = links(base_url + EVENTS["vi"], full_card)
    upcoming = links(base_url + EVENTS["vi"], ".event-card__title a")
    past = links(base_url + EVENTS["vi"] + "da-dien-ra/", ".event-card__title a")
    online = [url for url in upcoming if "webinar" in url]
    pages = {
        "list": {lang: base_url + path for lang, path in EVENTS.items()},
        "calendar": {"vi": base_url + "/su-kien/lich/", "en": base_url + "/en/events/calendar/"},
        "past": {"vi": base_url + "/su-kien/da-dien-ra/", "en": base_url + "/en/events/past/"},
        "event-full": both((full or upcoming)[0]),
        "event-past": both(past[0]),
    }
    if online:
        pages["event-online"] = both(online[0])
    pages["register"] = {
        language: url.rstrip("/") + ("/dang-ky/" if language == "vi" else "/register/")
        for language, url in pages["event-full"].items()
    }
    return pages


CALENDAR = {"vi": "/lich-kinh-te/", "en": "/en/economic-calendar/"}
ASSETS = {"vi": "/tai-san/", "en": "/en/assets/"}


def market_pages(page, base_url: str) -> dict[str, dict[str, str]]:
    """{name: {language: url}}: the calendar's day and week views, an indicator page with its
    chart, the asset index and an asset page (each with its translation), and an article
    showing the markets' chips."""

    def first_link(url: str, selector: str) -> str:
        page.goto(url, wait_until="load")
        return page.locator(selector).first.evaluate("node => node.href")

    def both(vi_url: str) -> dict[str, str]:
        page.goto(vi_url, wait_until="load")
        english = page.locator("[data-testid=language-switch]").get_attribute("href")
        return {"vi": vi_url, "en": base_url + english if english.startswith("/") else english}

    week = {"vi": "?tuan=", "en": "?week="}
    indicator = first_link(base_url + CALENDAR["vi"] + "?tuan=" + _this_week(), "th a")
    asset = first_link(base_url + ASSETS["vi"], "main a[href^='/tai-san/']")
    pages = {
        "calendar-day": {lang: base_url + path for lang, path in CALENDAR.items()},
        "calendar-week": {
            lang: base_url + path + week[lang] + _this_week() for lang, path in CALENDAR.items()
        },
        "indicator": both(indicator),
        "assets": {lang: base_url + path for lang, path in ASSETS.items()},
        "asset": both(asset),
    }
    page.goto(base_url + "/", wait_until="load")
    chips = page.locator("a[href^='/tin-tuc/']").evaluate_all("nodes => nodes.map(n => n.href)")
    for url in chips[:40]:
        page.goto(url, wait_until="load")
        if page.locator(".market-chips").count():
            pages["article-chips"] = both(url)
            break
    return pages


def _this_week() -> str:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    year, week, _day = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).isocalendar()
    return f"{year}-W{week:02d}"


def banner_pages(page, base_url: str) -> dict[str, dict[str, str]]:
    """{name: {language: url}}: the home page, the news hub and the first article showing an
    in-article banner, each with its translation when it has one."""
    page.goto(base_url + "/tin-tuc/", wait_until="load")
    links = page.locator("main a[href^='/tin-tuc/']").evaluate_all("ns => ns.map(n => n.href)")
    pages = {
        "home": {"vi": base_url + "/", "en": base_url + "/en/"},
        "news": {"vi": base_url + "/tin-tuc/", "en": base_url + "/en/news/"},
    }
    for url in links[:40]:
        page.goto(url, wait_until="load")
        if page.locator(".ad--in_article").count():
            english = page.locator("[data-testid=language-switch]").get_attribute("href") or ""
            pages["article"] = {"vi": url}
            if english.startswith("/en/news/"):
                pages["article"]["en"] = base_url + english
            break
    return pages


SETS = {
    "brokers": broker_pages,
    "events": event_pages,
    "markets": market_pages,
    "banners": banner_pages,
}


def shoot(base_url: str, out: Path = OUT, sets: list[str] | None = None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    base_url = base_url.rstrip("/")
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        try:
            finder = browser.new_page()
            plans = {name: SETS[name](finder, base_url) for name in sets or SETS}
            finder.close()
            for device, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1,
                    is_mobile=device == "phone",
                    has_touch=device == "phone",
                )
                page = context.new_page()
                for set_name, pages in plans.items():
                    (out / set_name).mkdir(parents=True, exist_ok=True)
                    for name, urls in pages.items():
                        for language, url in urls.items():
                            path = out / set_name / f"{name}-{language}-{device}.png"
                            written.append(shot(page, url, path, width))
                context.close()
        finally:
            browser.close()
    return written


def shot(page, url: str, path: Path, width: int) -> Path:
    response = page.goto(url, wait_until="networkidle")
    if response is None or response.status != 200:
        raise RuntimeError(f"{url}: {response and response.status}")
    page.wait_for_load_state("load")
    # Lazy images below the fold load only when scrolled to: load them all first, as a reader
    # scrolling down would see them.
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading='eager')")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    full_height = page.evaluate("document.documentElement.scrollHeight")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        print(f"  ! {path.name}: {overflow} px wider than the screen")
    if width > 500 and full_height > MAX_DESKTOP_HEIGHT:
        clip = {"x": 0, "y": 0, "width": width, "height": MAX_DESKTOP_HEIGHT}
        page.screenshot(path=path, full_page=True, clip=clip)
    else:
        page.screenshot(path=path, full_page=True)
    print(f"{path.relative_to(ROOT)} ({full_height} px tall)", flush=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", nargs="?", help="a running site with the demo content")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--set", dest="sets", action="append", choices=sorted(SETS))
    args = parser.parse_args()
    if args.base_url:
        shoot(args.base_url, args.out, args.sets)
        return
    with DemoSite() as site:
        shoot(site.url, args.out, args.sets)


if __name__ == "__main__":
    main()
