"""A trading platform's name per language: the single `name` becomes the Vietnamese name and an
English one is added. The old name was shown to readers of both languages, so it fills both,
except generic names typed in English ("Mobile app"), whose Vietnamese name is written here."""

from django.db import migrations, models

# Generic platform names in English (lower case) and their Vietnamese names. Any other name is
# a product name (MetaTrader 5, cTrader), the same in both languages.
GENERIC = {
    "mobile app": "Ứng dụng di động",
    "mobile apps": "Ứng dụng di động",
    "mobile application": "Ứng dụng di động",
    "app": "Ứng dụng di động",
    "web platform": "Nền tảng web",
    "web trader": "Nền tảng web",
    "webtrader": "Nền tảng web",
    "web terminal": "Nền tảng web",
    "desktop app": "Ứng dụng máy tính",
    "desktop platform": "Nền tảng máy tính",
    "proprietary platform": "Nền tảng riêng",
}


def split_names(apps, schema_editor):
    Platform = apps.get_model("brokers", "Platform")
    for platform in Platform.objects.all():
        old = platform.name_vi.strip()
        platform.name_en = old
        platform.name_vi = GENERIC.get(" ".join(old.lower().split()), old)
        platform.save(update_fields=["name_vi", "name_en"])


def join_names(apps, schema_editor):
    """Back to one name: the English one, as it was typed before (else the Vietnamese)."""
    Platform = apps.get_model("brokers", "Platform")
    for platform in Platform.objects.all():
        platform.name_vi = platform.name_en or platform.name_vi
        platform.save(update_fields=["name_vi"])


class Migration(migrations.Migration):
    dependencies = [("brokers", "0002_truthful_status_badges_notes")]

    operations = [
        migrations.AlterModelOptions(
            name="platform",
            options={
                "ordering": ["slug"],
                "verbose_name": "trading platform",
                "verbose_name_plural": "trading platforms",
            },
        ),
        migrations.RenameField(model_name="platform", old_name="name", new_name="name_vi"),
        migrations.AddField(
            model_name="platform",
            name="name_en",
            field=models.CharField(blank=True, max_length=80, verbose_name="name (English)"),
        ),
        migrations.RunPython(split_names, join_names),
        migrations.AlterField(
            model_name="platform",
            name="name_vi",
            field=models.CharField(
                blank=True,
                help_text="A product name (MetaTrader 5) is typed as is in both languages.",
                max_length=80,
                verbose_name="name (Vietnamese)",
            ),
        ),
    ]
