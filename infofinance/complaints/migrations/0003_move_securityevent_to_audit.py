"""The security log of refused attempts moves to the audit app with its rows: the table is
renamed to audit_securityevent here and the model leaves this app's state; audit's 0001 takes
it over without touching the database (and moves its content type, so permissions follow)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0002_publication"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="securityevent", table="audit_securityevent"),
            ],
            state_operations=[
                migrations.DeleteModel(name="SecurityEvent"),
            ],
        ),
    ]
