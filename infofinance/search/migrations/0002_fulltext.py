"""The full-text structure beside the document table, per database vendor: an FTS5 table on
SQLite (folded text, so no diacritic removal of its own), a tsvector column with a GIN index on
PostgreSQL ('simple' configuration over folded text)."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE site_search_fts USING fts5("
    "title, body, meta, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')",
]
SQLITE_REVERSE = ["DROP TABLE IF EXISTS site_search_fts"]
POSTGRESQL = [
    "ALTER TABLE site_search_searchdocument ADD COLUMN vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX site_search_vector ON site_search_searchdocument USING gin (vector)",
    "CREATE INDEX site_search_recent ON site_search_searchdocument (kind, language, id DESC)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS site_search_recent",
    "DROP INDEX IF EXISTS site_search_vector",
    "ALTER TABLE site_search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("site_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
