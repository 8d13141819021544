"""SQLite: prefix indexes for 2 to 6 letters, so that the last word typed (a Vietnamese syllable
has at most 7 letters) matches as a prefix without merging every longer word's postings. The
table is recreated and refilled from the old one."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE site_search_fts RENAME TO site_search_fts_old",
    "CREATE VIRTUAL TABLE site_search_fts USING fts5(title, body, meta, "
    "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4 5 6')",
    "INSERT INTO site_search_fts (rowid, title, body, meta) "
    "SELECT rowid, title, body, meta FROM site_search_fts_old",
    "DROP TABLE site_search_fts_old",
]
BACKWARD = [
    "ALTER TABLE site_search_fts RENAME TO site_search_fts_new",
    "CREATE VIRTUAL TABLE site_search_fts USING fts5(title, body, meta, "
    "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')",
    "INSERT INTO site_search_fts (rowid, title, body, meta) "
    "SELECT rowid, title, body, meta FROM site_search_fts_new",
    "DROP TABLE site_search_fts_new",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("site_search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
