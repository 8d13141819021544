"""PostgreSQL: a GIN index over the title part of the vector (weight A: title, aliases,
abbreviations), so that title matches are found over all time without reading the bodies."""

from django.db import migrations

FORWARD = [
    "CREATE INDEX site_search_title_vector ON site_search_searchdocument "
    "USING gin (ts_filter(vector, '{a}'))",
]
BACKWARD = ["DROP INDEX IF EXISTS site_search_title_vector"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("site_search", "0003_fts_prefixes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
