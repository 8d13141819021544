"""Refusals of the accounts that repeat (locked-out logins, rate-limited requests, refused admin
access) are aggregated like refused CSRF checks: a row counts its attempts."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_securityevent_count'),
    ]

    operations = [
        migrations.AddField(
            model_name='accountevent',
            name='count',
            field=models.PositiveIntegerField(default=1, verbose_name='attempts'),
        ),
        migrations.AddField(
            model_name='accountevent',
            name='last_seen_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last attempt'),
        ),
    ]
