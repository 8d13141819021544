"""Wagtail's stock PostgreSQL index (modelsearch) for the benchmark's articles, written with bulk
SQL instead of `update_index`.

`update_index` costs about 5.6 ms an article on this machine (Python per object, and after every
chunk a title-norm refresh that reads the whole index table): about an hour and a half at a
million articles. `load()` writes the same rows for the articles — the fields, weights and
text-search configurations of modelsearch's own `ObjectIndexer` for `ArticlePage.search_fields`
(title: SearchField boost 2; autocomplete: the title with 'simple'; body: the lead and the body's
rich text as `get_text_for_indexing` extracts it) — with one INSERT ... SELECT per id range, and
the title norms once at the end; every other indexed model goes through modelsearch's own
`add_items`. `check()` compares the vectors and texts with `ObjectIndexer` on a sample of
articles, so the report can say the index is the one `update_index` would have written.
"""

import random
import sys

SELECT = """
SELECT %(ct)s, p.id::text,
  setweight(to_tsvector(coalesce(p.title, '')), %(title_weight)s),
  setweight(to_tsvector('simple', p.title), 'D'),
  {body_vector},
  1.0, p.title, concat_ws(' ', t.lead, t.body)
FROM news_articlepage a
JOIN wagtailcore_page p ON p.id = a.page_ptr_id
CROSS JOIN LATERAL (
  SELECT nullif(btrim(a.lead), '') AS lead,
         nullif(btrim((
           SELECT string_agg(btrim(replace(replace(replace(replace(replace(
             regexp_replace(regexp_replace(b.value ->> 'value',
               '(</(p|h[0-9]|li|blockquote)>)', '\\1 ', 'gi'), '<[^>]*>', '', 'g'),
             '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&#x27;', ''''), '&amp;', '&')), ', '
             ORDER BY b.ordinality)
           FROM jsonb_array_elements(a.body) WITH ORDINALITY b(value, ordinality)
           WHERE b.value ->> 'type' = 'paragraph'
         )), '') AS body
) t
WHERE p.id >= %(low)s AND p.id < %(high)s
"""
BODY_VECTOR = (
    "CASE WHEN t.lead IS NULL AND t.body IS NULL THEN ''::tsvector ELSE "
    "coalesce(setweight(to_tsvector(t.lead), %(body_weight)s), ''::tsvector) || "
    "coalesce(setweight(to_tsvector(t.body), %(body_weight)s), ''::tsvector) END"
)
COLUMNS = "content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text"


def _params():
    from django.contrib.contenttypes.models import ContentType
    from modelsearch.backends.database.postgres.weights import get_weight

    from infofinance.news.models import ArticlePage

    fields = {f.field_name: f for f in ArticlePage.get_search_fields() if hasattr(f, "boost")}
    return {
        "ct": ContentType.objects.get_for_model(ArticlePage).pk,
        "title_weight": get_weight(fields["title"].boost),
        "body_weight": get_weight(fields["body"].boost),
    }


def _sql():
    return SELECT.format(body_vector=BODY_VECTOR)


def load(*, step: int = 20_000, progress=None) -> int:
    """Replace the index with every indexed object; returns the number of articles."""
    from django.db import connection, transaction
    from wagtail.search.backends import get_search_backend

    from infofinance.news.models import ArticlePage

    backend = get_search_backend()
    params = _params()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE wagtailsearch_indexentry")
        cursor.execute("SELECT min(page_ptr_id), max(page_ptr_id) FROM news_articlepage")
        first, last = cursor.fetchone()
        if first is None:
            return 0
        for low in range(first, last + 1, step):
            with transaction.atomic():
                cursor.execute(
                    f"INSERT INTO wagtailsearch_indexentry ({COLUMNS}) {_sql()}",
                    {**params, "low": low, "high": low + step},
                )
            if progress:
                progress(min(low + step, last + 1) - first, last + 1 - first)
    from modelsearch.index import get_indexed_models

    for model in get_indexed_models():
        if model is ArticlePage:
            continue
        index = backend.get_index_for_model(model)
        objects = list(model.get_indexed_objects().order_by("pk"))
        for start in range(0, len(objects), 1000):
            index.add_items(model, objects[start : start + 1000])
    backend.get_index_for_model(ArticlePage)._refresh_title_norms(full=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wagtailsearch_indexentry")
        cursor.execute(
            "SELECT count(*) FROM wagtailsearch_indexentry WHERE content_type_id = %s",
            [params["ct"]],
        )
        return cursor.fetchone()[0]


def check(sample: int = 300, seed: int = 1) -> dict:
    """Compare this loader's rows with modelsearch's ObjectIndexer for a sample of articles."""
    from django.db import connection
    from django.db.models.sql import InsertQuery
    from modelsearch.backends.database.postgres.postgres import IndexEntry, ObjectIndexer
    from wagtail.search.backends import get_search_backend

    from infofinance.news.models import ArticlePage

    backend = get_search_backend()
    params = _params()
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(page_ptr_id), max(page_ptr_id) FROM news_articlepage")
        first, last = cursor.fetchone()
    rnd = random.Random(seed)
    ids = sorted({rnd.randint(first, last) for _ in range(sample)})
    compiler = InsertQuery(IndexEntry).get_compiler(connection=connection)
    same = different = 0
    examples = []
    for page in ArticlePage.objects.filter(pk__in=ids):
        indexer = ObjectIndexer(page, backend)
        expressions, values = [], []
        for name in ("title", "autocomplete", "body"):
            value = compiler.prepare_value(IndexEntry._meta.get_field(name), getattr(indexer, name))
            sql, sql_params = value.as_sql(compiler, connection)
            expressions.append(f"({sql})::text")
            values.extend(sql_params)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(expressions)}", values)
            theirs = [*cursor.fetchone(), indexer.title_text, indexer.body_text]
            cursor.execute(
                f"SELECT title::text, autocomplete::text, body::text, title_text, body_text "
                f"FROM ({_sql()}) AS e(ct, object_id, title, autocomplete, body, norm, "
                "title_text, body_text)",
                {**params, "low": page.pk, "high": page.pk + 1},
            )
            ours = list(cursor.fetchone())
        if ours == theirs:
            same += 1
        else:
            different += 1
            if len(examples) < 3:
                examples.append({"id": page.pk, "ours": ours, "modelsearch": theirs})
    return {
        "sample": same + different,
        "identical": same,
        "different": different,
        "examples": examples,
    }


if __name__ == "__main__":
    sys.exit("used by bench/search/run.py (--wagtail-bulk)")
