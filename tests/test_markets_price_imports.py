"""Imports of prices (markets.price_imports): CSV with a byte-order mark and semicolons, JSON;
iCalendar refused; bad files refused whole with their errors by line; idempotent on a second
run; from a URL through the safe-fetch module (a redirect to 127.0.0.1 refused) and the
periodic job; the command; the page cache told (the asset page shows the imported price)."""

import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from infofinance.markets import imports, jobs, price_imports
from infofinance.markets.models import (
    ImportContent,
    ImportSource,
    ImportStatus,
    Price,
    ReleaseImport,
)
from tests.markets_support import make_instrument
from tests.test_markets_imports import (  # noqa: F401 - fixtures shared with the releases
    english,
    local_server,
    published,
)
from tests.test_safefetch import free_port

pytestmark = pytest.mark.django_db
BOM = b"\xef\xbb\xbf"
HEADER = "instrument;at;zone;close;open;high;low;source"


@pytest.fixture
def gold(db):
    return make_instrument(pages=False, code="xau-usd")


@pytest.fixture
def dong(db):
    return make_instrument(pages=False, code="usd-vnd", symbol="USD/VND", kind="currency")


def csv_bytes(*lines: str, header: str = HEADER, bom: bool = True) -> bytes:
    return (BOM if bom else b"") + "\r\n".join([header, *lines]).encode("utf-8")


GOOD = csv_bytes(
    "xau-usd;2026-12-01 16:00;;2650.5;2640;2660.25;2635;LBMA",  # Vietnam time: 09:00 UTC
    "xau-usd;2026-12-02T09:00:00Z;;2655;;;;",
    "usd-vnd;2026-12-01 08:30;America/New_York;25410;;;;Vietcombank",
)


def test_a_csv_with_a_byte_order_mark_and_semicolons_is_imported(gold, dong):
    result = price_imports.import_file(GOOD, "csv", filename="prices.csv")
    assert result.status == ImportStatus.DONE and result.content == ImportContent.PRICES
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    first = Price.objects.get(instrument=gold, at=datetime(2026, 12, 1, 9, tzinfo=UTC))
    assert (first.close, first.open, first.high, first.low) == (
        Decimal("2650.5"),
        Decimal("2640"),
        Decimal("2660.25"),
        Decimal("2635"),
    )
    assert first.source == "LBMA"
    second = Price.objects.get(instrument=gold, at=datetime(2026, 12, 2, 9, tzinfo=UTC))
    assert second.open is None and second.source == ""
    # 08:30 in New York on 1 December (EST, UTC-5).
    assert Price.objects.get(instrument=dong).at == datetime(2026, 12, 1, 13, 30, tzinfo=UTC)


def test_json_is_imported(gold):
    data = b"""{"prices": [
        {"instrument": "xau-usd", "at": "2026-12-01 16:00", "close": 2650.5, "high": "2660"},
        {"instrument": "xau-usd", "at": "2026-12-02T09:00:00+00:00", "close": "2655"}
    ]}"""
    assert price_imports.import_file(data, "json").created == 2
    assert Price.objects.get(at=datetime(2026, 12, 1, 9, tzinfo=UTC)).close == Decimal("2650.5")


def test_icalendar_is_refused_with_a_clear_error(gold):
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    with pytest.raises(imports.ImportRefused, match="releases, not prices") as excinfo:
        price_imports.import_file(data, "ics")
    assert excinfo.value.release_import.status == ImportStatus.FAILED
    assert not Price.objects.exists()


def test_bad_rows_refuse_the_whole_file_with_errors_by_line(gold, dong):
    future = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    Price.objects.create(
        instrument=gold, at=datetime(2026, 11, 30, 9, tzinfo=UTC), close=Decimal("2600")
    )
    data = csv_bytes(
        "xau-usd;2026-12-01 16:00;;2650.5;;;;",  # 2: fine
        "xau-usd;2026-12-02 16:00;;2650,5;;;;",  # 3: comma decimal
        "eur-usd;2026-12-01 16:00;;1.05;;;;",  # 4: unknown instrument
        "xau-usd;2026-12-03 16:00;;0;;;;",  # 5: close not positive
        "xau-usd;2026-12-04 16:00;;2650;;2600;2700;",  # 6: high below low
        f"usd-vnd;{future};;25400;;;;",  # 7: in the future
        "xau-usd;2026-12-01T09:00:00Z;;2651;;;;",  # 8: same quote as line 2
        "xau-usd;2026-11-30 16:00;Mars/Olympus;2600;;;;",  # 9: unknown zone
        "xau-usd;2026-12-05;;2600;;;;",  # 10: a date alone
        "xau-usd;2026-12-06 16:00;;;;;;",  # 11: no close
    )
    with pytest.raises(imports.ImportRefused) as excinfo:
        price_imports.import_file(data, "csv")
    by_line = {(error.line, error.field) for error in excinfo.value.errors}
    assert by_line == {
        (3, "close"),
        (4, "instrument"),
        (5, "close"),
        (6, "high"),
        (7, "at"),
        (8, "at"),
        (9, "zone"),
        (10, "at"),
        (11, "close"),
    }
    messages = {error.line: error.message for error in excinfo.value.errors}
    assert "dot" in messages[3] and "eur-usd" in messages[4] and "line 2" in messages[8]
    assert Price.objects.count() == 1  # nothing imported
    failed = excinfo.value.release_import
    assert failed.status == ImportStatus.FAILED and failed.content == ImportContent.PRICES
    assert {(e["line"], e["field"]) for e in failed.errors} == by_line


def test_unknown_columns_are_refused(gold):
    with pytest.raises(imports.ImportRefused, match="price_usd"):
        price_imports.import_file(csv_bytes("xau-usd;x", header="instrument;price_usd"), "csv")


def test_the_second_run_changes_nothing_and_a_change_updates(gold, dong, published):  # noqa: F811
    price_imports.import_file(GOOD, "csv")
    before = list(Price.objects.order_by("pk").values())
    published.clear()
    again = price_imports.import_file(GOOD, "csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert list(Price.objects.order_by("pk").values()) == before
    assert published == []
    changed = price_imports.import_file(
        csv_bytes("xau-usd;2026-12-02 16:00;;2656;;;;", bom=False), "csv"
    )
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 0)
    assert Price.objects.count() == 3
    assert Price.objects.get(at=datetime(2026, 12, 2, 9, tzinfo=UTC)).close == Decimal("2656")


def test_the_page_cache_and_the_chips_hear_of_the_import(gold, monkeypatch):
    from infofinance.markets import cache, slots
    from infofinance.pagecache import store

    moved: set[str] = set()
    original = store.invalidate

    def record(tags_=(store.SITE,)):
        moved.update(tags_)
        original(tags_)

    forgotten = []
    monkeypatch.setattr(store, "invalidate", record)
    monkeypatch.setattr(slots, "forget_chips", lambda: forgotten.append(1))
    price_imports.import_file(GOOD.replace(b"usd-vnd", b"xau-usd"), "csv")
    assert cache.instrument(gold.pk) in moved
    assert forgotten


def test_the_asset_page_shows_an_imported_price(structure):
    instrument = make_instrument(code="xau-usd")
    url = instrument.pages_by_language["vi"].url
    Client().get(url)  # cached before the import
    at = (timezone.now() - timedelta(hours=1)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    price_imports.import_file(csv_bytes(f"xau-usd;{at};;2987.25;;;;Kitco"), "csv")
    body = Client().get(url).content.decode()
    assert "2.987,25" in body and "Kitco" in body


# -- from a URL ---------------------------------------------------------------------------


def test_a_url_import_goes_through_safe_fetch(gold, dong, local_server):  # noqa: F811
    url = local_server.serve("prices.csv", GOOD, "text/csv")
    source = ImportSource.objects.create(name="Quotes", url=url, format="csv", content="prices")
    result = imports.import_url(source)
    assert result.content == ImportContent.PRICES and result.created == 3
    assert result.source == source
    assert local_server.requests == ["/file/prices.csv"]
    source.refresh_from_db()
    assert source.last_run_at is not None and "3" in source.last_result
    assert Price.objects.count() == 3


def test_a_url_redirecting_to_127_0_0_1_is_refused(gold, local_server):  # noqa: F811
    target = f"http://127.0.0.1:{free_port()}/prices.csv"
    source = ImportSource.objects.create(
        name="Quotes",
        url=local_server.url(f"/redirect?to={target}"),
        format="csv",
        content="prices",
    )
    with pytest.raises(imports.ImportRefused, match=r"127\.0\.0\.1"):
        imports.import_url(source)
    assert not Price.objects.exists()
    failed = ReleaseImport.objects.get(source=source)
    assert failed.status == ImportStatus.FAILED and failed.content == ImportContent.PRICES
    source.refresh_from_db()
    assert "127.0.0.1" in source.last_result


def test_the_periodic_job_imports_price_sources(gold, dong, local_server):  # noqa: F811
    url = local_server.serve("prices.csv", GOOD, "text/csv")
    source = ImportSource.objects.create(name="Quotes", url=url, format="csv", content="prices")
    jobs.import_sources()
    jobs.import_sources()  # not due again for an hour
    assert Price.objects.count() == 3
    assert ReleaseImport.objects.filter(source=source, content="prices").count() == 1


# -- the command --------------------------------------------------------------------------


def test_the_command_imports_with_progress(gold, dong, tmp_path):
    path = tmp_path / "prices.csv"
    path.write_bytes(GOOD)
    out, err = StringIO(), StringIO()
    saved = sys.stderr
    sys.stderr = err
    try:
        call_command("import_prices", str(path), stdout=out, stderr=err)
    finally:
        sys.stderr = saved
    assert "3 created" in out.getvalue()
    assert "100%" in err.getvalue()
    assert Price.objects.count() == 3


def test_the_command_fails_listing_the_errors(gold, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("xau-usd;2026-12-01 16:00;;2650,5;;;;"))
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_prices", str(path), stderr=err)
    assert "Line 2, close" in err.getvalue()
    assert not Price.objects.exists()


def test_the_command_refuses_icalendar(gold, tmp_path):
    path = tmp_path / "prices.ics"
    path.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_prices", str(path), stderr=err)
    assert "not prices" in err.getvalue()
