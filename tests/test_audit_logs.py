"""Both security logs live in the audit app, written by audit.services with audit.clientip's
address (behind nginx both used to record 127.0.0.1, or allauth's idea of it). Refused CSRF
checks are aggregated: 100 anonymous POSTs with no token used to write 100 rows in 0.6 s; now one
row per address, reason and window counts them, and staff see the count."""

import importlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Sum
from django.test import Client

from infofinance.audit import services as audit
from infofinance.audit.models import AccountEvent, SecurityEvent
from infofinance.complaints import services as complaints
from tests import complaints_support as support

pytestmark = pytest.mark.django_db

manager = support.manager
PROXY = "127.0.0.1"
A, B, C = "198.51.100.1", "198.51.100.2", "2001:db8::3"


@pytest.fixture
def one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_CLIENT_IP_HEADER = ""


def forwarded(rf, address, path="/x/"):
    request = rf.post(path, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request


def bad_csrf_post(address, path="/tai-khoan/login/"):
    client = Client(
        enforce_csrf_checks=True, REMOTE_ADDR=PROXY, headers={"x-forwarded-for": address}
    )
    response = client.post(path, {"login": "a@example.com", "password": "x"})
    assert response.status_code == 403
    return response


def test_both_logs_record_the_client_behind_the_proxy(rf, one_proxy):
    event = audit.record_account_event(AccountEvent.Kind.LOGIN_FAILED, forwarded(rf, A))
    assert AccountEvent.objects.get(pk=event.pk).ip_address == A
    refusal = complaints.log_refusal(forwarded(rf, B), "unsafe_upload", "bad file")
    assert SecurityEvent.objects.get(pk=refusal.pk).ip == B


def test_without_a_trusted_proxy_the_logs_ignore_x_forwarded_for(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    audit.record_account_event(AccountEvent.Kind.LOGIN_FAILED, forwarded(rf, A))
    complaints.log_refusal(forwarded(rf, A), "rule", "x")
    assert AccountEvent.objects.get().ip_address == PROXY
    assert SecurityEvent.objects.get().ip == PROXY


def test_other_refusals_still_get_one_row_each(rf, one_proxy):
    for _attempt in range(3):
        complaints.log_refusal(forwarded(rf, A), "upload_too_large", "9 bytes")
    assert SecurityEvent.objects.filter(action="upload_too_large").count() == 3


def test_a_flood_of_bad_csrf_posts_is_one_counted_row_per_address(structure, one_proxy):
    for _attempt in range(100):
        bad_csrf_post(A)
    rows = SecurityEvent.objects.filter(action="csrf")
    assert rows.count() == 1
    row = rows.get()
    assert row.ip == A and row.count == 100 and row.last_seen_at >= row.created_at
    assert row.user_id is None and "CSRF" in row.detail
    bad_csrf_post(B)
    bad_csrf_post(C)
    bad_csrf_post(B)
    counts = dict(SecurityEvent.objects.filter(action="csrf").values_list("ip", "count"))
    assert counts == {A: 100, B: 2, C: 1}


def test_staff_see_how_many_attempts_a_row_counts(client, structure, staff_login, manager):
    for _attempt in range(37):
        bad_csrf_post(A)
    staff_login(client, manager)
    html = client.get("/admin/complaints/refused/").text
    assert "csrf" in html and "<td>37 · " in html


def test_the_security_log_pages_with_the_sites_one_pagination(
    client, structure, staff_login, manager
):
    SecurityEvent.objects.bulk_create(
        SecurityEvent(action=f"probe-{number}", path="/x/") for number in range(51)
    )
    staff_login(client, manager)
    html = client.get("/admin/complaints/refused/").text
    assert '<nav class="pagination"' in html and 'rel="next" href="?page=2"' in html
    second = client.get("/admin/complaints/refused/", {"page": 2}).text
    assert 'rel="prev" href="?page=1"' in second and 'rel="next"' not in second


def test_a_new_window_starts_a_new_row(structure, one_proxy):
    bad_csrf_post(A)
    SecurityEvent.objects.update(
        created_at=SecurityEvent.objects.get().created_at
        - audit.AGGREGATE_WINDOW
        - timedelta(seconds=1)
    )
    bad_csrf_post(A)
    assert sorted(SecurityEvent.objects.values_list("count", flat=True)) == [1, 1]


def test_past_the_cap_of_addresses_the_rest_are_counted_together(structure, one_proxy, monkeypatch):
    monkeypatch.setattr(audit, "AGGREGATE_MAX_ROWS", 3)
    for index in range(8):
        for _attempt in range(2):
            bad_csrf_post(f"198.51.100.{10 + index}")
    rows = SecurityEvent.objects.filter(action="csrf")
    assert rows.count() == 4
    assert rows.aggregate(total=Sum("count"))["total"] == 16  # every attempt counted
    overflow = rows.get(ip=None)
    assert overflow.count == 10 and overflow.detail == audit.OVERFLOW_DETAIL


def test_a_refused_csrf_check_is_still_answered_when_the_log_fails(structure, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("infofinance.audit.views.record_security_event", broken)
    bad_csrf_post(A)


def test_the_logs_permissions_belong_to_audit(structure):
    managers = Group.objects.get(name="Complaint managers")
    assert managers.permissions.filter(
        content_type__app_label="audit", codename="view_securityevent"
    ).exists()
    assert ContentType.objects.get_for_model(AccountEvent).app_label == "audit"
    assert ContentType.objects.get_for_model(SecurityEvent).app_label == "audit"


def test_the_migration_carries_grants_when_both_content_types_exist(structure, django_user_model):
    """A migrate that created audit's content types before the move ran (see its docstring):
    whoever held the old permission holds the new one."""
    migration = importlib.import_module("infofinance.audit.migrations.0001_initial")
    old_type = ContentType.objects.create(app_label="accounts", model="accountevent")
    old_permission = Permission.objects.create(
        content_type=old_type, codename="view_accountevent", name="Can view"
    )
    extra = Permission.objects.create(content_type=old_type, codename="export_accountevent")
    auditors = Group.objects.create(name="Auditors")
    auditors.permissions.add(old_permission, extra)
    someone = django_user_model.objects.create_user("s", "s@example.com", "pw")
    someone.user_permissions.add(old_permission)

    from django.apps import apps

    migration.move_content_types(apps, connection.schema_editor())
    held = set(auditors.permissions.values_list("content_type__app_label", "codename"))
    assert ("audit", "view_accountevent") in held
    assert ("audit", "export_accountevent") in held
    someone = django_user_model.objects.get(pk=someone.pk)
    assert someone.has_perm("audit.view_accountevent")


# The accounts' log: refusals that repeat as fast as a client sends them.


def login(client, email, password):
    return client.post("/tai-khoan/login/", {"login": email, "password": password})


def test_a_locked_out_client_hammering_the_login_is_one_counted_row(
    structure, one_proxy, staff_login, django_user_model
):
    attacker = Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": A})
    for _attempt in range(5):  # the per-login limit: 5 failures, then refused
        login(attacker, "victim@example.com", "wrong")
    for _attempt in range(20):  # (under the 30 login POSTs a minute of the "login" limit)
        assert "quá nhiều lần" in login(attacker, "victim@example.com", "wrong").text
    assert AccountEvent.objects.filter(kind="login_failed").count() == 5
    refused = AccountEvent.objects.get(kind="login_refused")
    assert refused.count == 20 and refused.ip_address == A
    assert refused.identifier == "victim@example.com"
    # Another address refused for the same login has its own row.
    login(Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": B}), "victim@example.com", "x")
    counts = dict(
        AccountEvent.objects.filter(kind="login_refused").values_list("ip_address", "count")
    )
    assert counts == {A: 20, B: 1}
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "S3cret-pass!")
    admin = staff_login(Client(), boss)
    html = admin.get("/admin/account_events/").text
    assert re.search(r"<td >\s*20\s*</td>", html)  # the attempts column


def test_a_flood_of_rate_limited_requests_is_one_counted_row(structure, one_proxy, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/h/ip"}
    client = Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": C})
    client.post("/tai-khoan/password/reset/", {"email": "x@example.com"})
    for _attempt in range(30):
        response = client.post("/tai-khoan/password/reset/", {"email": "x@example.com"})
        assert response.status_code == 429
    limited = AccountEvent.objects.get(kind="rate_limited")
    assert limited.count == 30 and limited.ip_address == C


def test_failed_logins_and_deletions_keep_a_row_each(rf, one_proxy):
    for _attempt in range(3):
        audit.record_account_event(AccountEvent.Kind.LOGIN_FAILED, forwarded(rf, A))
        audit.record_account_event(AccountEvent.Kind.ACCOUNT_DELETED, forwarded(rf, A))
    assert AccountEvent.objects.filter(kind="login_failed", count=1).count() == 3
    assert AccountEvent.objects.filter(kind="account_deleted", count=1).count() == 3


def test_past_the_cap_account_refusals_are_counted_together(rf, one_proxy, monkeypatch):
    monkeypatch.setattr(audit, "AGGREGATE_MAX_ROWS", 2)
    for index in range(5):
        request = forwarded(rf, f"198.51.100.{20 + index}")
        audit.record_account_event(AccountEvent.Kind.RATE_LIMITED, request, identifier="x")
    rows = AccountEvent.objects.filter(kind="rate_limited")
    assert rows.count() == 3
    assert rows.get(ip_address=None).count == 3
