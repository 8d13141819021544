"""Both security logs, taken over from accounts (AccountEvent) and complaints (SecurityEvent)
with their rows: those apps' migrations renamed the tables to audit_*, so here only the state
is created. Their content types are renamed to this app, so the permissions given to groups
(view_securityevent for complaint managers, view_accountevent) and the admin's log entries
follow the models."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = {"accountevent": "accounts", "securityevent": "complaints"}


def move_content_types(apps, schema_editor):
    """The old content type becomes audit's, with its permissions and whoever holds them. If
    audit's already exists (a migrate of the new code that stopped before this migration ran its
    post_migrate), the grants of the old permissions are given on the new ones instead."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db)
    for model, old_app in MOVED.items():
        old = types.filter(app_label=old_app, model=model).first()
        if old is None:
            continue
        new = types.filter(app_label="audit", model=model).first()
        if new is None:
            old.app_label = "audit"
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.using(db).filter(content_type=old):
            target = (
                Permission.objects.using(db)
                .filter(content_type=new, codename=permission.codename)
                .first()
            )
            if target is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            target.group_set.add(*permission.group_set.all())
            target.user_set.add(*permission.user_set.all())


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    types = ContentType.objects.using(db)
    for model, old_app in MOVED.items():
        if not types.filter(app_label=old_app, model=model).exists():
            types.filter(app_label="audit", model=model).update(app_label=old_app)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0004_move_accountevent_to_audit"),
        ("complaints", "0003_move_securityevent_to_audit"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AccountEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("login_failed", "login failed"),
                                    ("login_refused", "login refused: too many attempts"),
                                    ("rate_limited", "request refused: too many attempts"),
                                    ("admin_refused", "admin access refused"),
                                    ("account_deleted", "account deleted"),
                                ],
                                db_index=True,
                                max_length=20,
                                verbose_name="event",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="time"
                            ),
                        ),
                        (
                            "identifier",
                            models.CharField(
                                blank=True, max_length=254, verbose_name="login entered"
                            ),
                        ),
                        (
                            "ip_address",
                            models.GenericIPAddressField(
                                blank=True, null=True, verbose_name="IP address"
                            ),
                        ),
                        ("path", models.CharField(blank=True, max_length=300, verbose_name="path")),
                        (
                            "detail",
                            models.CharField(blank=True, max_length=300, verbose_name="detail"),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "account security event",
                        "verbose_name_plural": "account security log",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="SecurityEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("action", models.CharField(max_length=64)),
                        ("path", models.CharField(blank=True, max_length=300)),
                        ("ip", models.GenericIPAddressField(blank=True, null=True)),
                        ("detail", models.CharField(blank=True, max_length=500)),
                        (
                            "complaint",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="complaints.complaint",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "refused attempt",
                        "verbose_name_plural": "refused attempts",
                        "ordering": ["-created_at", "-pk"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, return_content_types),
    ]
