"""Refused CSRF checks are aggregated (audit.services): a row counts its attempts and keeps the
time of the last one."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='securityevent',
            name='count',
            field=models.PositiveIntegerField(default=1, verbose_name='attempts'),
        ),
        migrations.AddField(
            model_name='securityevent',
            name='last_seen_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last attempt'),
        ),
    ]
