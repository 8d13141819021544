"""Benchmark data written with bulk SQL is a valid page tree that the site serves like any
other, and the page budgets do not move with the amount of data."""

import pytest
from wagtail.models import Page

from bench.bulk import decode_step, encode_step
from bench.generate_articles import main as generate_articles
from infofinance.news.models import ArticlePage
from tests.factories import make_article
from tests.fastpath_support import requires_fast_path

pytestmark = pytest.mark.django_db


def test_path_steps_round_trip():
    assert encode_step(1) == "0001" and encode_step(36) == "0010"
    assert decode_step(encode_step(1_679_615)) == 1_679_615


@requires_fast_path  # its page budgets are the fast path's
def test_generated_articles_are_valid_pages(
    client, structure, capsys, django_assert_max_num_queries
):
    existing = make_article(structure, title="Bài có sẵn")
    generate_articles(["150", "--batch", "40"])
    generate_articles(["20", "--language", "en"])
    assert "articles [" in capsys.readouterr().err
    assert ArticlePage.objects.live().filter(locale__language_code="vi").count() == 151
    problems = Page.find_problems()
    assert all(not ids for ids in problems), problems
    hub = structure.hubs[("vi", "news")]
    hub.refresh_from_db()
    assert hub.numchild == 151
    generated = ArticlePage.objects.exclude(pk=existing.pk).filter(locale=hub.locale).first()
    response = client.get(generated.url)
    assert response.status_code == 200 and generated.title in response.text
    # A page added by the ORM after the bulk rows still gets a free tree path.
    later = make_article(structure, title="Bài viết sau khi sinh dữ liệu")
    assert client.get(later.url).status_code == 200
    client.get(existing.url)
    with django_assert_max_num_queries(12):
        assert client.get(existing.url).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/tin-tuc/", {"page": 5}).status_code == 200
