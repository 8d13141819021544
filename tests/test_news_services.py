"""The newsroom's signal handlers only dispatch: the listing columns follow an unpublication
and a move through news.services (the handlers hold no logic of their own)."""

import pytest

from infofinance.news.models import ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_moved_article_is_listed_under_its_new_hub(structure):
    article = make_article(structure, title="Bài chuyển hub")
    news, knowledge = structure.hubs[("vi", "news")], structure.hubs[("vi", "knowledge")]
    assert ArticlePage.objects.get(pk=article.pk).listing_hub_id == news.pk
    ArticlePage.objects.get(pk=article.pk).move(knowledge, pos="last-child")
    assert ArticlePage.objects.get(pk=article.pk).listing_hub_id == knowledge.pk


def test_a_move_inside_a_request_leaves_wagtail_its_redirect(structure):
    """Inside a request the fast path reads the site's root paths once; Wagtail's redirect
    handler then reads the copy it expects on its own request (it failed with AttributeError
    when a page was moved from the admin)."""
    from wagtail.contrib.redirects.models import Redirect

    from infofinance.fastpath import enabled, sitecache

    article = make_article(structure, title="Bài chuyển trong yêu cầu")
    old_path = ArticlePage.objects.get(pk=article.pk).url
    knowledge = structure.hubs[("vi", "knowledge")]
    sitecache.start_request()
    try:
        assert sitecache.in_request() == enabled()
        ArticlePage.objects.get(pk=article.pk).move(knowledge, pos="last-child")
    finally:
        sitecache.end_request()
    assert Redirect.objects.filter(old_path=old_path.rstrip("/"), redirect_page=article).exists()


def test_an_unpublished_article_leaves_its_listings(structure):
    article = make_article(structure, title="Bài gỡ xuống")
    article.unpublish()
    assert ArticlePage.objects.get(pk=article.pk).listing_hub_id is None


def test_the_handlers_dispatch_to_services():
    import inspect

    from infofinance.news import signals

    source = inspect.getsource(signals)
    assert ".update(" not in source and "save_revision" not in source


def test_a_live_hubs_slug_is_locked(structure):
    from django.core.exceptions import ValidationError

    hub = structure.hubs[("vi", "news")]
    hub.slug = "tin-moi"
    with pytest.raises(ValidationError) as refused:
        hub.full_clean()
    assert "slug" in refused.value.message_dict
