import contextlib
import dataclasses
import itertools
import os
import sqlite3
from pathlib import Path

import freezegun
import pytest
from django.core.cache import cache

from infofinance.home.services import SiteStructure, ensure_site_structure

# pytest times each test through _pytest.timing; a frozen clock there made --durations read
# 1,796,087,710 s for the events tests. Callers in the ignore list get the real clock.
freezegun.configure(extend_ignore_list=["_pytest.timing"])


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, migrated, with the site's skeleton built once for the session
    (`ensure_site_structure`, several published pages with revisions, is the costliest setup
    of most tests). Each test runs in a transaction rolled back at its end, so every test
    starts from this same state, whether it asks for `structure` or not."""
    with django_db_blocker.unblock():
        _SKELETON.append(_keys(ensure_site_structure()))
        cache.clear()


_SKELETON: list[dict] = []


def _keys(structure: SiteStructure) -> dict:
    return {
        field.name: {
            key: (type(obj), obj.pk) for key, obj in getattr(structure, field.name).items()
        }
        for field in dataclasses.fields(structure)
    }


def _load(keys: dict) -> SiteStructure | None:
    """Fresh instances of the session's skeleton (a test may change them), a query per model
    and field; None when a test that flushes the database (transactional) removed them."""
    values = {}
    for name, entries in keys.items():
        by_model: dict = {}
        for model, pk in entries.values():
            by_model.setdefault(model, []).append(pk)
        found = {model: model.objects.in_bulk(pks) for model, pks in by_model.items()}
        values[name] = {key: found[model].get(pk) for key, (model, pk) in entries.items()}
        if None in values[name].values():
            return None
    return SiteStructure(**values)


@pytest.fixture
def structure(db):
    """The site's skeleton, as `ensure_site_structure()` returns it."""
    return (_SKELETON and _load(_SKELETON[0])) or ensure_site_structure()


# -- the demo content, loaded once per session (per xdist worker) -------------------------------

_DEMO: dict = {}


def _load_everything() -> None:
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit


@contextlib.contextmanager
def _database_named(name: str):
    """The default connection on database `name` (PostgreSQL) while the block runs."""
    from django.db import connection

    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def _postgres(statement: str) -> None:
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute(statement)


def _demo_database(tmp_path_factory) -> dict:
    """Build the demo database once: the test database as it is, plus `manage.py load_demo`.
    SQLite: a copy in memory (the backup API). PostgreSQL: a database beside the test one,
    the template of each module's copy."""
    from django.db import connection
    from django.test import override_settings

    if _DEMO:
        return _DEMO
    var_dir = tmp_path_factory.mktemp("demo-var")  # the complaints' private evidence files
    with override_settings(VAR_DIR=var_dir):
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            before = sqlite3.connect(":memory:")
            connection.connection.backup(before)
            try:
                _load_everything()
                _DEMO["sqlite"] = sqlite3.connect(":memory:", check_same_thread=False)
                connection.connection.backup(_DEMO["sqlite"])
            finally:
                before.backup(connection.connection)
        else:
            name = connection.settings_dict["NAME"]
            template = f"{name}_demo"
            connection.close()
            _postgres(f'DROP DATABASE IF EXISTS "{template}"')
            _postgres(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
            with _database_named(template):
                _load_everything()
            _DEMO["template"] = template
    _DEMO["var_dir"] = var_dir
    cache.clear()
    return _DEMO


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo content (`manage.py load_demo`: brokers, readers and complaints, articles,
    pages, events) for the tests of a module, loaded once per session: each module gets a copy,
    and the test database is as it was again after the module. Tests still run in their own
    transactions on top. Use it with `structure` (same pages: the skeleton is in the copy)."""
    from django.db import connection
    from django.test import override_settings

    with django_db_blocker.unblock():
        demo = _demo_database(tmp_path_factory)
        with override_settings(VAR_DIR=demo["var_dir"]):
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                before = sqlite3.connect(":memory:")
                connection.connection.backup(before)
                demo["sqlite"].backup(connection.connection)
                try:
                    cache.clear()
                    yield
                finally:
                    connection.ensure_connection()
                    before.backup(connection.connection)
            else:
                copy = f"{demo['template']}_{next(_COPIES)}"
                connection.close()
                _postgres(f'CREATE DATABASE "{copy}" TEMPLATE "{demo["template"]}"')
                try:
                    with _database_named(copy):
                        cache.clear()
                        yield
                finally:
                    _postgres(f'DROP DATABASE IF EXISTS "{copy}"')
    cache.clear()


_COPIES = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def _drop_demo_template(django_db_blocker):
    """The PostgreSQL demo database goes with the session, like the test database."""
    yield
    if _DEMO.get("template"):
        with django_db_blocker.unblock():
            _postgres(f'DROP DATABASE IF EXISTS "{_DEMO["template"]}"')


@pytest.fixture
def staff_login():
    """Log a staff member into a test client the way the admin requires: the user gets a TOTP
    authenticator when they have none, and the session records a password and a second-factor
    authentication (as allauth's login with MFA leaves it); every admin test logs in through it."""

    def login(client, user):
        from tests.accounts_helpers import mfa_verified_login

        return mfa_verified_login(client, user)

    return login


@pytest.fixture
def app():
    """The production WSGI stack, page cache in front. Like Django's test client, keep the test's
    database connection open across requests (the handler would close it at the end of each)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from infofinance.pagecache.wsgi import PageCacheApp

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield PageCacheApp(WSGIHandler())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# -- running in parallel (pytest-xdist, `-n 2` in scripts/test) ----------------------------------

# The modules of the demo site (a session fixture: a server with the demo content) run in one
# worker, so that the site is built once; and so do those whose tests share one outside
# resource (a fixed Redis database that each test empties). Every other test is sent alone.
# (xdist_group marks and `--dist loadgroup` would say the same, but with pytest 9.2 xdist no
# longer sees them, pytest-xdist issue 1386.)
_E2E = Path(__file__).parent / "e2e"
DEMO_SITE_MODULES = {p.name for p in _E2E.glob("test_*.py") if "demo_site" in p.read_text()}
SERIAL_MODULES = {"test_pagecache_nginx.py"}


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split("::", 1)[0]
            name = path.rsplit("/", 1)[-1]
            if name in DEMO_SITE_MODULES:
                return "demo_site"
            if name in SERIAL_MODULES:
                return path
            return nodeid

    return Scheduling(config, log)
