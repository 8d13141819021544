"""`make bench`: pages served over HTTP, measured with wrk against the physical ceiling.

For each data set (PostgreSQL and SQLite at the sizes asked for, with brokers), in one run:
- the ceiling: nginx serving a saved copy of the same page as a static file;
- the application alone with its page cache warm (granian, no nginx);
- the application with the page cache off (cold rendering);
- the production configuration (nginx caching in front, purged by the application);
for the article, home, section and broker pages: requests per second, p50 and p99 latency,
each as a ratio to the ceiling. Also the resident memory of one app process after warm-up, the
time from publishing an article to the home page showing it through nginx, and the article
page's weight. No compression on either side (wrk asks for none). Then `make run` as it
serves (scripts/supervise.py with the Procfile, the access log to a file, the embedded SQLite
and disk cache) against the same granian command started alone, on the article from the page
cache, with the runner's own CPU time. Writes bench/results/http-<date>.json and .md.

    .venv/bin/python bench/http/run.py --sets postgres:1000 postgres:1000000 sqlite:100000
    .venv/bin/python bench/http/run.py --sets --runner-set sqlite:1000   # only make run
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VAR = ROOT / "var" / "bench"
BIN = ROOT / ".venv" / "bin"
PG = "postgres://postgres@127.0.0.1:5432/"
NGINX_PORT, APP_PORT, COLD_PORT = 8290, 8291, 8292
RUN_PORT, ALONE_PORT, LOGGED_PORT = 8293, 8294, 8295
PAGES = ("article", "home", "section", "broker")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def env_for(kind: str, size: int, redis_db: int) -> dict[str, str]:
    env = dict(os.environ)
    if kind == "postgres":
        database = f"{PG}infofinance_http_{size}"
    else:
        database = f"sqlite:///{VAR / f'http-{size}.sqlite3'}"
    env.update(
        DJANGO_SETTINGS_MODULE="infofinance.settings.local",
        DATABASE_URL=database,
        CACHE_URL=f"redis://127.0.0.1:6379/{redis_db}",
        PAGE_CACHE_NGINX_DIR=str(VAR / f"nginx-{kind}-{size}" / "cache"),
        NGINX_VAR=str(VAR / f"nginx-{kind}-{size}"),
        SITE_URL=f"http://127.0.0.1:{NGINX_PORT}",
        LOG_LEVEL="WARNING",
        # As make run and scripts/serve-production: fewer malloc arenas for the threads.
        MALLOC_ARENA_MAX="2",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args) -> str:
    return subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout


def count_articles(env) -> str:
    return python(
        env,
        "import django; django.setup()\n"
        "from infofinance.news.models import ArticlePage\n"
        "print(ArticlePage.objects.count())",
    )


def python(env, code: str, *args: str) -> str:
    """Run `code` in a separate Python process against the data set `env` names."""
    return subprocess.run(
        [str(BIN / "python"), "-c", code, *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout.strip()


PREPARE = """
import django, sys
django.setup()
from bench.bulk import generate_articles, generate_brokers, analyze
from infofinance.brokers.models import Broker
from infofinance.news.models import ArticlePage
want, brokers = int(sys.argv[1]), int(sys.argv[2])
have = ArticlePage.objects.count()
def progress(done, total=want - have):
    sys.stderr.write(f"\\r  articles {done:,}/{total:,}")
if have < want:
    generate_articles(want - have, progress=progress, batch=5000)
    sys.stderr.write("\\n")
missing = brokers - Broker.objects.count()
if missing > 0:
    generate_brokers(missing)
analyze()
print(ArticlePage.objects.count())
"""


def prepare(kind: str, size: int, brokers: int, env) -> None:
    if kind == "postgres":
        import psycopg

        with psycopg.connect(PG + "postgres", autocommit=True) as conn:
            name = f"infofinance_http_{size}"
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    log(f"{kind} {size:,}: migrating and generating data (kept for the next run)")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "setup_site")
    count = python(env, PREPARE, str(size), str(brokers))
    log(f"  {int(count):,} articles")


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def start(env, command) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True
    )


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def web_server(port: int, workers: int) -> list[str]:
    return [
        str(BIN / "granian"),
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        "4",
        "--no-ws",
        "infofinance.wsgi:application",
    ]


def page_paths(env) -> dict[str, str]:
    code = """
import django; django.setup()
from infofinance.news.models import ArticlePage
from infofinance.brokers.models import Broker
a = (ArticlePage.objects.filter(listing_hub__isnull=False, locale__language_code="vi")
     .order_by("-published_at").first())
b = Broker.objects.filter(hidden=False).order_by("-total_score").first()
print(a.url, "/tin-tuc/chuyen-muc/" + a.section.slug + "/", "/tra-cuu-san/" + b.slug + "/")
"""
    article, section, broker = python(env, code).split()
    return {"article": article, "home": "/", "section": section, "broker": broker}


WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def wrk(url: str, duration: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    latency = {p: float(v) * scale[u] for p, v, u in WRK_LATENCY.findall(out)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": round(rps),
        "p50_ms": round(latency.get("50", 0), 3),
        "p99_ms": round(latency.get("99", 0), 3),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def memory_mb(master_pid: int) -> dict:
    """The largest resident set of the web server's worker processes under `master_pid`, and
    the part of it that is the process's own (files mapped by several processes, such as
    SQLite's memory-mapped database, count in the resident set of each)."""
    children = subprocess.run(
        ["pgrep", "-P", str(master_pid)], stdout=subprocess.PIPE, text=True
    ).stdout.split()
    rows = []
    for pid in children:
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0]) / 1024
        own = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
        rows.append({"rss": round(fields.get("Rss", 0), 1), "private": round(own, 1)})
    return max(rows, key=lambda row: row["rss"]) if rows else {"rss": 0.0, "private": 0.0}


PUBLISH = """
import django, sys, time, urllib.request
django.setup()
from infofinance.home.services import add_page
from infofinance.news.models import ArticleIndexPage, ArticlePage, Section
hub = ArticleIndexPage.objects.get(locale__language_code="vi", kind="news")
section = Section.objects.filter(locale=hub.locale, kind="news").first()
# The first publication is this process's first (imports, connections, first queries): an
# editor publishes from a web process that has long done all that, so it is reported apart.
for _ in range(int(sys.argv[2]) + 1):
    urllib.request.urlopen(sys.argv[1]).read()  # the home page is in nginx's cache
    title = f"Bai do tre xuat ban {time.time_ns()}"
    start = time.perf_counter()
    add_page(hub, ArticlePage(title=title, slug=title.lower().replace(" ", "-"),
             lead="Do tre.", locale=hub.locale, section=section, body=[]), live=True)
    published = time.perf_counter()
    while time.perf_counter() - start < 30:
        body = urllib.request.urlopen(sys.argv[1]).read().decode()
        if title in body:
            break
        time.sleep(0.005)
    print(round((published - start) * 1000, 1), round((time.perf_counter() - start) * 1000, 1))
"""


def page_weight(base: str, path: str) -> dict:
    html = urllib.request.urlopen(base + path).read()
    text = html.decode()
    css = sum(
        len(urllib.request.urlopen(base + href).read())
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    )
    js = sum(
        len(urllib.request.urlopen(base + src).read())
        for src in re.findall(r'<script src="([^"]+)"', text)
    )
    return {
        "html_kb": round(len(html) / 1024, 1),
        "css_kb": round(css / 1024, 1),
        "js_kb": round(js / 1024, 1),
    }


def run_set(kind: str, size: int, args, redis_db: int) -> dict:
    env = env_for(kind, size, redis_db)
    prepare(kind, size, args.brokers, env)
    nginx_var = Path(env["NGINX_VAR"])
    shutil.rmtree(nginx_var, ignore_errors=True)
    subprocess.run(
        ["redis-cli", "-n", str(redis_db), "flushdb"], check=True, stdout=subprocess.DEVNULL
    )
    cold_env = {**env, "PAGE_CACHE_SECONDS": "0", "PAGE_CACHE_NGINX_DIR": ""}
    production = start(env, ["scripts/serve-production", str(NGINX_PORT), str(APP_PORT)])
    cold = start(cold_env, web_server(COLD_PORT, args.workers))
    try:
        wait_for(f"http://127.0.0.1:{NGINX_PORT}/healthz/")
        wait_for(f"http://127.0.0.1:{COLD_PORT}/healthz/")
        paths = page_paths(env)
        copies = nginx_var / "static_copy"
        results = {}
        for name, path in paths.items():
            html = urllib.request.urlopen(f"http://127.0.0.1:{APP_PORT}{path}").read()
            (copies / f"{name}.html").write_bytes(html)
            for port in (APP_PORT, NGINX_PORT):  # warm both caches
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()
            row = {"path": path, "bytes": len(html)}
            targets = {
                "ceiling": f"http://127.0.0.1:{NGINX_PORT}/__static_copy/{name}.html",
                "production": f"http://127.0.0.1:{NGINX_PORT}{path}",
                "app_warm": f"http://127.0.0.1:{APP_PORT}{path}",
                "app_cold": f"http://127.0.0.1:{COLD_PORT}{path}",
            }
            # wrk shares the two cores with what it measures: the configurations take turns,
            # round after round, and each keeps its median round.
            rounds = {label: [] for label in targets}
            for _ in range(args.rounds):
                for label, url in targets.items():
                    duration = args.duration if label != "app_cold" else max(3, args.duration // 2)
                    rounds[label].append(wrk(url, duration, args.connections))
            for label, runs in rounds.items():
                row[label] = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
                row[label]["rounds_rps"] = [run["rps"] for run in runs]
            for label in ("production", "app_warm", "app_cold"):
                row[label]["ratio"] = round(row[label]["rps"] / row["ceiling"]["rps"], 3)
            results[name] = row
            log(
                f"  {name}: ceiling {row['ceiling']['rps']:,}/s, production "
                f"{row['production']['rps']:,}/s ({row['production']['ratio']:.0%}), app warm "
                f"{row['app_warm']['rps']:,}/s ({row['app_warm']['ratio']:.0%}), cold "
                f"{row['app_cold']['rps']:,}/s, p50 {row['app_cold']['p50_ms']} ms"
            )
        server_pid = int(
            subprocess.run(
                ["pgrep", "-f", f"granian .*--port {APP_PORT} ", "-o"],
                stdout=subprocess.PIPE,
                text=True,
            ).stdout.split()[0]
        )
        memory = memory_mb(server_pid)
        out = python(env, PUBLISH, f"http://127.0.0.1:{NGINX_PORT}/", str(args.publishes))
        delays = [
            {"publish_ms": float(line.split()[0]), "visible_ms": float(line.split()[1])}
            for line in out.splitlines()
        ]
        first, delays = delays[0], delays[1:]
        weight = page_weight(f"http://127.0.0.1:{NGINX_PORT}", paths["article"])
    finally:
        stop(production)
        stop(cold)
    # Cold rendering in one process, no HTTP (bench/render.py): the median per page type.
    subprocess.run(
        [str(BIN / "python"), "bench/render.py", "--requests", str(args.render_requests)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    vendor = "postgresql" if kind == "postgres" else "sqlite"
    name = f"render-{vendor}-{int(count_articles(env))}.json"
    rendered = json.loads((ROOT / "bench" / "results" / name).read_text())
    return {
        "cold_render_median_ms": {
            name: row["median_ms"] for name, row in rendered["pages"].items()
        },
        "cold_render_host_loop_ms": rendered.get("host_loop_ms"),
        "database": kind,
        "articles": size,
        "brokers": args.brokers,
        "pages": results,
        "memory_mb_per_app_process": memory,
        "publish_to_visible": delays,
        "publish_to_visible_first_in_process": first,
        "article_weight": weight,
    }


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def runner_vs_granian(spec: str, args) -> dict:
    """`make run`'s way of serving against granian alone, on the article from the page cache:
    the runner and the access log to a file must cost (next to) nothing."""
    kind, size = spec.split(":")
    env = env_for(kind, int(size), 0)
    prepare(kind, int(size), args.brokers, env)
    var = VAR / "make-run"
    (var / "log").mkdir(parents=True, exist_ok=True)
    config = var / "log" / "granian-logging.json"
    template = (ROOT / "deploy" / "granian-logging.json.template").read_text()
    config.write_text(template.replace("@ACCESS_LOG@", str(var / "log" / "access.log")))
    for name in ("CACHE_URL", "PAGE_CACHE_NGINX_DIR"):  # make run's embedded disk cache
        env.pop(name)
    env.update(
        INFOFINANCE_VAR_DIR=str(var),
        MEDIA_ROOT=str(ROOT / "var" / "media"),
        SITE_URL=f"http://127.0.0.1:{RUN_PORT}",
        HTTP_PORT=str(RUN_PORT),
        WEB_WORKERS=str(args.workers),
        GRANIAN_LOG_CONFIG=str(config),
    )
    runner = [str(BIN / "python"), "scripts/supervise.py", "-f", "Procfile", "--grace", "10"]
    made_run = start(env, runner)
    logged_env = {**env, "HTTP_PORT": str(LOGGED_PORT), "GRANIAN_LOG_ACCESS_ENABLED": "true"}
    logged = start(logged_env, runner)  # ACCESS_LOG=1 make run
    alone = start(env, web_server(ALONE_PORT, args.workers))
    try:
        for port in (RUN_PORT, LOGGED_PORT, ALONE_PORT):
            wait_for(f"http://127.0.0.1:{port}/healthz/")
        path = page_paths(env)["article"]
        targets = {
            "make_run": f"http://127.0.0.1:{RUN_PORT}{path}",
            "make_run_access_log": f"http://127.0.0.1:{LOGGED_PORT}{path}",
            "granian_alone": f"http://127.0.0.1:{ALONE_PORT}{path}",
        }
        for url in targets.values():
            urllib.request.urlopen(url).read()  # into the page cache
        rounds = {label: [] for label in targets}
        runner_cpu = 0.0
        for _ in range(args.rounds):
            for label, url in targets.items():
                before = cpu_seconds(made_run.pid)
                rounds[label].append(wrk(url, args.duration, args.connections))
                if label == "make_run":
                    runner_cpu += cpu_seconds(made_run.pid) - before
        row = {"path": path, "data_set": spec}
        for label, runs in rounds.items():
            row[label] = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]
            row[label]["rounds_rps"] = [run["rps"] for run in runs]
        row["ratio"] = round(row["make_run"]["rps"] / row["granian_alone"]["rps"], 3)
        row["ratio_access_log"] = round(
            row["make_run_access_log"]["rps"] / row["granian_alone"]["rps"], 3
        )
        row["runner_cpu_share"] = round(runner_cpu / (args.rounds * args.duration), 4)
        log(
            f"make run {row['make_run']['rps']:,}/s, granian alone "
            f"{row['granian_alone']['rps']:,}/s ({row['ratio']:.0%}; with the access log "
            f"{row['ratio_access_log']:.0%}); the runner used "
            f"{row['runner_cpu_share']:.2%} of a core"
        )
        return row
    finally:
        stop(made_run)
        stop(logged)
        stop(alone)


def markdown(report: dict) -> str:
    lines = [
        f"# HTTP benchmark, {report['date']}",
        "",
        f"wrk -t2 -c{report['connections']}, median of {report['rounds']} rounds of "
        f"{report['duration']} s taken in turns, no compression; "
        f"{report['workers']} granian processes × 4 threads; {os.cpu_count()} cores shared by "
        "everything.",
        "",
    ]
    for data in report["sets"]:
        lines += [
            f"## {data['database']}, {data['articles']:,} articles, {data['brokers']:,} brokers",
            "",
            "| page | ceiling req/s | production req/s (ratio) | app warm req/s (ratio) "
            "| app cold req/s (ratio) | p50 / p99 ms: ceiling · production · warm · cold |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for name, row in data["pages"].items():
            c, p, w, k = row["ceiling"], row["production"], row["app_warm"], row["app_cold"]
            lines.append(
                f"| {name} | {c['rps']:,} | {p['rps']:,} ({p['ratio']:.0%}) | "
                f"{w['rps']:,} ({w['ratio']:.0%}) | {k['rps']:,} ({k['ratio']:.1%}) | "
                f"{c['p50_ms']}/{c['p99_ms']} · {p['p50_ms']}/{p['p99_ms']} · "
                f"{w['p50_ms']}/{w['p99_ms']} · {k['p50_ms']}/{k['p99_ms']} |"
            )
        delays = [d["visible_ms"] for d in data["publish_to_visible"]]
        weight = data["article_weight"]
        lines += [
            "",
            f"- memory of one app process after the runs: resident "
            f"{data['memory_mb_per_app_process']['rss']} MB, of which its own "
            f"{data['memory_mb_per_app_process']['private']} MB",
            f"- publish → visible on the home page through nginx: "
            f"{', '.join(f'{d:.0f} ms' for d in delays)} (the publishing process's first "
            f"publication: {first_publish(data)})",
            "- cold rendering, median ms (bench/render.py, page cache off): "
            + ", ".join(f"{k} {v}" for k, v in data["cold_render_median_ms"].items())
            + host_speed(data),
            f"- article page weight: HTML {weight['html_kb']} KB, CSS {weight['css_kb']} KB, "
            f"JavaScript {weight['js_kb']} KB (before compression)",
            "",
        ]
    run = report.get("make_run")
    if run:
        m, g = run["make_run"], run["granian_alone"]
        a = run.get("make_run_access_log")
        lines += [
            f"## make run against granian alone ({run['data_set']}, article {run['path']} "
            "from the page cache)",
            "",
            "| configuration | req/s | p50 / p99 ms |",
            "| --- | ---: | --- |",
            f"| make run (scripts/supervise.py) | {m['rps']:,} | {m['p50_ms']}/{m['p99_ms']} |",
            *(
                [
                    f"| ACCESS_LOG=1 make run (access log to var/log/access.log) | "
                    f"{a['rps']:,} | {a['p50_ms']}/{a['p99_ms']} |"
                ]
                if a
                else []
            ),
            f"| granian alone, same command | {g['rps']:,} | {g['p50_ms']}/{g['p99_ms']} |",
            "",
            f"make run serves {run['ratio']:.0%} of granian alone; the runner itself used "
            f"{run['runner_cpu_share']:.2%} of a core while wrk ran on make run.",
            "",
        ]
    return "\n".join(lines) + "\n"


def host_speed(data: dict) -> str:
    speed = data.get("cold_render_host_loop_ms")
    if not speed:
        return ""
    return (
        f" (host speed: a fixed Python loop took {speed[0]} ms before and {speed[1]} ms after;"
        " the same loop's time drifts by half on this shared machine)"
    )


def first_publish(data: dict) -> str:
    first = data.get("publish_to_visible_first_in_process")
    return f"{first['visible_ms']:.0f} ms" if first else "not measured"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets",
        nargs="*",
        default=["postgres:1000", "sqlite:100000", "postgres:1000000"],
        help="database:articles, e.g. postgres:1000000",
    )
    parser.add_argument("--brokers", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="runs per configuration")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="web server processes")
    parser.add_argument("--publishes", type=int, default=3)
    parser.add_argument("--render-requests", type=int, default=60)
    parser.add_argument("--out", help="result name in bench/results (default http-<date>)")
    parser.add_argument(
        "--runner-set",
        default="sqlite:1000",
        help="data set for make run against granian alone; 'none' to skip",
    )
    args = parser.parse_args()

    for tool in ("wrk", "nginx", "redis-cli"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install wrk nginx-light redis-tools")
    for port in (NGINX_PORT, APP_PORT, COLD_PORT, RUN_PORT, ALONE_PORT, LOGGED_PORT):
        if not port_free(port):
            sys.exit(f"port {port} is taken")
    free_gb = shutil.disk_usage(ROOT).free / 2**30
    log(f"free disk: {free_gb:.0f} GB")
    if free_gb < 20:
        sys.exit("fewer than 20 GB free: a million articles take about 10 GB on PostgreSQL")
    VAR.mkdir(parents=True, exist_ok=True)
    env = env_for("sqlite", 0, 0)
    manage(env, "collectstatic", "--noinput", "-v0")
    report = {
        "date": date.today().isoformat(),
        "connections": args.connections,
        "duration": args.duration,
        "rounds": args.rounds,
        "workers": args.workers,
        "sets": [],
    }
    for number, spec in enumerate(args.sets):
        kind, size = spec.split(":")
        report["sets"].append(run_set(kind, int(size), args, redis_db=8 + number))
    if args.runner_set != "none":
        report["make_run"] = runner_vs_granian(args.runner_set, args)
    out = ROOT / "bench" / "results" / (args.out or f"http-{report['date']}")
    out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    out.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))
    log(f"written {out.relative_to(ROOT)}.json and .md")


if __name__ == "__main__":
    main()
