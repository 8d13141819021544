"""PostgreSQL: GIN lookups that stay cheap at a million documents.

- The full-text GIN index covers the vector plus one lexeme `#<bucket>` naming the document's
  id bucket (id >> 11: 2,048 consecutive ids), an expression index, so no data changes. A
  lookup among the most recent ids ANDs the words with the buckets it wants, and the index
  reads only the postings in those buckets instead of every match of every word.
- A second, small GIN index over the vectors of the small kinds (everything but articles), so a
  broker or regulator lookup never reads the articles' postings.
- `site_search_word`: the distinct lexemes of the index (C collation, so `LIKE 'pre%'` is a
  range of the primary key). The last word typed is a prefix; a GIN prefix match (`'pre':*`)
  reads every posting of every matching lexeme over all time, so lookups expand the prefix to
  the exact lexemes it covers instead. Filled here from the existing vectors.
"""

from django.db import migrations

FORWARD = [
    'CREATE TABLE site_search_word (word text COLLATE "C" PRIMARY KEY)',
    "INSERT INTO site_search_word (word) SELECT DISTINCT left(w, 64) "
    "FROM site_search_searchdocument, unnest(tsvector_to_array(vector)) w "
    "ON CONFLICT DO NOTHING",
    "DROP INDEX IF EXISTS site_search_vector",
    "CREATE INDEX site_search_words ON site_search_searchdocument USING gin "
    "((vector || array_to_tsvector(ARRAY['#' || (id >> 11)::text])))",
    "CREATE INDEX site_search_small ON site_search_searchdocument USING gin (vector) "
    "WHERE kind <> 'article'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS site_search_small",
    "DROP INDEX IF EXISTS site_search_words",
    "CREATE INDEX site_search_vector ON site_search_searchdocument USING gin (vector)",
    "DROP TABLE IF EXISTS site_search_word",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("site_search", "0004_title_vector")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
