"""The accounts' security log moves to the audit app with its rows: the table is renamed to
audit_accountevent here and the model leaves this app's state; audit's 0001 takes it over
without touching the database (and moves its content type, so permissions follow)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_privacy_consent_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="accountevent", table="audit_accountevent"),
            ],
            state_operations=[
                migrations.DeleteModel(name="AccountEvent"),
            ],
        ),
    ]
