"""Imports of releases (markets.imports): CSV with a byte-order mark and semicolons, JSON and
iCalendar; bad files refused whole with their errors by line; idempotent on a second run;
invisible until the one final transaction; from a URL through the safe-fetch module (a
redirect to 127.0.0.1 refused); the command and the periodic job."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from infofinance.markets import imports, jobs
from infofinance.markets.models import (
    ImportSource,
    ImportStatus,
    Release,
    ReleaseImport,
    ReleaseRevision,
    ReleaseStaging,
)
from infofinance.markets.selectors.revisions import release_as_of
from infofinance.wiring import events
from tests.markets_support import make_indicator, make_release
from tests.test_safefetch import LocalServer, free_port

pytestmark = pytest.mark.django_db
BOM = b"\xef\xbb\xbf"
HEADER = "indicator;period;scheduled;zone;status;importance;actual;forecast;previous;unit"


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (the catalogue translates them)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def published(monkeypatch):
    seen: list[tuple[str, dict]] = []
    monkeypatch.setattr(events, "_dispatch", lambda event, payload: seen.append((event, payload)))
    return seen


@pytest.fixture
def local_server(settings):
    """A local HTTP server, allowed through SAFE_FETCH_ALLOWED for this test only."""
    server = LocalServer()
    settings.SAFE_FETCH_ALLOWED = [server.host_port]
    yield server
    server.close()


@pytest.fixture
def cpi(db):
    return make_indicator(pages=False, code="us-cpi", unit="percent", release_zone="UTC")


@pytest.fixture
def payrolls(db):
    return make_indicator(
        pages=False,
        code="us-nfp",
        unit="thousands",
        category="employment",
        release_zone="America/New_York",
    )


def csv_bytes(*lines: str, header: str = HEADER, bom: bool = True) -> bytes:
    return (BOM if bom else b"") + "\r\n".join([header, *lines]).encode("utf-8")


def future_local(days=10) -> str:
    return (timezone.now() + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


GOOD = csv_bytes(
    "us-cpi;2026-01;2026-02-11 08:30;America/New_York;released;3;3.1;3.0;2.9;percent",
    "us-nfp;2026-02;2026-03-06 08:30;America/New_York;;;151;160;143;thousands",
    "us-nfp;2026-03;2026-04-03 08:30;America/New_York;;;;;151;",
)


def test_a_csv_with_a_byte_order_mark_and_semicolons_is_imported(cpi, payrolls):
    release_import = imports.import_file(GOOD, "csv", filename="releases.csv")
    assert release_import.status == ImportStatus.DONE
    assert (release_import.created, release_import.updated, release_import.unchanged) == (3, 0, 0)
    first = Release.objects.get(indicator=cpi)
    assert first.period_start == date(2026, 1, 1) and first.period_kind == "month"
    assert first.scheduled_at == datetime(2026, 2, 11, 13, 30, tzinfo=UTC)  # EST
    assert first.actual == Decimal("3.1") and first.forecast == Decimal("3.0")
    assert first.importance == 3 and first.country == "US"
    march = Release.objects.get(indicator=payrolls, period_start=date(2026, 2, 1))
    assert march.scheduled_at == datetime(2026, 3, 6, 13, 30, tzinfo=UTC)
    assert march.status == "released"  # an actual came with it
    april = Release.objects.get(indicator=payrolls, period_start=date(2026, 3, 1))
    assert april.scheduled_at == datetime(2026, 4, 3, 12, 30, tzinfo=UTC)  # EDT
    assert april.actual is None and april.status == "scheduled"
    assert ReleaseRevision.objects.filter(release_import=release_import).count() == 3
    assert not ReleaseStaging.objects.exists()


def test_a_comma_delimited_file_without_a_bom_is_imported(cpi):
    data = csv_bytes(
        'us-cpi,2026-01,2026-02-11 08:30,America/New_York,,,"3.1",3.0,2.9,',
        header=HEADER.replace(";", ","),
        bom=False,
    )
    assert imports.import_file(data, "csv").created == 1


def test_bad_rows_refuse_the_whole_file_with_errors_by_line(cpi, payrolls):
    existing = make_release(
        cpi, period=date(2025, 12, 1), scheduled_at=datetime(2026, 1, 13, 13, 30, tzinfo=UTC)
    )
    data = csv_bytes(
        "us-cpi;2025-12;2026-01-13 08:30;America/New_York;;;2.7;2.8;;",  # 2: fine (an update)
        "us-cpi;2026-01;2026-02-11 08:30;America/New_York;;;3,1;3.0;;",  # 3: comma decimal
        "us-gdp;2026-Q1;2026-04-29 08:30;America/New_York;;;;;;",  # 4: unknown indicator
        "us-nfp;2026-02;2026-03-06 08:30;America/New_York;;;151;;;percent",  # 5: wrong unit
        f"us-nfp;2026-11;{future_local()};America/New_York;;;180;;;",  # 6: future actual
        "us-cpi;2026-02;2026-03-11 08:30;;;;;;;",  # 7: fine
        "us-cpi;2026-02;2026-03-11 09:30;;;;;;;",  # 8: duplicate of 7
        "us-cpi;2026-03;2026-03-08 02:30;America/New_York;;;;;;",  # 9: skipped by the clocks
        "us-cpi;2026-04;tomorrow;;;;;;;",  # 10: not a time
    )
    with pytest.raises(imports.ImportRefused) as excinfo:
        imports.import_file(data, "csv")
    by_line = {(error.line, error.field) for error in excinfo.value.errors}
    assert by_line == {
        (3, "actual"),
        (4, "indicator"),
        (5, "unit"),
        (6, "actual"),
        (8, "period"),
        (9, "scheduled"),
        (10, "scheduled"),
    }
    messages = {error.line: error.message for error in excinfo.value.errors}
    assert "dot" in messages[3] and "us-gdp" in messages[4] and "line 7" in messages[8]
    assert Release.objects.count() == 1  # nothing imported
    existing.refresh_from_db()
    assert existing.actual is None
    assert not ReleaseRevision.objects.exists() and not ReleaseStaging.objects.exists()
    failed = excinfo.value.release_import
    assert failed.status == ImportStatus.FAILED
    assert {(e["line"], e["field"]) for e in failed.errors} == by_line


def test_a_file_with_unknown_columns_is_refused(cpi):
    data = csv_bytes("us-cpi;2026-01;2026-02-11 08:30", header="indicator;period;scheduled;forcast")
    with pytest.raises(imports.ImportRefused, match="forcast"):
        imports.import_file(data, "csv")


def test_the_second_run_of_the_same_file_changes_nothing(cpi, payrolls, published):
    imports.import_file(GOOD, "csv")
    before = {r.pk: (r.updated_at, r.actual, r.scheduled_at) for r in Release.objects.all()}
    revisions = ReleaseRevision.objects.count()
    published.clear()
    again = imports.import_file(GOOD, "csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert ReleaseRevision.objects.count() == revisions
    after = {r.pk: (r.updated_at, r.actual, r.scheduled_at) for r in Release.objects.all()}
    assert after == before
    assert published == []


def test_an_empty_cell_keeps_the_current_value(cpi):
    imports.import_file(
        csv_bytes("us-cpi;2026-01;2026-02-11 08:30;America/New_York;;;3.1;3.0;2.9;"), "csv"
    )
    changed = imports.import_file(
        csv_bytes("us-cpi;2026-01;2026-02-11 08:30;America/New_York;;;;3.2;;"), "csv"
    )
    release = Release.objects.get()
    assert (release.actual, release.forecast, release.previous) == (
        Decimal("3.1"),
        Decimal("3.2"),
        Decimal("2.9"),
    )
    assert changed.updated == 1


def test_a_reader_during_an_import_sees_the_old_values(cpi):
    release = make_release(
        cpi,
        period=date(2026, 1, 1),
        scheduled_at=datetime(2026, 2, 11, 13, 30, tzinfo=UTC),
        forecast="3.0",
    )
    data = csv_bytes(
        "us-cpi;2026-01;2026-02-11 08:30;America/New_York;;;3.1;3.2;;",
        "us-cpi;2026-02;2026-03-11 08:30;America/New_York;;;;3.3;;",
    )
    progress = []
    staged = imports.prepare(data, "csv", progress=lambda *step: progress.append(step))
    assert staged.status == ImportStatus.WRITING and staged.rows_done == 2
    assert ("stage", 2, 2) in progress
    assert ReleaseStaging.objects.filter(release_import=staged).count() == 2
    # Before the flip: the old values, and no new release.
    release.refresh_from_db()
    assert release.forecast == Decimal("3.0") and release.actual is None
    assert Release.objects.count() == 1
    imports.make_visible(staged)
    release.refresh_from_db()
    assert release.forecast == Decimal("3.2") and release.actual == Decimal("3.1")
    assert Release.objects.count() == 2
    assert not ReleaseStaging.objects.exists()


def test_a_release_changed_by_hand_during_an_import_refuses_the_flip(cpi):
    from infofinance.markets.services import save_release

    release = make_release(
        cpi, period=date(2026, 1, 1), scheduled_at=datetime(2026, 2, 11, 13, 30, tzinfo=UTC)
    )
    staged = imports.prepare(
        csv_bytes("us-cpi;2026-01;2026-02-11 08:30;America/New_York;;;;3.2;;"), "csv"
    )
    save_release(release, values={"forecast": "3.9"})
    Release.objects.filter(pk=release.pk).update(updated_at=timezone.now() + timedelta(seconds=5))
    with pytest.raises(imports.ImportRefused, match="changed"):
        imports.make_visible(staged)
    release.refresh_from_db()
    assert release.forecast == Decimal("3.9")


def test_an_import_keeps_revisions_that_reconstruct_a_revised_previous(cpi):
    imports.import_file(
        csv_bytes("us-cpi;2026-01;2026-02-11 08:30;America/New_York;;;;3.0;2.9;"), "csv"
    )
    release = Release.objects.get()
    first = ReleaseRevision.objects.get(release=release)
    ReleaseRevision.objects.filter(pk=first.pk).update(at=first.at - timedelta(hours=1))
    header = HEADER + ";revised_previous"
    imports.import_file(
        csv_bytes(
            "us-cpi;2026-01;2026-02-11 08:30;America/New_York;;;3.2;3.0;2.9;;3.1", header=header
        ),
        "csv",
    )
    second = ReleaseRevision.objects.filter(release=release).latest("at", "pk")
    shown_before = release_as_of(release, second.at - timedelta(minutes=1))
    shown_after = release_as_of(release, second.at)
    assert shown_before["revised_previous"] is None and shown_before["previous"] == Decimal("2.9")
    assert shown_after["revised_previous"] == Decimal("3.1")
    assert shown_after["actual"] == Decimal("3.2")


def test_events_after_the_commit_one_per_release(
    cpi, payrolls, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_file(GOOD, "csv")
    assert [name for name, _p in published] == ["markets.release_changed"] * 3
    assert {p["release_id"] for _n, p in published} == set(
        Release.objects.values_list("pk", flat=True)
    )
    assert all(p["old_scheduled_at"] is None for _n, p in published)


def test_json_is_imported(cpi, payrolls):
    data = b"""{"releases": [
        {"indicator": "us-cpi", "period": "2026-01", "scheduled": "2026-02-11 08:30",
         "zone": "America/New_York", "actual": 3.1, "forecast": "3.0", "previous": null},
        {"indicator": "us-nfp", "period": "2026-02", "scheduled": "2026-03-06T13:30:00Z",
         "actual": 151, "unit": "thousands"}
    ]}"""
    result = imports.import_file(data, "json")
    assert result.created == 2
    cpi_release = Release.objects.get(indicator=cpi)
    assert cpi_release.actual == Decimal("3.1")
    assert Release.objects.get(indicator=payrolls).scheduled_at == datetime(
        2026, 3, 6, 13, 30, tzinfo=UTC
    )


def test_json_errors_name_the_item(cpi):
    data = b'[{"indicator": "us-cpi", "period": "2026-01", "scheduled": "2026-02-11 08:30"},'
    data += b' {"indicator": "us-cpi", "period": "Jan 2026", "scheduled": "2026-02-11 08:30"}]'
    with pytest.raises(imports.ImportRefused) as excinfo:
        imports.import_file(data, "json")
    assert [(e.line, e.field) for e in excinfo.value.errors] == [(2, "period")]
    assert not Release.objects.exists()


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//test//EN\r
BEGIN:VEVENT\r
UID:a@test\r
DTSTAMP:20260101T000000Z\r
DTSTART;TZID=America/New_York:20260311T083000\r
SUMMARY:US CPI\r
X-INDICATOR:us-cpi\r
X-PERIOD:2026-02\r
X-FORECAST:2.8\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:b@test\r
DTSTAMP:20260101T000000Z\r
DTSTART:20260410T123000Z\r
SUMMARY:US CPI\r
STATUS:TENTATIVE\r
X-INDICATOR:us-cpi\r
X-PERIOD:2026-03\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_icalendar_is_imported(cpi):
    result = imports.import_file(ICS.encode(), "ics")
    assert result.created == 2
    february = Release.objects.get(period_start=date(2026, 2, 1))
    assert february.scheduled_at == datetime(2026, 3, 11, 12, 30, tzinfo=UTC)  # EDT
    assert february.entered_zone == "America/New_York" and february.forecast == Decimal("2.8")
    march = Release.objects.get(period_start=date(2026, 3, 1))
    assert march.status == "tentative" and march.scheduled_at.hour == 12


def test_icalendar_errors_give_the_event_s_line(cpi):
    with pytest.raises(imports.ImportRefused) as excinfo:
        imports.import_file(ICS.replace("X-PERIOD:2026-03", "X-PERIOD:2026-3").encode(), "ics")
    assert [(e.line, e.field) for e in excinfo.value.errors] == [(13, "period")]


# -- from a URL ---------------------------------------------------------------------------


def test_a_url_import_goes_through_safe_fetch(cpi, payrolls, local_server):
    url = local_server.serve("releases.csv", GOOD, "text/csv")
    source = ImportSource.objects.create(name="Feed", url=url, format="csv")
    result = imports.import_url(source)
    assert result.created == 3 and result.source == source
    assert local_server.requests == ["/file/releases.csv"]
    source.refresh_from_db()
    assert source.last_run_at is not None and "3" in source.last_result


def test_a_url_redirecting_to_127_0_0_1_is_refused(cpi, local_server):
    target = f"http://127.0.0.1:{free_port()}/releases.csv"
    source = ImportSource.objects.create(
        name="Feed", url=local_server.url(f"/redirect?to={target}"), format="csv"
    )
    with pytest.raises(imports.ImportRefused, match=r"127\.0\.0\.1"):
        imports.import_url(source)
    assert not Release.objects.exists()
    source.refresh_from_db()
    assert "127.0.0.1" in source.last_result
    assert ReleaseImport.objects.get(source=source).status == ImportStatus.FAILED


def test_a_private_url_is_refused_without_the_test_allowance(cpi, local_server, settings):
    url = local_server.serve("releases.csv", GOOD, "text/csv")
    settings.SAFE_FETCH_ALLOWED = []
    source = ImportSource.objects.create(name="Feed", url=url, format="csv")
    with pytest.raises(imports.ImportRefused):
        imports.import_url(source)
    assert local_server.requests == []


def test_the_periodic_job_imports_due_sources_and_is_safe_twice(cpi, payrolls, local_server):
    url = local_server.serve("releases.csv", GOOD, "text/csv")
    due = ImportSource.objects.create(name="Due", url=url, format="csv", interval_minutes=60)
    ImportSource.objects.create(name="Off", url=url, format="csv", enabled=False)
    jobs.import_sources()
    jobs.import_sources()  # not due again for an hour
    assert ReleaseImport.objects.filter(source=due).count() == 1
    assert Release.objects.count() == 3
    ImportSource.objects.filter(pk=due.pk).update(
        last_run_at=timezone.now() - timedelta(minutes=61)
    )
    jobs.import_sources()
    latest = ReleaseImport.objects.filter(source=due).latest("started_at", "pk")
    assert latest.unchanged == 3 and ReleaseImport.objects.filter(source=due).count() == 2
    assert len(local_server.requests) == 2


def test_the_job_is_registered():
    from infofinance.wiring.periodic import registered_jobs

    assert registered_jobs()["markets.import-sources"] is jobs.import_sources


# -- the command --------------------------------------------------------------------------


def test_the_command_imports_with_progress(cpi, payrolls, tmp_path):
    path = tmp_path / "releases.csv"
    path.write_bytes(GOOD)
    out, err = StringIO(), StringIO()
    import sys

    saved = sys.stderr
    sys.stderr = err
    try:
        call_command("import_releases", str(path), stdout=out, stderr=err)
    finally:
        sys.stderr = saved
    assert "3 created" in out.getvalue()
    assert "100%" in err.getvalue()
    assert Release.objects.count() == 3


def test_the_command_fails_listing_the_errors(cpi, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("us-cpi;2026-01;2026-02-11 08:30;America/New_York;;;3,1;;;"))
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_releases", str(path), "--format", "csv", stderr=err)
    assert "Line 2, actual" in err.getvalue()
    assert not Release.objects.exists()


def test_an_import_moves_the_old_and_new_days_before_the_worker_runs(cpi, monkeypatch):
    """The final statements tell the page cache (content_changed) what they rewrote: a cached
    day view is stale at commit, not when the worker gets to the import's events."""
    from infofinance.markets import cache
    from infofinance.pagecache import store

    monkeypatch.setattr(events, "_dispatch", lambda event, payload: None)  # no worker
    release = make_release(
        cpi,
        period=date(2026, 1, 1),
        scheduled_at=datetime(2026, 2, 11, 13, 30, tzinfo=UTC),
        forecast="3.0",
    )
    moved: set[str] = set()
    original = store.invalidate

    def record(tags_=(store.SITE,)):
        moved.update(tags_)
        original(tags_)

    monkeypatch.setattr(store, "invalidate", record)
    # Moved by the file to the next day (20:30 Vietnam on the 12th), with a new forecast.
    data = csv_bytes("us-cpi;2026-01;2026-02-12 13:30;UTC;;;;3.1;;percent")
    assert imports.import_file(data, "csv").updated == 1
    release.refresh_from_db()
    assert release.forecast == Decimal("3.1")
    assert {cache.day(date(2026, 2, 11)), cache.day(date(2026, 2, 12))} <= moved
    assert cache.indicator(cpi.pk) in moved


# -- the final statement ------------------------------------------------------------------


def test_staging_matches_each_row_with_its_release(cpi):
    same = make_release(
        cpi,
        period=date(2025, 12, 1),
        scheduled_at=datetime(2026, 1, 13, 13, 30, tzinfo=UTC),
        forecast="2.8",
    )
    moving = make_release(
        cpi,
        period=date(2026, 1, 1),
        scheduled_at=datetime(2026, 2, 11, 13, 30, tzinfo=UTC),
        forecast="3.0",
    )
    data = csv_bytes(
        "us-cpi;2025-12;2026-01-13 13:30;UTC;;;;2.8;;",  # 2: unchanged
        "us-cpi;2026-01;2026-02-11 13:30;UTC;;;3.1;;;",  # 3: an update
        "us-cpi;2026-02;2026-03-11 13:30;UTC;;;;3.3;;",  # 4: new
    )
    staged = imports.prepare(data, "csv")
    assert (staged.created, staged.updated, staged.unchanged) == (1, 1, 1)
    rows = dict(
        ReleaseStaging.objects.filter(release_import=staged).values_list("line", "release_id")
    )
    assert rows == {3: moving.pk, 4: None}  # the unchanged row is not staged
    update = ReleaseStaging.objects.get(line=3)
    assert update.status == "released" and update.forecast == Decimal("3.0")
    done = imports.make_visible(staged)
    assert (done.created, done.updated, done.unchanged) == (1, 1, 1)
    same.refresh_from_db()
    moving.refresh_from_db()
    assert same.updated_at < done.started_at  # not rewritten
    assert moving.actual == Decimal("3.1") and moving.forecast == Decimal("3.0")
    assert moving.status == "released" and moving.actual_recorded_at is not None


def test_the_changed_releases_are_updated_by_one_statement(cpi, payrolls):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    releases = [
        make_release(
            cpi,
            period=date(2025, month, 1),
            scheduled_at=datetime(2025, month + 1, 12, 12, 30, tzinfo=UTC),
            forecast="2.0",
            previous="1.9",
        )
        for month in range(1, 11)
    ]
    lines = [
        f"us-cpi;2025-{month:02d};2025-{month + 1:02d}-12 12:30;UTC;;2;2.{month};2.1;;"
        for month in range(1, 11)
    ]
    lines.append("us-nfp;2026-02;2026-03-06 08:30;America/New_York;;;151;;;")
    staged = imports.prepare(csv_bytes(*lines), "csv")
    with CaptureQueriesContext(connection) as queries:
        done = imports.make_visible(staged)
    assert (done.created, done.updated) == (1, 10)
    table = Release._meta.db_table
    updates = [q["sql"] for q in queries if q["sql"].startswith(f'UPDATE "{table}"')]
    assert len(updates) == 1
    for month, release in enumerate(releases, start=1):
        release.refresh_from_db()
        assert release.actual == Decimal(f"2.{month}") and release.forecast == Decimal("2.1")
        assert release.previous == Decimal("1.9")  # an empty cell keeps it
        assert release.importance == 2 and release.status == "released"
        assert release.actual_recorded_at is not None
        assert release.updated_at >= done.started_at
    revisions = ReleaseRevision.objects.filter(release_import=done)
    assert revisions.count() == 11
    assert revisions.get(release=releases[0]).values["actual"] == "2.1"


def test_a_release_deleted_during_an_import_refuses_the_flip(cpi):
    release = make_release(
        cpi, period=date(2026, 1, 1), scheduled_at=datetime(2026, 2, 11, 13, 30, tzinfo=UTC)
    )
    staged = imports.prepare(
        csv_bytes(
            "us-cpi;2026-01;2026-02-11 08:30;America/New_York;;;;3.2;;",
            "us-cpi;2026-02;2026-03-11 08:30;America/New_York;;;;3.3;;",
        ),
        "csv",
    )
    release.delete()  # its staging row goes with it
    with pytest.raises(imports.ImportRefused, match="changed"):
        imports.make_visible(staged)
    assert not Release.objects.exists()


def test_a_release_created_by_hand_during_an_import_refuses_the_flip(cpi):
    staged = imports.prepare(
        csv_bytes("us-cpi;2026-01;2026-02-11 08:30;America/New_York;;;;3.2;;"), "csv"
    )
    make_release(
        cpi,
        period=date(2026, 1, 1),
        scheduled_at=datetime(2026, 2, 11, 13, 30, tzinfo=UTC),
        forecast="3.9",
    )
    with pytest.raises(imports.ImportRefused, match="changed"):
        imports.make_visible(staged)
    assert Release.objects.get().forecast == Decimal("3.9")
    assert not ReleaseRevision.objects.filter(release_import=staged).exists()
