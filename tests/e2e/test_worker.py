"""The worker, as its own process against a file database, applies scheduled publications
and unpublications at the set time."""

import time

import pytest

pytestmark = [pytest.mark.e2e]

CREATE_SCHEDULED = """
from datetime import timedelta
from django.utils import timezone
from infofinance.home.services import ensure_site_structure
from infofinance.news.models import ArticlePage
s = ensure_site_structure()
page = ArticlePage(title="Bài hẹn giờ xuất bản", slug="bai-hen-gio", lead="Hẹn giờ.",
                   locale=s.locales["vi"], section=s.sections[("vi", "market")], live=False,
                   body=[{"type": "paragraph", "value": "<p>Nội dung.</p>"}],
                   go_live_at=timezone.now() + timedelta(seconds=3))
s.hubs[("vi", "news")].add_child(instance=page)
page.save_revision().publish()
page.refresh_from_db()
print(page.live, page.url)
"""

SCHEDULE_EXPIRY = """
from datetime import timedelta
from django.utils import timezone
from infofinance.news.models import ArticlePage
page = ArticlePage.objects.get(slug="bai-hen-gio")
page.expire_at = timezone.now() + timedelta(seconds=3)
page.save_revision().publish()
print(ArticlePage.objects.get(slug="bai-hen-gio").live)
"""


def wait_for_status(site, path, status, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if site.get(path)[0] == status:
            return True
        time.sleep(0.3)
    return False


def test_worker_publishes_and_unpublishes_scheduled_article(empty_site):
    site = empty_site
    live, url = site.python(CREATE_SCHEDULED).split()
    assert live == "False" and url == "/tin-tuc/bai-hen-gio/"
    site.start_web()
    assert site.get(url)[0] == 404
    assert "bai-hen-gio" not in site.get("/tin-tuc/rss/")[1]
    assert "bai-hen-gio" not in site.get("/sitemap-vi-articles.xml")[1]

    site.start_worker(period=1)
    assert wait_for_status(site, url, 200), (site.tmp / "worker.log").read_text()
    status, html = site.get(url)
    assert status == 200
    assert "Bài hẹn giờ xuất bản" in html
    # Feeds and sitemaps follow the publication.
    assert "bai-hen-gio" in site.get("/tin-tuc/rss/")[1]
    assert "bai-hen-gio" in site.get("/sitemap-vi-articles.xml")[1]
    assert "Bài hẹn giờ xuất bản" in site.get("/news-sitemap.xml")[1]

    assert site.python(SCHEDULE_EXPIRY) == "True"
    assert wait_for_status(site, url, 404), (site.tmp / "worker.log").read_text()
    assert "bai-hen-gio" not in site.get("/tin-tuc/rss/")[1]
    assert site.get("/sitemap-vi-articles.xml")[0] == 404  # no live article left: no part file
