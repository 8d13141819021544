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
