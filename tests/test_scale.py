"""Every page's lists are served by indexes that match their filter and order: the work a page
request does stays the same when the number of articles grows fourfold. Work is measured, not
timed: SQLite's virtual-machine instructions, and on PostgreSQL the rows that the executed plans
of the article lists read from the big tables."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection

from bench.bulk import generate_articles
from infofinance.news import selectors
from infofinance.news.models import ArticlePage, AuthorPage, Tag
from tests.factories import make_article, make_author, make_tag

pytestmark = pytest.mark.django_db

BIG_TABLES = {"wagtailcore_page", "news_articlepage", "news_articletag", "news_articleauthor"}
# Sequential scans, and merge or hash joins walking a whole index, which PostgreSQL picks for
# small test tables, are turned off: a list that must read every article then shows it in rows.
SMALL_TABLE_PLANS_OFF = (
    "SET LOCAL enable_seqscan = off; SET LOCAL enable_mergejoin = off; "
    "SET LOCAL enable_hashjoin = off"
)
LISTS = re.compile(r'FROM "news_article(page|tag|author)"')
# A page whose lists scan the articles does ~4 times the work after the data grows 4 times;
# a page served by index ranges grows by a B-tree level at most.
MAX_GROWTH = 1.35


class WorkMeter:
    """Counts the work of every query run inside the `with` block."""

    def __init__(self):
        self.work = 0

    def __enter__(self):
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            raw = connection.connection

            def tick():
                self.work += 100
                return 0

            raw.set_progress_handler(tick, 100)
            self._stop = lambda: raw.set_progress_handler(None, 100)
        else:
            self._wrapper = connection.execute_wrapper(self._explain)
            self._wrapper.__enter__()
            self._stop = lambda: self._wrapper.__exit__(None, None, None)
        return self

    def __exit__(self, *exc):
        self._stop()

    def _explain(self, execute, sql, params, many, context):
        # The article lists, which read the article tables. (Wagtail's own lookups by unique
        # keys, such as a page's translations, are planned for the tiny test tables in ways
        # a real table never sees; the render benchmark runs them at a million articles.)
        if not many and sql.lstrip().upper().startswith("SELECT") and LISTS.search(sql):
            with context["connection"].connection.cursor() as cursor:
                cursor.execute(SMALL_TABLE_PLANS_OFF)
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                (plan,) = cursor.fetchone()
                plan = json.loads(plan) if isinstance(plan, str) else plan
                self.work += _rows_read(plan[0]["Plan"])
        return execute(sql, params, many, context)


def _rows_read(node) -> int:
    rows = 0
    if node.get("Relation Name") in BIG_TABLES:
        # Rows a scan returned and rows its filter read and threw away: both were read.
        read = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
        rows += read * node.get("Actual Loops", 1)
    for child in node.get("Plans", []):
        rows += _rows_read(child)
    return rows


@pytest.fixture
def newsroom(structure):
    author = make_author(structure, "Trần Thị Bình")
    tag = make_tag(structure, "Lãi suất")
    article = make_article(structure, title="Lãi suất tiết kiệm", tags=[tag], authors=[author])
    return structure, article, tag, author


def page_urls(structure, article, tag, author):
    hub = structure.hubs[("vi", "news")]
    generated_tag = Tag.objects.filter(locale=structure.locales["vi"]).exclude(pk=tag.pk).first()
    generated_author = AuthorPage.objects.filter(slug="bench-author-1").first()
    section = structure.sections[("vi", "market")]
    return {
        "home": "/",
        "hub": hub.url,
        "hub page 5": hub.url + "?page=5",
        "section": hub.url + f"chuyen-muc/{section.slug}/",
        "tag": hub.url + f"the/{tag.slug}/",
        "generated tag": hub.url + f"the/{generated_tag.slug}/",
        "author": author.url,
        "generated author": generated_author.url,
        "article": article.url,
        "generated article": ArticlePage.objects.filter(locale__language_code="vi")
        .exclude(pk=article.pk)
        .order_by("pk")
        .first()
        .url,
        "feed": hub.url + "rss/",
    }


def measure(client, urls) -> dict[str, int]:
    work = {}
    for name, url in urls.items():
        cache.clear()  # rendered, not served from the page cache
        client.get(url)  # warm per-process lookups (site, locales, hub URLs)
        cache.clear()
        with WorkMeter() as meter:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        work[name] = meter.work
    return work


def test_page_work_does_not_grow_with_the_number_of_articles(
    client, newsroom, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0
    # Both sizes fill the counted pages and the related candidates, as a million articles do.
    settings.LISTING_MAX_PAGES = 3
    monkeypatch.setattr(selectors, "RELATED_CANDIDATES", 10)
    structure, article, tag, author = newsroom
    generate_articles(300, seed=3)
    urls = page_urls(structure, article, tag, author)
    before = measure(client, urls)
    generate_articles(1200, seed=4)
    after = measure(client, urls)
    grown = {
        name: round(after[name] / before[name], 2)
        for name in urls
        if after[name] > before[name] * MAX_GROWTH
    }
    assert grown == {}, (before, after)


def test_listings_follow_unpublish_and_move(client, newsroom):
    structure, article, tag, author = newsroom
    news, knowledge = structure.hubs[("vi", "news")], structure.hubs[("vi", "knowledge")]
    assert article.title in client.get(news.url).text
    assert article.title in client.get(f"{news.url}the/{tag.slug}/").text
    assert article.title in client.get(author.url).text

    article.unpublish()
    cache.clear()
    for url in (news.url, f"{news.url}the/{tag.slug}/", author.url, "/"):
        assert article.title not in client.get(url).text, url

    article.refresh_from_db()
    article.save_revision().publish()
    article.refresh_from_db()
    article.move(knowledge, pos="last-child")
    article.refresh_from_db()
    assert article.listing_hub_id == knowledge.pk
    article.section = structure.sections[("vi", "knowledge")]
    article.save_revision().publish()
    cache.clear()
    assert article.title in client.get(knowledge.url).text
    assert article.title not in client.get(news.url).text
