"""Instances from a statement written once (infofinance/fastpath/fetch.py) are the ORM's own: the
same field values after the same conversions, joined objects cached on their keys, left-out
fields loading on access, and the asked order."""

import pytest
from django.db.models import prefetch_related_objects
from wagtail.models import Page

from infofinance.core.restrictions import any_view_restrictions
from infofinance.fastpath.fetch import Joined
from infofinance.news import selectors
from infofinance.news.models import ArticleIndexPage, ArticlePage
from tests.factories import make_article, make_image

pytestmark = pytest.mark.django_db


def field_values(instance, model):
    return {f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}


def test_the_same_instances_as_the_orm(structure, django_assert_num_queries):
    with_image = make_article(structure, title="Ảnh", image=make_image("fetch"), hours_ago=2)
    without = make_article(structure, title="Không ảnh", section="world", hours_ago=1)
    joined = Joined(
        ArticlePage,
        related=("section", "hero_image", "locale"),
        order=(("published_at", True), ("pk", True)),
    )
    with django_assert_num_queries(1):
        fetched = joined.by_ids([with_image.pk, without.pk])
    assert [a.pk for a in fetched] == [without.pk, with_image.pk]  # newest first
    orm = {
        a.pk: a
        for a in ArticlePage.objects.select_related("section", "hero_image", "locale").filter(
            pk__in=[with_image.pk, without.pk]
        )
    }
    for article in fetched:
        expected = orm[article.pk]
        values = field_values(article, ArticlePage)
        assert values == field_values(expected, ArticlePage)
        # Converted as the ORM converts (dates aware, keys as UUIDs, the body a StreamValue).
        assert type(values["translation_key"]) is type(expected.translation_key)
        assert type(values["published_at"]) is type(expected.published_at)
        assert list(article.body.raw_data) == list(expected.body.raw_data)
    with django_assert_num_queries(0):
        article = fetched[1]
        assert article.section.name == orm[article.pk].section.name
        assert article.hero_image.title == "fetch"
        assert article.locale.language_code == "vi"
        assert fetched[0].hero_image is None  # a null key: no query either


def test_left_out_fields_load_on_access_and_where_filters(structure, django_assert_num_queries):
    article = make_article(structure, title="Hoãn tải")
    joined = Joined(ArticlePage, defer=("body",))
    fetched = joined.by_ids([article.pk], where=f"{joined.alias(Page)}.live")
    assert fetched and "body" in fetched[0].get_deferred_fields()
    with django_assert_num_queries(1):
        assert list(fetched[0].body.raw_data) == list(article.body.raw_data)
    article.unpublish()
    assert joined.by_ids([article.pk], where=f"{joined.alias(Page)}.live") == []
    assert joined.by_ids([]) == []


def test_cards_by_ids_are_the_card_queryset(structure, django_assert_num_queries):
    articles = [
        make_article(structure, title=f"Thẻ {n}", image=make_image(f"card {n}"), hours_ago=n)
        for n in range(3)
    ]
    hidden = make_article(structure, title="Ẩn")
    hidden.unpublish()
    ids = [a.pk for a in articles] + [hidden.pk]
    any_view_restrictions()  # cached, as on every page
    with django_assert_num_queries(2):  # the cards, then their images' renditions
        cards = selectors.cards_by_ids(ids)
    expected = list(selectors.card_queryset(ArticlePage.objects.filter(pk__in=ids)))
    prefetch_related_objects([c.hero_image for c in expected], "renditions")
    assert [c.pk for c in cards] == [c.pk for c in expected] == [a.pk for a in articles]
    for card, other in zip(cards, expected, strict=True):
        assert card.get_deferred_fields() == other.get_deferred_fields() == {"body"}
        with django_assert_num_queries(0):
            assert card.section.name == other.section.name
            assert card.hero_image.renditions.all()[:] == other.hero_image.renditions.all()[:]
        assert field_values(card, ArticlePage) == field_values(other, ArticlePage)


def test_a_routed_page_comes_with_its_locale(client, structure, django_assert_num_queries):
    make_article(structure, title="Trang chuyên mục")
    hub = ArticleIndexPage.objects.get(locale__language_code="vi", kind="news")
    client.get(hub.url)
    from infofinance.fastpath.routing import _fetch_for

    with django_assert_num_queries(1):
        (page,) = _fetch_for(ArticleIndexPage).by_ids([hub.pk])
        assert page.locale.language_code == "vi"


def test_page_instances_built_without_their_constructors_equal_the_orms(structure):
    """fetch.from_db skips modelcluster's and Wagtail's page constructors for database rows:
    the instances are the same as model.from_db's, child relations included."""
    from infofinance.fastpath.fetch import from_db
    from infofinance.news.models import ArticleTag
    from tests.factories import make_tag

    article = make_article(structure, title="Khởi tạo nhanh")
    ArticleTag.objects.create(page=article, tag=make_tag(structure, "vàng"))
    names = [f.attname for f in ArticlePage._meta.concrete_fields if f.attname != "body"]
    row = ArticlePage.objects.filter(pk=article.pk).values_list(*names).get()
    fast = from_db(ArticlePage, "default", names, list(row))
    usual = ArticlePage.from_db("default", names, list(row))
    assert field_values(fast, Page) == field_values(usual, Page)
    assert (fast._state.adding, fast._state.db) == (False, "default")
    assert "body" not in fast.__dict__  # left out, loads on access
    assert list(fast.body.raw_data) == list(usual.body.raw_data)
    assert [link.tag.name for link in fast.tag_links.all()] == ["vàng"]
    assert fast.url == usual.url


def test_models_with_constructors_of_their_own_go_the_usual_way(monkeypatch):
    from modelcluster.models import ClusterableModel
    from wagtail.models import AbstractPage

    from infofinance.fastpath import fetch

    calls = []
    original = ClusterableModel.__init__

    def counted(self, *args, **kwargs):
        calls.append(1)
        original(self, *args, **kwargs)

    names = [f.attname for f in ArticlePage._meta.concrete_fields]
    values = [None] * len(names)
    values[names.index("page_ptr_id")] = values[names.index("id")] = 7
    monkeypatch.setattr(ClusterableModel, "__init__", counted)
    monkeypatch.setattr(fetch, "_plain", {})
    fetch.from_db(ArticlePage, "default", names, values)
    assert calls == [1]  # modelcluster's constructor is not one fetch knows: used
    # One it knows is skipped...
    monkeypatch.setattr(fetch, "_NOTHING_MORE_FOR_A_ROW", {*fetch._NOTHING_MORE_FOR_A_ROW, counted})
    monkeypatch.setattr(fetch, "_plain", {})
    fetch.from_db(ArticlePage, "default", names, values)
    assert calls == [1]
    # ...but not for a row without its key, a new page to Wagtail (content type filled in).
    values[names.index("page_ptr_id")] = values[names.index("id")] = None
    page = fetch.from_db(ArticlePage, "default", names, values)
    assert calls == [1, 1] and page.content_type_id is not None
    assert AbstractPage.__init__ in fetch._NOTHING_MORE_FOR_A_ROW
