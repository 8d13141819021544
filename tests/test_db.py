"""The cursor of the pages' hand-written statements (infofinance/fastpath/db.py): prepared once per
connection on PostgreSQL, a plain cursor elsewhere or when turned off, and always Django's
wrapper, so query budgets count what it runs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from infofinance.fastpath.db import hot_cursor
from infofinance.news.models import ArticlePage
from infofinance.news.selectors import cards_by_ids
from tests.factories import make_article

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def run(sql: str, params) -> list:
    with hot_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@postgres_only
def test_statements_are_prepared_once_and_counted(structure):
    article = make_article(structure, title="Chuẩn bị")
    marker = "/* test_db prepared */ SELECT id FROM wagtailcore_page WHERE id = %s"
    with CaptureQueriesContext(connection) as queries:
        assert run(marker, [article.pk]) == [(article.pk,)]
        assert run(marker, [article.pk]) == [(article.pk,)]
    assert [q["sql"].startswith("/* test_db prepared */") for q in queries] == [True, True]
    assert sum("test_db prepared" in s for s in prepared_statements()) == 1


@postgres_only
def test_the_orm_is_not_prepared(structure):
    make_article(structure, title="ORM")
    list(ArticlePage.objects.filter(title="ORM").values_list("pk", flat=True))
    assert not any('"news_articlepage"."title"' in s for s in prepared_statements())


@postgres_only
def test_turned_off_nothing_is_prepared(structure, settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    article = make_article(structure, title="Không chuẩn bị")
    run("/* test_db off */ SELECT id FROM wagtailcore_page WHERE id = %s", [article.pk])
    assert not any("test_db off" in s for s in prepared_statements())


def test_prepared_cards_are_the_same_as_plain_ones(structure, settings):
    """Values read through a prepared statement (server-side binding) convert as the ORM's."""
    article = make_article(structure, title="Thẻ bài viết")
    prepared = cards_by_ids([article.pk])
    settings.DATABASE_PREPARED_STATEMENTS = False
    plain = cards_by_ids([article.pk])
    assert [c.pk for c in prepared] == [c.pk for c in plain] == [article.pk]
    fields = [f.attname for f in ArticlePage._meta.concrete_fields if f.attname != "body"]
    assert [getattr(prepared[0], f) for f in fields] == [getattr(plain[0], f) for f in fields]
    assert prepared[0].section.name == plain[0].section.name


@postgres_only
def test_prepared_statements_are_planned_once():
    """Generic plans: a prepared statement is not planned again at every run."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"
