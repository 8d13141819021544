"""A cursor for the hand-written statements every cold page runs (routing, the article's byline
and related list, cards by id, listing lists).

On PostgreSQL it binds parameters on the server and prepares each statement on its first run
in a connection, so later runs skip parsing and planning: the pages' statements are few and
always the same, and planning took as long as answering (joins of Wagtail's page table). The
ORM keeps Django's client-side binding, which not all its SQL supports on the server
(Django ticket #20516). Set `DATABASE_PREPARED_STATEMENTS=0` behind a pooler in transaction
mode that does not keep prepared statements (PgBouncer before 1.21).

Anywhere else, with that setting off and with the fast path off, it is `connection.cursor()`.
The hook into Django's cursor (`connection._prepare_cursor`, `create_cursor`'s steps copied
below) is private: tests/test_fastpath_tripwires.py pins the Django version it was read from.
Either way the cursor is Django's wrapper: query logging, `execute_wrapper` and the test
budgets see every statement."""

from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorWrapper

from . import enabled


def _preparing_cursor_class() -> type[Any]:
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(
            self,
            query: Any,
            params: Any = None,
            *,
            prepare: bool | None = None,
            binary: bool | None = None,
        ) -> Any:
            # django-stubs declare ServerBindingCursor without psycopg's cursor methods.
            return super().execute(query, params, prepare=True, binary=binary)  # type: ignore[misc]

        def _convert_query(self, query: Any, params: Any = None) -> Any:
            # psycopg keeps the statement for Django's query log (`_query`, which
            # last_executed_query reads) only when it runs one unprepared.
            self._query = super()._convert_query(query, params)  # type: ignore[misc]  # as above
            return self._query

    return PreparingCursor


_preparing: type[Any] | None = None


def hot_cursor() -> CursorWrapper:
    """A Django cursor that prepares its statements on PostgreSQL (see the module)."""
    global _preparing
    if (
        connection.vendor != "postgresql"
        or not settings.DATABASE_PREPARED_STATEMENTS
        or not enabled()
    ):
        return connection.cursor()
    if _preparing is None:
        _preparing = _preparing_cursor_class()
    # connection.cursor(), with our cursor class in create_cursor(): health check, connect,
    # the connection's time zone on the cursor when the adapters disagree, Django's wrapper.
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        if connection.connection.prepare_threshold is None:
            # psycopg ignores prepare=True while the connection's threshold is None (Django's
            # default). Only cursors binding on the server use it: Django's own bind on the
            # client, and named cursors too, so nothing else starts preparing.
            connection.connection.prepare_threshold = 5
        cursor = _preparing(connection.connection)
        loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
        if connection.timezone != loader.timezone:
            register_tzloader(connection.timezone, cursor)
        # Private (see the module): absent from django-stubs' BaseDatabaseWrapper.
        prepared: CursorWrapper = connection._prepare_cursor(cursor)  # type: ignore[attr-defined]
        return prepared
