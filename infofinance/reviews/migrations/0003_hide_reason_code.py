from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_author_alias"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="hidden_reason_code",
            field=models.CharField(
                blank=True,
                choices=[
                    ("spam", "Advertising or spam"),
                    ("abusive", "Insulting or abusive language"),
                    ("personal_data", "It contains someone's personal details"),
                    ("off_topic", "It is not about this broker"),
                    ("conflict", "Written by or for a party with an interest in the broker"),
                    ("other", "Another reason (explained below)"),
                ],
                help_text="Sent to the author by e-mail, in their language.",
                max_length=24,
                verbose_name="why it is hidden",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="hidden_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="hidden on"
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="hidden_reason",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Sent to the author by e-mail as written: no internal remarks, nothing "
                    "about other readers."
                ),
                max_length=300,
                verbose_name="reason for hiding",
            ),
        ),
    ]
