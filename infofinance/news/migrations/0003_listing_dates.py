import django.db.models.deletion
from django.db import migrations, models


def copy_dates(apps, schema_editor):
    """Live articles' hub onto themselves, and their publication dates onto their links."""
    ArticlePage = apps.get_model("news", "ArticlePage")
    for hub in apps.get_model("news", "ArticleIndexPage").objects.all():
        ArticlePage.objects.filter(
            live=True, path__startswith=hub.path, depth=hub.depth + 1
        ).update(listing_hub=hub.pk)
    for name in ("ArticleTag", "ArticleAuthor"):
        model = apps.get_model("news", name)
        model.objects.update(
            published_at=models.Subquery(
                ArticlePage.objects.filter(pk=models.OuterRef("page_id"), live=True).values(
                    "published_at"
                )[:1]
            )
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0002_page_noindex")]

    operations = [
        migrations.AddField(
            model_name="articleauthor",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="articletag",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="articlepage",
            name="listing_hub",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="news.articleindexpage",
            ),
        ),
        migrations.AddIndex(
            model_name="articlepage",
            index=models.Index(fields=["pinned", "-published_at"], name="article_pinned_date"),
        ),
        migrations.AddIndex(
            model_name="articlepage",
            index=models.Index(fields=["listing_hub", "-published_at"], name="article_hub_date"),
        ),
        migrations.AddIndex(
            model_name="articleauthor",
            index=models.Index(fields=["author", "-published_at"], name="article_author_date"),
        ),
        migrations.AddIndex(
            model_name="articletag",
            index=models.Index(fields=["tag", "-published_at"], name="article_tag_date"),
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop),
    ]
