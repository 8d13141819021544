"""Cold rendering: each page type rendered by Django with the page cache off, against whatever
database DATABASE_URL names (fill it with `bench/generate_articles.py` first,
`bench/generate_events.py` for the events' pages and `bench/generate_releases.py` for the
calendar and an indicator page). Prints the median
and p95 time and the number of SQL queries per page, and writes bench/results/render-<db>.json.
The calendar keeps its rows' markup per process, keyed by what they show: `--cold-rows` forgets
it before every request (each row made again, as after a restart).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/infofinance_bench \\
        .venv/bin/python bench/render.py --requests 200
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infofinance.settings.local")
os.environ["PAGE_CACHE_SECONDS"] = "0"
os.environ.setdefault("CACHE_URL", "locmem://")


def page_urls() -> dict[str, str]:
    from infofinance.news.models import ArticleIndexPage, ArticlePage, AuthorPage, Tag

    hub = ArticleIndexPage.objects.get(locale__language_code="vi", kind="news")
    article = ArticlePage.objects.filter(listing_hub=hub).order_by("-published_at").first()
    old = ArticlePage.objects.filter(listing_hub=hub).order_by("published_at").first()
    tag = Tag.objects.filter(locale=hub.locale, article_links__isnull=False).first()
    author = AuthorPage.objects.filter(locale=hub.locale, article_links__isnull=False).first()
    section = article.section
    english = ArticlePage.objects.filter(locale__language_code="en").order_by("-published_at")
    english = english.first()
    urls = {
        "article (newest)": article.url,
        "article (oldest)": old.url,
        "home": "/",
        "news hub": hub.url,
        "news hub, page 50": hub.url + "?page=50",
        "section": hub.url + f"chuyen-muc/{section.slug}/",
        "tag": hub.url + f"the/{tag.slug}/",
        "author": author.url if author else "/",
        "rss": hub.url + "rss/",
    }
    if english is not None:  # generated data sets are Vietnamese only
        urls["english article"] = english.url
    urls.update(event_urls())
    urls.update(market_urls())
    return urls


def event_urls() -> dict[str, str]:
    """The events' pages, when the data set has events (bench/generate_events.py): the soonest
    upcoming event, the one furthest back, the index, past events and this month's calendar."""
    from django.utils import timezone

    from infofinance.events.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.filter(locale__language_code="vi").first()
    live = EventPage.objects.live().filter(locale__language_code="vi")
    upcoming = live.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    if index is None or upcoming is None:
        return {}
    oldest = live.order_by("starts_at").first()
    return {
        "event (upcoming)": upcoming.url,
        "event (oldest)": oldest.url,
        "events index": index.url,
        "events, past": index.url + "da-dien-ra/",
        "events calendar": index.url + f"lich/?thang={timezone.now():%Y-%m}",
    }


def market_urls() -> dict[str, str]:
    """The markets' pages, when the data set has releases (bench/generate_releases.py): the
    calendar's day view (today) and week view (this week, Vietnam time), and the indicator page
    with the longest history (20 years of monthly releases there)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.db.models import Count

    from infofinance.markets.models import CalendarIndexPage, IndicatorPage, Release

    calendar = CalendarIndexPage.objects.live().filter(locale__language_code="vi").first()
    if calendar is None or not Release.objects.exists():
        return {}
    year, week, _day = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).isocalendar()
    longest = (
        IndicatorPage.objects.live()
        .filter(locale__language_code="vi")
        .annotate(releases=Count("indicator__releases"))
        .order_by("-releases", "pk")
        .first()
    )
    urls = {
        "calendar, day view": calendar.url,
        "calendar, week view": calendar.url + f"?tuan={year}-W{week:02d}",
    }
    if longest is not None:
        urls[f"indicator ({longest.releases} releases)"] = longest.url
    return urls


def host_speed_ms() -> float:
    """The median time of a fixed pure-Python loop: this machine's CPU speed drifts by half
    from one minute to the next (shared host), so each result says what it was."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i * i
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument(
        "--cold-rows",
        action="store_true",
        help="forget the calendar's row markup (kept per process) before every request",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", interactive=False, verbosity=0)  # hashed names, as served
    from django.test import Client

    from infofinance.markets.selectors.calendar import row_markup
    from infofinance.news.models import ArticlePage

    client = Client(HTTP_HOST="127.0.0.1")
    articles = ArticlePage.objects.count()
    print(f"{connection.vendor}: {articles:,} articles", file=sys.stderr)
    results = {}
    speed_before = host_speed_ms()
    for name, url in page_urls().items():
        for _ in range(5):  # warm the process: imports, templates, cached lookups
            client.get(url)
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            status = client.get(url).status_code
        times = []
        for _ in range(args.requests):
            if args.cold_rows:
                row_markup.cache_clear()
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        results[name] = {
            "url": url,
            "status": status,
            "queries": counter.count,
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        }
        print(f"  {name}: {results[name]['median_ms']} ms", file=sys.stderr)
    print(f"\n| page ({connection.vendor}, {articles:,} articles) | median ms | p95 ms | queries |")
    print("| --- | ---: | ---: | ---: |")
    for name, row in results.items():
        print(f"| {name} | {row['median_ms']} | {row['p95_ms']} | {row['queries']} |")
    cold = "-cold-rows" if args.cold_rows else ""
    out = ROOT / "bench" / "results" / f"render-{connection.vendor}-{articles}{cold}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    from django.conf import settings

    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    speed = [speed_before, host_speed_ms()]
    print(f"\nhost speed: a fixed Python loop took {speed[0]} ms before, {speed[1]} ms after")
    report = {
        "articles": articles,
        "cache": cache_backend,
        "cold_rows": args.cold_rows,
        "host_loop_ms": speed,
        "pages": results,
    }
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
