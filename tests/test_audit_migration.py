"""Moving both security logs into the audit app keeps their rows, ids and foreign keys, and the
permissions given on them: a database at the code before the move (accounts' and complaints'
migrations just before theirs), with rows and grants written through that state's models, is
migrated forward in its own process (SQLite file, or a PostgreSQL database when the suite runs on
PostgreSQL), then read through the audit models."""

import json
import subprocess

import pytest

from tests.e2e.conftest import PYTHON, ROOT, _database_url

pytestmark = pytest.mark.e2e

SCRIPT = r"""
import json
import django

django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader


def before_move(app, name):
    graph = MigrationLoader(connection).graph
    node = next(key for key in graph.nodes if key[0] == app and name in key[1])
    return next(p.key for p in graph.node_map[node].parents if p.key[0] == app)


accounts = before_move("accounts", "move_accountevent_to_audit")
complaints = before_move("complaints", "move_securityevent_to_audit")
call_command("migrate", *complaints, verbosity=0)
call_command("migrate", *accounts, verbosity=0)
old = MigrationLoader(connection).project_state([accounts, complaints]).apps
ContentType = old.get_model("contenttypes", "ContentType")
Permission = old.get_model("auth", "Permission")
Group = old.get_model("auth", "Group")
# What the old code's post_migrate left: the logs' content types in their old apps.
ContentType.objects.filter(app_label="audit").delete()
user = old.get_model("accounts", "User").objects.create(username="an", email="an@example.com")
account_event = old.get_model("accounts", "AccountEvent").objects.create(
    kind="login_failed", user=user, identifier="an@example.com", ip_address="198.51.100.1",
    path="/tai-khoan/login/", detail="d1",
)
security_event = old.get_model("complaints", "SecurityEvent").objects.create(
    action="csrf", user=user, ip="2001:db8::1", path="/x/", detail="CSRF cookie not set."
)
auditors = Group.objects.create(name="Auditors")
auditors.permissions.add(
    Permission.objects.get(content_type__app_label="accounts", codename="view_accountevent")
)
user.user_permissions.add(
    Permission.objects.get(content_type__app_label="complaints", codename="view_securityevent")
)

call_command("migrate", verbosity=0)

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from infofinance.accounts.models import User
from infofinance.audit.models import AccountEvent, SecurityEvent

moved_account = AccountEvent.objects.get()
moved_security = SecurityEvent.objects.get()
user = User.objects.get()
print(json.dumps({
    "account": [moved_account.pk == account_event.pk, moved_account.user_id == user.pk,
                moved_account.kind, moved_account.ip_address, moved_account.detail],
    "security": [moved_security.pk == security_event.pk, moved_security.user_id == user.pk,
                 moved_security.ip, moved_security.detail, moved_security.count],
    "tables": sorted(t for t in connection.introspection.table_names() if t.startswith("audit_")),
    "auditors": sorted(Group.objects.get(name="Auditors").permissions.values_list(
        "content_type__app_label", "codename")),
    "user_can": user.has_perm("audit.view_securityevent"),
    "managers": Group.objects.get(name="Complaint managers").permissions.filter(
        content_type__app_label="audit", codename="view_securityevent").exists(),
    "old_types": ContentType.objects.filter(
        model__in=["accountevent", "securityevent"]).exclude(app_label="audit").count(),
    "new_row": SecurityEvent.objects.create(action="x").pk > moved_security.pk,
}))
"""


def test_the_logs_move_to_audit_with_their_rows_and_permissions(tmp_path):
    url, drop = _database_url(tmp_path, "audit_move")
    try:
        result = subprocess.run(
            [PYTHON, "-c", SCRIPT],
            cwd=ROOT,
            env={
                **__import__("os").environ,
                "DJANGO_SETTINGS_MODULE": "infofinance.settings.test",
                "DATABASE_URL": url,
            },
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        drop()
    assert result.returncode == 0, result.stderr[-3000:]
    moved = json.loads(result.stdout.strip().splitlines()[-1])
    assert moved["account"] == [True, True, "login_failed", "198.51.100.1", "d1"]
    assert moved["security"] == [True, True, "2001:db8::1", "CSRF cookie not set.", 1]
    assert moved["tables"] == ["audit_accountevent", "audit_securityevent"]
    assert moved["auditors"] == [["audit", "view_accountevent"]]
    assert moved["user_can"] is True
    assert moved["managers"] is True
    assert moved["old_types"] == 0
    assert moved["new_row"] is True  # the id sequence carried on after the rename
