"""Publication is staff-written and consented to: a separate consent to publication, public
titles and texts in both languages, complaints held by the new-accounts cap, and the retired
public addresses. Every public slug made so far came from a reader's own title (which may hold a
name or a phone number): they are retired (410 Gone, never redirected) and their complaints are
unpublished until staff write a public title and the complainant consents."""

from django.db import migrations, models


def retire_reader_slugs(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    RetiredSlug = apps.get_model("complaints", "RetiredSlug")
    rows = list(
        Complaint.objects.exclude(public_slug=None).values_list("pk", "public_slug")
    )
    RetiredSlug.objects.bulk_create(
        [RetiredSlug(slug=slug) for _, slug in rows], ignore_conflicts=True
    )
    pks = [pk for pk, _ in rows]
    Complaint.objects.filter(pk__in=pks).update(public_slug=None, published=False)
    # The public text used to be prefilled with the private description: never keep that.
    Complaint.objects.filter(public_text_vi=models.F("description")).update(public_text_vi="")
    if pks:
        _forget_public_copies(pks)


def _forget_public_copies(pks):
    """The cached pages, listings and search entries of those complaints go at once."""
    from infofinance.pagecache import store
    from infofinance.search import index

    tags = {"complaints", "brokers", *(f"complaint:{pk}" for pk in pks)}
    store.invalidate(tags)
    index.remove("complaint", pks)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("site_search", "0005_buckets_and_words"),
    ]

    operations = [
        migrations.RenameField("complaint", "public_text", "public_text_vi"),
        migrations.AlterField(
            model_name="complaint",
            name="public_text_vi",
            field=models.TextField(blank=True, verbose_name="public text (Vietnamese)"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="public_text_en",
            field=models.TextField(blank=True, verbose_name="public text (English)"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="public_title_vi",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="public title (Vietnamese)"
            ),
        ),
        migrations.AddField(
            model_name="complaint",
            name="public_title_en",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="public title (English)"
            ),
        ),
        migrations.AddField(
            model_name="complaint",
            name="publication_consent_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="consent to publication given"
            ),
        ),
        migrations.AddField(
            model_name="complaint",
            name="publication_consent_text",
            field=models.TextField(blank=True, verbose_name="consent to publication: wording"),
        ),
        migrations.AddField(
            model_name="complaint",
            name="publication_withdrawn_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="consent to publication withdrawn"
            ),
        ),
        migrations.AddField(
            model_name="complaint",
            name="held",
            field=models.BooleanField(
                db_index=True, default=False, verbose_name="held for review"
            ),
        ),
        migrations.CreateModel(
            name="RetiredSlug",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, unique=True)),
                ("retired_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "retired public address",
                "verbose_name_plural": "retired public addresses",
            },
        ),
        migrations.RunPython(retire_reader_slugs, migrations.RunPython.noop),
    ]
