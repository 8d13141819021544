"""Search benchmark: our index against Wagtail's stock database search on the same corpus.

    .venv/bin/python bench/search/run.py --articles 100000
    .venv/bin/python bench/search/run.py --articles 1000000 \
        --database postgres://postgres@127.0.0.1:5432/infofinance_bench

The corpus (bilingual articles from bench/bulk.py's financial vocabulary, brokers with aliases)
is generated with bulk SQL into its own database: a file under var/bench/ for SQLite, the named
PostgreSQL database (created when missing); never the development database. A second run with
the same size reuses the corpus (--fresh regenerates it). Both indexes are built from scratch
and timed; then every query runs `--repeat` times against each engine (after one warm-up):
ours as the results page computes it (every kind, counts, the first page with snippets), and
Wagtail's as the old results page did (`ArticlePage.objects.live().filter(locale=…)
.search(q)[:12]`; on PostgreSQL also `Fuzzy(q, operator="and", unaccent=True)`, the documented
accent-insensitive option, after `enable_unaccent` and `enable_trigram`). The report (Markdown
on stdout and in bench/results/, JSON beside it) gives p50/p95/p99 per query class, index build
time and size, and the ratios.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

QUERIES = {
    1: (["vàng", "dầu", "đồng", "sàn", "giá", "lạm"], ["vang", "dau", "dong", "san", "gia", "lam"]),
    2: (
        ["giá vàng", "chứng khoán", "lãi suất", "trái phiếu", "tỷ giá", "khối ngoại"],
        ["gia vang", "chung khoan", "lai suat", "trai phieu", "ty gia", "khoi ngoai"],
    ),
    3: (
        [
            "nhà đầu tư",
            "thị trường chứng",
            "sàn giả mạo",
            "giá vàng tăng",
            "lãi suất tiết",
            "cổ phiếu ngân",
        ],
        [
            "nha dau tu",
            "thi truong chung",
            "san gia mao",
            "gia vang tang",
            "lai suat tiet",
            "co phieu ngan",
        ],
    ),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--brokers", type=int, default=3_000)
    parser.add_argument("--database", default="", help="postgres://… (default: a SQLite file)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--wagtail-repeat", type=int, default=2)
    parser.add_argument(
        "--wagtail-queries", type=int, default=6, help="queries per class timed for Wagtail"
    )
    parser.add_argument("--fresh", action="store_true", help="regenerate the corpus")
    parser.add_argument("--skip-wagtail", action="store_true")
    parser.add_argument(
        "--keep-wagtail-index",
        type=float,
        metavar="SECONDS",
        help="reuse Wagtail's index built by an earlier run, which took SECONDS to build",
    )
    parser.add_argument(
        "--wagtail-bulk",
        action="store_true",
        help="PostgreSQL: write Wagtail's index for the articles with bulk SQL "
        "(bench/search/wagtail_bulk.py, checked against modelsearch on a sample) "
        "instead of update_index",
    )
    parser.add_argument(
        "--keep-ours-index",
        type=float,
        metavar="SECONDS",
        help="reuse our index built by an earlier run, which took SECONDS to build",
    )
    parser.add_argument(
        "--wagtail-from",
        metavar="JSON",
        help="take Wagtail's figures from an earlier report on the same corpus (ours re-timed)",
    )
    parser.add_argument(
        "--wagtail-timeout", type=float, default=20.0, help="seconds before a query is cut off"
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument(
        "--precision",
        action="store_true",
        help="only precision at 5 on the judged relevance set (tests/files/relevance/), in a "
        "database of its own made afresh (var/bench/relevance.sqlite3, or the --database "
        "name with _relevance)",
    )
    return parser.parse_args()


def prepare_database(args) -> str:
    if not args.database:
        folder = ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"search-{args.articles}.sqlite3"
        if args.fresh and path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    parts = urlsplit(args.database)
    name = parts.path.lstrip("/")
    if not name or name in {"infofinance", "postgres", "template0", "template1"}:
        sys.exit(
            "refusing to use that database: give a benchmark database, e.g. .../infofinance_bench"
        )
    import psycopg

    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and args.fresh:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return args.database


def setup_django(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infofinance.settings.test")
    os.environ.setdefault("INFOFINANCE_VAR_DIR", str(ROOT / "var" / "bench"))
    import django

    django.setup()


def bar(label: str):
    def progress(*args):
        done, total = args[-2], args[-1]
        filled = int(30 * done / total) if total else 30
        sys.stderr.write(f"\r{label:<18} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")

    return progress


def generate(args):
    from django.core.management import call_command

    from bench.bulk import generate_articles, generate_brokers
    from infofinance.brokers.models import Broker
    from infofinance.news.models import ArticlePage

    call_command("migrate", verbosity=0)
    have = ArticlePage.objects.count()
    started = time.monotonic()
    missing = max(args.articles - have, 0)
    if not missing:
        sys.stderr.write(f"corpus: reusing {have} articles\n")
    half = missing // 2
    for language, count in (("vi", missing - half), ("en", half)) if missing else ():
        generate_articles(
            count,
            language=language,
            seed=7 if language == "vi" else 8,
            progress=lambda done, c=count, lang=language: bar(f"articles ({lang})")(done, c),
        )
    if Broker.objects.count() < args.brokers:
        generate_brokers(args.brokers - Broker.objects.count())
    return time.monotonic() - started


def table_sizes(names: list[str]) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            total = 0
            for name in names:
                cursor.execute("SELECT to_regclass(%s)", [name])
                if cursor.fetchone()[0]:
                    cursor.execute("SELECT pg_total_relation_size(%s)", [name])
                    total += cursor.fetchone()[0]
            return total
        try:
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            sizes = dict(cursor.fetchall())
        except Exception:
            return -1
        # tables, their shadow tables (FTS5: x_data, x_idx, ...) and their indexes
        cursor.execute("SELECT name, tbl_name FROM sqlite_master")
        owner = dict(cursor.fetchall())
        return sum(
            size
            for name, size in sizes.items()
            if any(name.startswith(n) or owner.get(name, "").startswith(n) for n in names)
        )


def build_ours(keep: float | None = None) -> dict:
    from infofinance.search import index

    if keep is not None:
        size = table_sizes(["site_search_searchdocument", "site_search_fts"])
        return {"seconds": keep, "bytes": size, "reused": True}
    started = time.monotonic()
    counts = index.rebuild(
        batch=2000, progress=lambda kind, d, t: bar(f"ours: {kind}")(d, t), exclusive=True
    )
    seconds = time.monotonic() - started
    size = table_sizes(["site_search_searchdocument", "site_search_fts"])
    return {"seconds": round(seconds, 1), "bytes": size, "documents": counts}


def build_wagtail(keep: float | None = None, bulk: bool = False) -> dict:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        call_command("enable_unaccent", verbosity=0)
        call_command("enable_trigram", verbosity=0)
    names = ["wagtailsearch_indexentry", "wagtailsearch_sqliteftsindexentry"]
    if keep is not None:
        return {"seconds": keep, "bytes": table_sizes(names), "reused": True}
    started = time.monotonic()
    if bulk and connection.vendor == "postgresql":
        import wagtail_bulk

        count = wagtail_bulk.load(progress=bar("wagtail: article"))
        seconds = time.monotonic() - started
        check = wagtail_bulk.check()
        sys.stderr.write(f"wagtail: bulk rows against modelsearch's ObjectIndexer: {check}\n")
        return {
            "seconds": round(seconds, 1),
            "bytes": table_sizes(names),
            "articles": count,
            "built_by": "bulk SQL (bench/search/wagtail_bulk.py), not update_index",
            "check": check,
        }
    call_command("update_index", chunk_size=2000, verbosity=0)
    seconds = time.monotonic() - started
    return {"seconds": round(seconds, 1), "bytes": table_sizes(names)}


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    k = (len(ordered) - 1) * fraction
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary(samples):
    return {
        "n": len(samples),
        "p50": round(percentile(samples, 0.50) * 1000, 2),
        "p95": round(percentile(samples, 0.95) * 1000, 2),
        "p99": round(percentile(samples, 0.99) * 1000, 2),
        "mean": round(statistics.fmean(samples) * 1000, 2),
    }


def time_engine(run, repeat, per_class=None, cpu=None):
    """{(syllables, accented): [seconds...]}, and hits per query (first run); `cpu`, a dict,
    gets the same for this process's CPU time (all of it for SQLite, which runs in-process:
    a figure that other work on the machine does not inflate as much as the elapsed time)."""
    samples, hits = {}, {}
    for syllables, (accented, plain) in QUERIES.items():
        for with_marks, queries in ((True, accented), (False, plain)):
            key = (syllables, with_marks)
            samples[key] = []
            if cpu is not None:
                cpu[key] = []
            for q in queries[:per_class]:
                hits[q] = run(q)  # warm-up, and the number of results
                for _ in range(repeat):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    run(q)
                    samples[key].append(time.perf_counter() - started)
                    if cpu is not None:
                        cpu[key].append(time.process_time() - started_cpu)
    return samples, hits


def ours_runner():
    from infofinance.search import engine, selectors
    from infofinance.search.text import parse

    def run(q):
        page = selectors.search(parse(q), engine.Filters(language="vi"), page=1)
        return page.total if not page.capped else f"{page.total}+"

    return run


def with_timeout(run, seconds: float):
    """Cut a query off after `seconds` (its time is then counted as `seconds`, and reported)."""
    from django.db import connection

    timeouts = []

    def guarded(q):
        deadline = time.perf_counter() + seconds
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(
                lambda: 1 if time.perf_counter() > deadline else 0, 10_000
            )
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
        try:
            return run(q)
        except Exception:
            timeouts.append(q)
            time.sleep(max(0.0, deadline - time.perf_counter()))
            return "timeout"
        finally:
            if connection.vendor == "sqlite":
                connection.connection.set_progress_handler(None, 0)
            else:
                with connection.cursor() as cursor:
                    cursor.execute("SET statement_timeout = 0")

    guarded.timeouts = timeouts
    return guarded


def wagtail_runner(fuzzy: bool):
    from modelsearch.query import Fuzzy

    from infofinance.core.locales import locale_for
    from infofinance.news.models import ArticlePage

    locale = locale_for("vi")

    def run(q):
        query = Fuzzy(q, operator="and", unaccent=True) if fuzzy else q
        return len(list(ArticlePage.objects.live().filter(locale=locale).search(query)[:12]))

    return run


def precision(args):
    """Precision at 5 of the judged relevance set, loaded through the real index path."""
    if args.database:
        parts = urlsplit(args.database)
        args.database = parts._replace(path=parts.path.rstrip("/") + "_relevance").geturl()
    else:
        args.articles = "relevance"
    args.fresh = True
    url = prepare_database(args)
    setup_django(url)
    import relevance
    from django.core.management import call_command

    from infofinance.home.services import ensure_site_structure

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    ids = relevance.load(ensure_site_structure())
    loaded = time.monotonic() - started
    markdown = (
        f"# Search relevance: {'postgresql' if url.startswith('postgres') else 'sqlite'}\n\n"
        f"`{' '.join(['.venv/bin/python', 'bench/search/run.py', *sys.argv[1:]])}` — "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; corpus loaded and indexed in "
        f"{loaded:.0f} s.\n\n" + relevance.report(relevance.evaluate(ids))
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    vendor = "postgresql" if url.startswith("postgres") else "sqlite"
    (out / f"search-relevance-{vendor}.md").write_text(markdown)
    print(markdown)


def main():
    args = parse_args()
    if args.precision:
        return precision(args)
    url = prepare_database(args)
    setup_django(url)
    from django.db import connection

    vendor = "postgresql" if url.startswith("postgres") else "sqlite"
    report = {
        "command": " ".join([".venv/bin/python", "bench/search/run.py", *sys.argv[1:]]),
        "vendor": vendor,
        "articles": args.articles,
        "brokers": args.brokers,
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    report["wagtail_timeout"] = args.wagtail_timeout
    report["corpus_seconds"] = round(generate(args), 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
        report["database_version"] = cursor.fetchone()[0]
    report["ours_index"] = build_ours(args.keep_ours_index)
    sys.stderr.write(f"ours: index built {report['ours_index']}\n")
    engines = {"ours": ours_runner()}
    earlier = json.loads(Path(args.wagtail_from).read_text()) if args.wagtail_from else None
    if earlier:
        for key in ("wagtail_index", "timeouts", "wagtail_timeout"):
            if key in earlier:
                report[key] = earlier[key]
        report["wagtail_from"] = f"{args.wagtail_from} ({earlier['date']})"
    elif not args.skip_wagtail:
        report["wagtail_index"] = build_wagtail(args.keep_wagtail_index, args.wagtail_bulk)
        sys.stderr.write(f"wagtail: index built {report['wagtail_index']}\n")
        engines["wagtail"] = with_timeout(wagtail_runner(fuzzy=False), args.wagtail_timeout)
        if vendor == "postgresql":
            engines["wagtail_unaccent"] = with_timeout(
                wagtail_runner(fuzzy=True), args.wagtail_timeout
            )
    report["latency_ms"], report["hits"] = {}, {}
    report["load_average"] = {"before": [round(x, 2) for x in os.getloadavg()]}
    for name, run in engines.items():
        sys.stderr.write(f"timing {name}...\n")
        if name == "ours":
            cpu: dict = {}
            samples, hits = time_engine(run, args.repeat, cpu=cpu)
            report["cpu_ms"] = {
                f"{syl}-syllable {'with' if marks else 'without'} diacritics": summary(values)
                for (syl, marks), values in cpu.items()
            } | {"all queries": summary([s for values in cpu.values() for s in values])}
        else:
            samples, hits = time_engine(run, args.wagtail_repeat, args.wagtail_queries)
        every = [s for values in samples.values() for s in values]
        report["latency_ms"][name] = {
            f"{syl}-syllable {'with' if marks else 'without'} diacritics": summary(values)
            for (syl, marks), values in samples.items()
        } | {"all queries": summary(every)}
        report["hits"][name] = hits
        if getattr(run, "timeouts", None):
            report.setdefault("timeouts", {})[name] = run.timeouts
    report["load_average"]["after"] = [round(x, 2) for x in os.getloadavg()]
    if earlier:
        for name in earlier["latency_ms"]:
            if name != "ours":
                report["latency_ms"][name] = earlier["latency_ms"][name]
                report["hits"][name] = earlier["hits"][name]
    write(report, args)


def write(report, args):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"search-{report['vendor']}-{report['articles']}"
    (out / f"{stem}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    markdown = render(report)
    (out / f"{stem}.md").write_text(markdown)
    print(markdown)


def mb(value):
    return "n/a" if value is None or value < 0 else f"{value / 1_048_576:.1f} MB"


def render(report) -> str:
    ours = report["latency_ms"]["ours"]
    others = [k for k in report["latency_ms"] if k != "ours"]
    lines = [
        f"# Search benchmark: {report['vendor']} ({report['database_version']}), "
        f"{report['articles']:,} articles, {report['brokers']:,} brokers",
        "",
        f"`{report['command']}` — {report['date']}, {report['machine']}.",
        "",
    ]
    if report.get("load_average"):
        before, after = (
            ", ".join(map(str, report["load_average"].get(key, []))) for key in ("before", "after")
        )
        lines += [
            "Load average (1, 5, 15 min) before and after the timing, other work included: "
            f"{before} → {after}.",
            "",
        ]
    lines += [
        "Latency of one search in milliseconds (ours: the whole results page's data — every "
        "kind, tab counts, first page with snippets; Wagtail: the first 12 live Vietnamese "
        "articles from `.search()`).",
        "",
    ]
    header = "| query class | ours p50 | ours p95 | ours p99 |"
    rule = "| --- | ---: | ---: | ---: |"
    for other in others:
        header += f" {other} p50 | {other} p95 | {other} p99 | p95 ratio |"
        rule += " ---: | ---: | ---: | ---: |"
    lines += [header, rule]
    cut_off = report.get("wagtail_timeout", 0) * 1000

    def shown(value):  # a query cut off took at least the timeout
        return f"≥ {cut_off:.0f}" if cut_off and value >= cut_off * 0.999 else f"{value}"

    for key, values in ours.items():
        row = f"| {key} | {values['p50']} | {values['p95']} | {values['p99']} |"
        for other in others:
            theirs = report["latency_ms"][other][key]
            ratio = theirs["p95"] / values["p95"] if values["p95"] else float("nan")
            at_least = "≥ " if cut_off and theirs["p95"] >= cut_off * 0.999 else ""
            row += (
                f" {shown(theirs['p50'])} | {shown(theirs['p95'])} | {shown(theirs['p99'])} "
                f"| {at_least}{ratio:.1f}× |"
            )
        lines.append(row)
    if report.get("cpu_ms"):
        where = (
            "the database runs inside it"
            if report["vendor"] == "sqlite"
            else "the database server's own time is not in it"
        )
        lines += [
            "",
            f"CPU time of the benchmark process per search (ours; {where}), in milliseconds:",
            "",
            "| query class | p50 | p95 | p99 |",
            "| --- | ---: | ---: | ---: |",
        ]
        for key, values in report["cpu_ms"].items():
            lines.append(f"| {key} | {values['p50']} | {values['p95']} | {values['p99']} |")
    if report.get("wagtail_from"):
        lines += ["", f"Wagtail's figures: from {report['wagtail_from']}, same corpus."]
    lines += ["", "| index | build time | size |", "| --- | ---: | ---: |"]
    ours_note = (
        " (built by an earlier run on the same corpus)"
        if report["ours_index"].get("reused")
        else ""
    )
    lines.append(
        f"| ours | {report['ours_index']['seconds']} s{ours_note} | "
        f"{mb(report['ours_index']['bytes'])} |"
    )
    if "wagtail_index" in report:
        w = report["wagtail_index"]
        note = " (built by an earlier run on the same corpus)" if w.get("reused") else ""
        if w.get("built_by"):
            note += f" ({w['built_by']})"
        lines.append(f"| Wagtail (modelsearch) | {w['seconds']} s{note} | {mb(w['bytes'])} |")
        if w.get("check"):
            check = w["check"]
            lines += [
                "",
                f"Wagtail's index rows written by the bulk loader: {check['identical']} of "
                f"{check['sample']} sampled articles identical (title, autocomplete and body "
                "vectors, title and body text) to what modelsearch's ObjectIndexer produces.",
            ]
    for name, queries in report.get("timeouts", {}).items():
        lines += [
            "",
            f"{name}: cut off after {report['wagtail_timeout']} s (shown as ≥ that): "
            + ", ".join(queries),
        ]
    lines += ["", "Results found (ours: matches, capped; Wagtail: first page):", ""]
    lines += [
        "| query | " + " | ".join(report["hits"]) + " |",
        "| --- |" + " ---: |" * len(report["hits"]),
    ]
    for q in report["hits"]["ours"]:
        found = [str(report["hits"][e].get(q, "–")) for e in report["hits"]]
        lines.append(f"| {q} | " + " | ".join(found) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
