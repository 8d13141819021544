"""Exact invalidation: each kind of change refreshes every cached page that shows it, in both
languages, and leaves the others cached. Caching is on; nothing here is timed."""

import pytest
from django.utils import timezone

from infofinance.brokers.models import Broker
from infofinance.wiring.periodic import publish_scheduled
from tests.complaints_support import make_complaint, make_user
from tests.factories import make_article, make_author, make_tag
from tests.test_pagecache import call

pytestmark = pytest.mark.django_db(transaction=False)


def warm(app, *paths):
    for path in paths:
        call(app, path)
        assert call(app, path)[1]["X-Cache"] == "HIT", path


def cached(app, path):
    return call(app, path)[1]["X-Cache"] == "HIT"


def body(app, path):
    return call(app, path)[2].decode()


@pytest.fixture
def newsroom(structure):
    gold = make_tag(structure, "Vàng")
    author = make_author(structure, "Trần Thị Bình")
    old = make_article(
        structure, title="Bài cũ về vàng", tags=[gold], authors=[author], hours_ago=48
    )
    other = make_article(structure, title="Bài khác chuyên mục", section="domestic", hours_ago=30)
    return {"gold": gold, "author": author, "old": old, "other": other, "structure": structure}


def listing_paths(newsroom):
    gold, author = newsroom["gold"], newsroom["author"]
    return ["/", "/tin-tuc/", "/tin-tuc/chuyen-muc/tin-thi-truong/", gold_url(gold), author.url]


def gold_url(tag):
    from infofinance.news.selectors import tag_url

    return tag_url(tag)


def test_publishing_refreshes_its_listings_and_leaves_other_articles_cached(app, newsroom):
    old, other = newsroom["old"], newsroom["other"]
    paths = listing_paths(newsroom)
    warm(app, *paths, old.url, other.url, "/_/latest/", "/en/")
    make_article(
        newsroom["structure"],
        title="Tin vàng vừa đăng",
        tags=[newsroom["gold"]],
        authors=[newsroom["author"]],
    )
    for path in [*paths, "/_/latest/"]:
        assert not cached(app, path), path
        assert "Tin vàng vừa đăng" in body(app, path), path
    # A newer article changes no earlier article's page (related lists show earlier ones), and
    # the other language's pages and unrelated sections stay cached.
    assert cached(app, old.url) and cached(app, other.url) and cached(app, "/en/")


def test_editing_a_title_refreshes_the_pages_that_show_it_only(app, newsroom):
    old, other = newsroom["old"], newsroom["other"]
    newer = make_article(newsroom["structure"], title="Bài mới cùng thẻ", tags=[newsroom["gold"]])
    warm(app, old.url, other.url, newer.url, "/tin-tuc/", newsroom["author"].url)
    old.title = "Tiêu đề đã sửa"
    old.save_revision().publish()
    assert "Tiêu đề đã sửa" in body(app, old.url)
    # The newer article lists it as related; the hub and the author page list it.
    for path in [newer.url, "/tin-tuc/", newsroom["author"].url]:
        assert "Tiêu đề đã sửa" in body(app, path), path
    assert cached(app, other.url)


def test_translation_changes_refresh_the_language_switch(app, newsroom):
    structure = newsroom["structure"]
    english = make_article(
        structure, title="Gold story", language="en", translation_of=newsroom["old"]
    )
    warm(app, newsroom["old"].url)
    english.slug = "gold-story-renamed"
    english.save_revision().publish()
    assert "/en/news/gold-story-renamed/" in body(app, newsroom["old"].url)


def test_unpublishing_and_deleting_refresh_the_article_and_its_listings(app, newsroom):
    old = newsroom["old"]
    newer = make_article(newsroom["structure"], title="Bài mới cùng thẻ", tags=[newsroom["gold"]])
    paths = listing_paths(newsroom)
    warm(app, *paths, old.url, newer.url)
    old.unpublish()
    assert call(app, old.url)[0] == 404
    for path in [*paths, newer.url]:
        assert "Bài cũ về vàng" not in body(app, path), path
    url = newer.url
    warm(app, url, "/tin-tuc/")
    newer.delete()
    assert call(app, url)[0] == 404
    assert "Bài mới cùng thẻ" not in body(app, "/tin-tuc/")


def test_a_backdated_article_enters_the_related_lists_of_newer_ones(app, newsroom):
    newer = make_article(newsroom["structure"], title="Bài mới cùng thẻ", tags=[newsroom["gold"]])
    warm(app, newer.url)
    from datetime import timedelta

    backdated = make_article(newsroom["structure"], title="Bài đăng lùi ngày", live=False)
    backdated.tag_links.create(tag=newsroom["gold"])
    backdated.published_at = timezone.now() - timedelta(hours=5)
    backdated.save_revision().publish()
    assert "Bài đăng lùi ngày" in body(app, newer.url)


def test_scheduled_publication_through_the_worker_refreshes_listings(app, newsroom):
    from datetime import timedelta

    draft = make_article(newsroom["structure"], title="Bài hẹn giờ", live=False)
    warm(app, "/tin-tuc/", "/_/latest/")
    revision = draft.save_revision(approved_go_live_at=timezone.now() + timedelta(seconds=1))
    revision.approved_go_live_at = timezone.now() - timedelta(seconds=1)
    revision.save(update_fields=["approved_go_live_at"])
    assert cached(app, "/tin-tuc/")
    # The worker's job, run here (the worker process itself closes connections between jobs,
    # which would close the test's transaction on PostgreSQL; tests/e2e/test_worker.py runs it).
    publish_scheduled()
    assert "Bài hẹn giờ" in body(app, "/tin-tuc/")
    assert "Bài hẹn giờ" in body(app, "/_/latest/")


def test_feeds_sitemaps_and_search_follow_publications(app, newsroom):
    paths = ["/tin-tuc/rss/", "/sitemap.xml", "/news-sitemap.xml"]
    for path in paths:
        call(app, path)
    make_article(newsroom["structure"], title="Bài cho nguồn tin")
    assert "Bài cho nguồn tin" in body(app, "/tin-tuc/rss/")
    assert all(not cached(app, path) for path in paths[1:])


def test_brokers_reviews_and_complaints_refresh_their_pages(app, structure):
    aurora = Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
    boreal = Broker.objects.create(name="Boreal Trade", website="https://boreal.example")
    article = make_article(structure, title="Bài không nói về sàn")
    pages = ["/tra-cuu-san/aurora-markets/", "/tra-cuu-san/", "/khieu-nai/"]
    warm(app, *pages, "/tra-cuu-san/boreal-trade/", article.url)

    aurora.name = "Aurora Markets Global"
    aurora.save()
    assert "Aurora Markets Global" in body(app, "/tra-cuu-san/aurora-markets/")
    assert "Aurora Markets Global" in body(app, "/tra-cuu-san/")
    assert cached(app, "/tra-cuu-san/boreal-trade/") and cached(app, article.url)

    from infofinance.reviews.services import save_review

    reader = make_user("reader@example.com")
    warm(app, "/tra-cuu-san/aurora-markets/")
    save_review(user=reader, broker=aurora, rating=4, comment="Rút tiền nhanh.")
    assert "Rút tiền nhanh." in body(app, "/tra-cuu-san/aurora-markets/")

    warm(app, "/tra-cuu-san/aurora-markets/", "/khieu-nai/", "/")
    make_complaint(reader, aurora, title="Sàn chặn rút tiền", published=True)
    for path in ["/tra-cuu-san/aurora-markets/", "/khieu-nai/", "/"]:
        assert "Sàn chặn rút tiền" in body(app, path), path
    assert cached(app, "/tra-cuu-san/boreal-trade/") and cached(app, article.url)
    assert boreal.pk


def test_a_change_during_rendering_is_not_kept(app, structure, monkeypatch):
    """A page rendered while a change commits may show the old state: it is not stored."""
    from infofinance.news import selectors

    article = make_article(structure, title="Trước khi sửa")
    original = selectors.hub_articles

    def change_meanwhile(**kwargs):
        result = original(**kwargs)
        make_article(structure, title="Đăng giữa chừng")
        return result

    monkeypatch.setattr(selectors, "hub_articles", change_meanwhile)
    call(app, "/tin-tuc/")
    monkeypatch.setattr(selectors, "hub_articles", original)
    assert not cached(app, "/tin-tuc/")
    assert article.pk


def test_latest_news_fragment_in_both_languages(client, structure, django_assert_max_num_queries):
    make_article(structure, title="Tin mới tiếng Việt")
    make_article(structure, title="English latest story", language="en")
    client.get("/_/latest/")
    with django_assert_max_num_queries(6):
        vi = client.get("/_/latest/")
    en = client.get("/en/_/latest/")
    assert vi.status_code == en.status_code == 200
    assert "Tin mới tiếng Việt" in vi.text and "English latest story" not in vi.text
    assert "English latest story" in en.text and "tháng" not in en.text
    assert vi["X-Robots-Tag"] == "noindex"
    article = client.get(make_article(structure, title="Bài có khối tin mới").url).text
    assert 'data-fragment="/_/latest/"' in article


def test_scheduled_unpublishing_through_the_worker_refreshes_listings_and_feeds(app, newsroom):
    from datetime import timedelta

    from infofinance.news.models import ArticlePage

    leaving = make_article(newsroom["structure"], title="Bài hết hạn")
    ArticlePage.objects.filter(pk=leaving.pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )
    warm(app, "/tin-tuc/", "/tin-tuc/rss/", "/_/latest/", leaving.url)
    publish_scheduled()  # the worker's job: Wagtail unpublishes it as a plain Page
    assert call(app, leaving.url)[0] == 404
    for path in ["/tin-tuc/", "/tin-tuc/rss/", "/_/latest/"]:
        assert "Bài hết hạn" not in body(app, path), path
    assert ArticlePage.objects.get(pk=leaving.pk).listing_hub_id is None
