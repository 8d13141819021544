"""Import of release rows from CSV (infofinance/markets/imports.py), timed: N generated rows
(default 100,000) over generated indicators (20 years of monthly releases each), imported
four times: (a) "first" creates every release with its revision, "second" changes nothing,
(b) "update" changes every release (other figures), (c) "typical" changes 500 of them.
Prints rows/s for each step with a progress bar on stderr, and the duration of the final
transaction (`ReleaseImport.final_seconds`: the time the write lock is held on SQLite).

    .venv/bin/python bench/import_releases.py                  # SQLite, var/bench/markets.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/infofinance_bench_markets \\
        .venv/bin/python bench/import_releases.py --rows 100000

The bench's indicators (codes `bench-…`) and their releases are deleted before each run.
Results: bench/results/markets-import-<database>.json and .md. Target (issue 18): 100,000
rows under 60 s on PostgreSQL, with progress; SQLite reported.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
MONTHS_PER_INDICATOR = 240
TYPICAL = 500  # rows of the "typical" update
HEADER = "indicator;period;scheduled;zone;status;importance;actual;forecast;previous;unit"
ZONES = ["America/New_York", "Europe/Berlin", "Asia/Tokyo", "Asia/Shanghai", "Asia/Ho_Chi_Minh"]
COUNTRIES = {
    "America/New_York": "US",
    "Europe/Berlin": "EZ",
    "Asia/Tokyo": "JP",
    "Asia/Shanghai": "CN",
    "Asia/Ho_Chi_Minh": "VN",
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_indicators(count: int) -> list:
    from infofinance.markets.models import Indicator, Release

    Release.objects.filter(indicator__code__startswith="bench-").delete()
    Indicator.objects.filter(code__startswith="bench-").delete()
    indicators = []
    for number in range(count):
        zone = ZONES[number % len(ZONES)]
        indicators.append(
            Indicator(
                code=f"bench-{number:04d}",
                name_vi=f"Chỉ số thử {number}",
                name_en=f"Bench indicator {number}",
                country=COUNTRIES[zone],
                currency="USD",
                category="inflation",
                unit="percent",
                decimals=1,
                importance=1 + number % 3,
                period_kind="month",
                source_name="Bench",
                release_zone=zone,
            )
        )
    return Indicator.objects.bulk_create(indicators)


def generate_csv(rows: int, indicators: list, seed: int) -> bytes:
    """Monthly releases from 2006 on, at 08:30 local time on the 12th of the next month; the
    past ones with an actual, the previous and a forecast near it."""
    from django.utils import timezone

    rng = random.Random(seed)
    today = timezone.now().date()
    lines = [HEADER]
    for index in range(rows):
        indicator = indicators[index // MONTHS_PER_INDICATOR]
        month = index % MONTHS_PER_INDICATOR
        year, month0 = divmod(month, 12)
        period = date(2006 + year, month0 + 1, 1)
        release_year, release_month = (period.year, period.month + 1)
        if release_month == 13:
            release_year, release_month = release_year + 1, 1
        scheduled = date(release_year, release_month, 12)
        level = 2 + rng.random() * 3
        actual = f"{level:.1f}" if scheduled < today else ""
        forecast = f"{level + rng.uniform(-0.2, 0.2):.1f}"
        previous = f"{level + rng.uniform(-0.3, 0.3):.1f}"
        lines.append(
            f"{indicator.code};{period:%Y-%m};{scheduled:%Y-%m-%d} 08:30;"
            f"{indicator.release_zone};;;{actual};{forecast};{previous};percent"
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def timed_import(data: bytes, label: str) -> dict:
    from infofinance.markets import imports

    steps: dict[str, float] = {}
    started = time.perf_counter()
    last = {"step": None, "at": started}

    def progress(step: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if step != last["step"]:
            if last["step"]:
                steps[last["step"]] = now - last["at"]
            last.update(step=step, at=now)
        if total and (done == total or done % max(1, total // 50) == 0):
            filled = int(30 * done / total)
            sys.stderr.write(
                f"\r{label} {step:<9} [{'#' * filled}{'.' * (30 - filled)}] "
                f"{int(100 * done / total):3d}% {done}/{total}"
            )
            if done == total:
                sys.stderr.write("\n")

    release_import = imports.import_file(
        data, "csv", filename=f"bench-{label}.csv", progress=progress
    )
    total = time.perf_counter() - started
    if last["step"]:
        steps[last["step"]] = time.perf_counter() - last["at"]
    rows = release_import.rows_total
    return {
        "run": label,
        "rows": rows,
        "final_seconds": round(getattr(release_import, "final_seconds", 0.0), 3),
        "created": release_import.created,
        "updated": release_import.updated,
        "unchanged": release_import.unchanged,
        "seconds": round(total, 2),
        "rows_per_second": round(rows / total) if total else None,
        "steps": {name: round(value, 2) for name, value in steps.items()},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-results", action="store_true", help="Do not write bench/results.")
    args = parser.parse_args(argv)

    from django.core.management import call_command
    from django.db import connection

    database = "postgres" if connection.vendor == "postgresql" else connection.vendor
    log(f"database: {database}; migrating")
    call_command("migrate", verbosity=0)
    count = -(-args.rows // MONTHS_PER_INDICATOR)
    indicators = ensure_indicators(count)
    generated = time.perf_counter()
    data = generate_csv(args.rows, indicators, args.seed)
    log(
        f"{args.rows} rows over {count} indicators, {len(data) / 1e6:.1f} MB "
        f"(generated in {time.perf_counter() - generated:.1f} s)"
    )
    changed = generate_csv(args.rows, indicators, args.seed + 1)
    typical = b"\r\n".join(
        generate_csv(args.rows, indicators, args.seed + 2).split(b"\r\n")[: TYPICAL + 1]
    )
    results = [
        timed_import(data, "first"),
        timed_import(data, "second"),
        timed_import(changed, "update"),
        timed_import(typical, "typical"),
    ]
    for result in results:
        print(
            f"{result['run']:<7} {result['rows']} rows in {result['seconds']} s: "
            f"{result['rows_per_second']} rows/s (created {result['created']}, updated "
            f"{result['updated']}, unchanged {result['unchanged']}; final transaction "
            f"{result['final_seconds']} s; steps {result['steps']})"
        )
    if args.no_results:
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"database": database, "rows": args.rows, "indicators": count, "runs": results}
    (RESULTS / f"markets-import-{database}.json").write_text(json.dumps(payload, indent=2) + "\n")
    lines = [
        f"# Release import, {database}",
        "",
        f"{args.rows:,} CSV rows (BOM, semicolons) over {count} indicators, "
        "bench/import_releases.py. The first run creates every release with its revision; the "
        "second changes nothing (no revision); `update` changes every release; `typical` "
        f"changes {TYPICAL}. `final` is the final transaction (the write lock on SQLite).",
        "",
        "| run | rows | created | updated | unchanged | total | rows/s | validate | stage | "
        "publish | final |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        steps = r["steps"]
        lines.append(
            f"| {r['run']} | {r['rows']:,} | {r['created']:,} | {r['updated']:,} | "
            f"{r['unchanged']:,} | {r['seconds']} s | {r['rows_per_second']:,} | "
            f"{steps.get('validate', '-')} s | {steps.get('stage', '-')} s | "
            f"{steps.get('publish', '-')} s | {r['final_seconds']} s |"
        )
    (RESULTS / f"markets-import-{database}.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infofinance.settings.local")
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{VAR / 'markets.sqlite3'}")
    import django

    django.setup()
    main()
