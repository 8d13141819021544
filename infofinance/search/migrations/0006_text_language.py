"""The language a document's text is written in, beside the language it is listed in (a
complaint published in Vietnamese only is listed in English too). Existing rows: the same."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("site_search", "0005_buckets_and_words")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="text_language",
            field=models.CharField(blank=True, max_length=8),
        ),
        migrations.RunSQL(
            "UPDATE site_search_searchdocument SET text_language = language",
            migrations.RunSQL.noop,
        ),
    ]
