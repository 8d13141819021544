"""Banners under load (issue 19), over HTTP against `scripts/serve-production` (nginx in front of
granian's 2 processes and the worker), on the demo content with its banners:

1. The click redirect `/qc/<token>/` (through nginx to the application, never cached), with
   the counting on: wrk sends each request from one of 65,536 client addresses
   (198.18.0.0/16, the benchmarking range) with a browser's User-Agent, a new one each round,
   so most clicks come from a new reader and are counted, and some are replays, counted once.
   The bench acts as a trusted proxy in front of nginx (TRUSTED_PROXY_COUNT=2, the address
   in X-Forwarded-For), as bench/events_register.py does. Every answer must be a 302 to the
   banner's link. Then the counts are folded into BannerDay (services.fold_counts) and
   compared with the distinct (address, User-Agent) pairs wrk sent: at most one click each.
   For comparison: the same with every request a replay (one address, one User-Agent); the
   application alone (granian, no nginx); and a second nginx whose configuration is the
   generated one with `/qc/` in a location of its own, off the cache (variant_config: behind
   nginx's `proxy_cache_lock` the clicks, which nginx never keeps, wait for each other).
2. A Vietnamese article with exactly two banners' boxes (the sidebar and the in-article box;
   every other banner stopped) against the same article with every banner stopped: the
   ceiling (nginx serving a saved copy of the page as a static file), the application alone
   (granian, its page cache warm) and the production configuration (nginx caching in front).
   The two sides take turns round after round (the banners stopped through
   services.stop_banners, then saved again as new banners through services.save_banner, the
   page purged by both and warmed again), and each configuration keeps its median round.

    .venv/bin/python bench/banners.py                          # SQLite and PostgreSQL
    .venv/bin/python bench/banners.py --databases sqlite --rounds 1 --duration 3

Each database is built fresh (var/bench/banners.sqlite3, PostgreSQL infofinance_bench_banners;
migrate, setup_site, load_demo). Results: bench/results/banners-<date>.json and .md.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.http.run import (  # noqa: E402 - after the path it is found on
    WRK_LATENCY,
    page_weight,
    port_free,
    python,
    start,
    stop,
    wait_for,
)

BIN = ROOT / ".venv" / "bin"
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
PG = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = "infofinance_bench_banners"
NGINX_PORT, APP_PORT, VARIANT_PORT, REDIS_DB = 8390, 8391, 8392, 7
# A browser's User-Agent (the bot filter of counting.py refuses an empty one and wrk's own);
# the round's number makes each round's readers new ones.
AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.{n} Safari/537.36"
)
BOX = re.compile(r'class="ad ad--(\w+)"[^>]*?data-ads="([^"]*)"')


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def env_for(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="infofinance.settings.local",
        DATABASE_URL=(
            PG + PG_NAME if database == "postgres" else f"sqlite:///{VAR / 'banners.sqlite3'}"
        ),
        CACHE_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        NGINX_VAR=str(VAR / "nginx-banners"),
        PAGE_CACHE_NGINX_DIR=str(VAR / "nginx-banners" / "cache"),
        SITE_URL=f"http://127.0.0.1:{NGINX_PORT}",
        # The bench is the proxy in front of nginx: believe its X-Forwarded-For entry too.
        TRUSTED_PROXY_COUNT="2",
        LOG_LEVEL="WARNING",
        MALLOC_ARENA_MAX="2",
        PYTHONUNBUFFERED="1",
    )
    return env


def fresh_database(database: str, env: dict[str, str]) -> None:
    if database == "postgres":
        import psycopg

        with psycopg.connect(PG + "postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {PG_NAME}")
    else:
        for suffix in ("", "-wal", "-shm"):
            (VAR / f"banners.sqlite3{suffix}").unlink(missing_ok=True)
    subprocess.run(
        ["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True, stdout=subprocess.DEVNULL
    )
    for command in (["migrate", "--no-input", "-v0"], ["setup_site"], ["load_demo"]):
        subprocess.run(
            [str(BIN / "python"), "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def python_json(env, code: str, *args: str):
    """The JSON that `code` prints last, run against the data set `env` names."""
    return json.loads(python(env, code, *args).splitlines()[-1])


# Every banner stopped but the Vietnamese sidebar's and in-article's (the demo's only ones
# there); the article, the sidebar banner's click path and link.
PREPARE = r"""
import json
import django
django.setup()
from infofinance.banners import services, tokens
from infofinance.banners.models import Banner
from infofinance.news.models import ArticlePage
keep = {
    code: Banner.objects.get(placement=code, language="vi").pk
    for code in ("sidebar", "in_article")
}
others = Banner.objects.exclude(pk__in=keep.values()).values_list("pk", flat=True)
services.stop_banners(list(others), "bench/banners.py: only two banners on the article")
article = (
    ArticlePage.objects.live().filter(listing_hub__isnull=False, locale__language_code="vi")
    .order_by("-published_at").first()
)
sidebar = Banner.objects.get(pk=keep["sidebar"])
print(json.dumps({
    "article": article.url,
    "blocks": len(article.body),
    "banners": keep,
    "click": "/qc/" + tokens.make(sidebar.pk, tokens.CLICK) + "/",
    "link": sidebar.link,
}))
"""

# "without": stop the running banners; "with": save each stopped one again as a new banner
# (the same images, link and schedule) through the service, as staff would.
SWITCH = r"""
import json, sys
import django
django.setup()
from infofinance.banners import selectors, services
from infofinance.banners.models import Banner
codes = ("sidebar", "in_article")
running = list(selectors.running("vi").filter(placement__in=codes).values_list("pk", flat=True))
if sys.argv[1] == "without":
    services.stop_banners(running, "bench/banners.py: the article without banners")
else:
    for code in codes:
        if any(Banner.objects.filter(pk__in=running, placement=code)):
            continue
        old = Banner.objects.filter(placement=code, language="vi").order_by("-pk").first()
        copy = Banner(
            name=old.name, advertiser=old.advertiser, placement=old.placement,
            language=old.language, desktop_image=old.desktop_image,
            mobile_image=old.mobile_image, link=old.link, alt_text=old.alt_text,
            starts_at=old.starts_at, ends_at=old.ends_at, weight=old.weight,
            after_paragraph=old.after_paragraph,
        )
        services.save_banner(copy, sections=[], tags=[])
print(json.dumps(sorted(selectors.running("vi").values_list("placement", flat=True))))
"""

COUNT = r"""
import json, sys
import django
django.setup()
from infofinance.banners import counting, services
from infofinance.banners.dates import vietnam_today
from infofinance.banners.models import BannerDay
pk = int(sys.argv[1])
written = services.fold_counts()
row = BannerDay.objects.filter(banner_id=pk, day=vietnam_today()).first()
cached = counting.totals(vietnam_today(), [pk])
print(json.dumps({
    "folded_rows": written,
    "banner_day_clicks": row.clicks if row else 0,
    "banner_day_impressions": row.impressions if row else 0,
    "cache_clicks": cached.get((pk, counting.CLICK), 0),
}))
"""

# wrk's script for the clicks: each thread keeps to its own addresses (k ≡ thread id modulo
# the threads), picked at random; counts the distinct addresses it sent and checks every
# answer is a 302 to the banner's link. BENCH_ADDRESSES=1: one fixed address (replays).
CLICK_LUA = r"""
local threads, made = {}, 0
function setup(thread)
  thread:set("id", made)
  table.insert(threads, thread)
  made = made + 1
end
function init(args)
  nthreads = tonumber(os.getenv("BENCH_THREADS"))
  space = tonumber(os.getenv("BENCH_ADDRESSES"))
  prefix = os.getenv("BENCH_PREFIX")
  agent = os.getenv("BENCH_AGENT")
  suffix = os.getenv("BENCH_FORWARDED_SUFFIX") or ""
  expected = os.getenv("BENCH_LOCATION")
  seen, distinct, sent, good, bad, codes = {}, 0, 0, 0, 0, {}
  math.randomseed(id * 7919 + os.time())
end
function request()
  local k = 0
  if space > 1 then k = math.random(0, space / nthreads - 1) * nthreads + id end
  if not seen[k] then seen[k] = true; distinct = distinct + 1 end
  sent = sent + 1
  local address = prefix .. "." .. math.floor(k / 256) .. "." .. (k % 256)
  return wrk.format(nil, nil, {["X-Forwarded-For"] = address .. suffix, ["User-Agent"] = agent})
end
function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  local location = headers["location"] or headers["Location"]
  if status == 302 and location == expected then good = good + 1 else bad = bad + 1 end
end
function done(summary, latency, requests)
  local d, s, g, b, all = 0, 0, 0, 0, {}
  for _, t in ipairs(threads) do
    d = d + t:get("distinct"); s = s + t:get("sent")
    g = g + t:get("good"); b = b + t:get("bad")
    for code, n in pairs(t:get("codes")) do all[tostring(code)] = (all[tostring(code)] or 0) + n end
  end
  local parts = {}
  for code, n in pairs(all) do table.insert(parts, '"' .. code .. '":' .. n) end
  io.write(string.format('BENCH {"distinct":%d,"sent":%d,"good":%d,"bad":%d,"codes":{%s}}\n',
    d, s, g, b, table.concat(parts, ",")))
end
"""


def wrk(url: str, duration: int, connections: int, script: str | None = None, **env) -> dict:
    """wrk -t2 on `url` (with a Lua script and its environment): req/s, p50/p99 ms, and what
    the script's `done` printed."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script:
        command += ["-s", script]
    out = subprocess.run(
        [*command, url],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "BENCH_THREADS": "2", **{k: str(v) for k, v in env.items()}},
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    scale = {"us": 0.001, "ms": 1, "s": 1000}
    latency = {p: float(v) * scale[u] for p, v, u in WRK_LATENCY.findall(out)}
    total = re.search(r"(\d+) requests in", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    row = {
        "rps": round(rps),
        "p50_ms": round(latency.get("50", 0), 3),
        "p99_ms": round(latency.get("99", 0), 3),
        "requests": int(total.group(1)) if total else 0,
        "non_2xx_3xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1).strip() if socket_errors else "",
    }
    found = re.search(r"^BENCH (.*)$", out, re.M)
    if found:
        row["script"] = json.loads(found.group(1))
    return row


def median(runs: list[dict]) -> dict:
    row = dict(sorted(runs, key=lambda run: run["rps"])[len(runs) // 2])
    row["rounds_rps"] = [run["rps"] for run in runs]
    return row


def fetch(url: str) -> str:
    return urllib.request.urlopen(url, timeout=30).read().decode()


def boxes(html: str) -> dict[str, str]:
    return dict(BOX.findall(html))


def loadavg() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def variant_config(env) -> Path:
    """The generated nginx configuration with `/qc/` in a location of its own, off the cache
    (the suggested fix: behind `proxy_cache_lock`, requests for a response nginx may not
    keep wait for each other), on VARIANT_PORT with directories of its own."""
    var = Path(env["NGINX_VAR"])
    other = var.with_name(var.name + "-qc")
    shutil.rmtree(other, ignore_errors=True)
    for name in ("cache", "body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (other / name).mkdir(parents=True)
    text = (var / "nginx.conf").read_text().replace(str(var), str(other))
    text = text.replace(f"listen 127.0.0.1:{NGINX_PORT}", f"listen 127.0.0.1:{VARIANT_PORT}")
    block = (
        "        location /qc/ {\n"
        "            proxy_pass http://app;\n"
        "            proxy_http_version 1.1;\n"
        '            proxy_set_header Connection "";\n'
        "            proxy_set_header Host $host;\n"
        "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        "            proxy_set_header X-Forwarded-Proto $scheme;\n"
        "        }\n\n"
    )
    text = text.replace("        location / {", block + "        location / {", 1)
    (other / "nginx.conf").write_text(text)
    return other


def click_bench(prepared: dict, args, lua: str) -> dict:
    path = prepared["click"]
    # Into the processes' warm state (imports, connections, the day's salt); a robot's
    # User-Agent: not counted.
    for port in (NGINX_PORT, APP_PORT, VARIANT_PORT):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(20):
            connection.request("GET", path, headers={"User-Agent": "python-urllib"})
            answer = connection.getresponse()
            answer.read()
            location = answer.getheader("Location")
            if answer.status != 302 or location != prepared["link"]:
                raise RuntimeError(f"the click answered {answer.status} {location} on {port}")
        connection.close()
    targets = {  # label: (port, what nginx would append to X-Forwarded-For, addresses)
        "production": (NGINX_PORT, "", args.addresses),
        "production_replays": (NGINX_PORT, "", 1),
        "app_alone": (APP_PORT, ", 127.0.0.1", args.addresses),
        "qc_off_the_cache": (VARIANT_PORT, "", args.addresses),
    }
    runs = {label: [] for label in targets}
    for n in range(args.rounds):
        for number, (label, (port, suffix, addresses)) in enumerate(targets.items()):
            runs[label].append(
                wrk(
                    f"http://127.0.0.1:{port}{path}",
                    args.click_duration,
                    args.connections,
                    lua,
                    BENCH_ADDRESSES=addresses,
                    # Replays: one address and one User-Agent throughout.
                    BENCH_PREFIX="198.18" if addresses > 1 else "198.19",
                    BENCH_FORWARDED_SUFFIX=suffix,
                    BENCH_AGENT=AGENT.format(n=(n * 10 + number + 1) if addresses > 1 else 0),
                    BENCH_LOCATION=prepared["link"],
                )
            )
        log(
            f"   clicks round {n + 1}: "
            + ", ".join(f"{label} {runs[label][-1]['rps']:,}/s" for label in targets)
            + f"; load {loadavg()}"
        )
    return runs


def article_round(side: str, env, prepared: dict, args, copies: Path) -> dict:
    """One round of the article on `side` ("with" or "without"): switch, warm, save the
    static copy, then wrk on the ceiling, the application alone and the production config."""
    running = python_json(env, SWITCH, side)
    path = prepared["article"]
    app, front = f"http://127.0.0.1:{APP_PORT}{path}", f"http://127.0.0.1:{NGINX_PORT}{path}"
    html = fetch(app)
    for url in (app, front, front):  # both caches warm
        fetch(url)
    shown = boxes(fetch(front))
    want = {"sidebar", "in_article"} if side == "with" else set()
    if set(shown) != want or set(boxes(fetch(app))) != want:
        raise RuntimeError(f"{side}: the article shows {shown}, running {running}")
    (copies / f"article-{side}.html").write_text(html)
    targets = {
        "ceiling": f"http://127.0.0.1:{NGINX_PORT}/__static_copy/article-{side}.html",
        "app_warm": app,
        "production": front,
    }
    row = {"bytes": len(html.encode()), "boxes": shown}
    for label, url in targets.items():
        row[label] = wrk(url, args.duration, args.connections)
    return row


def run(database: str, args) -> dict:
    env = env_for(database)
    started = time.monotonic()
    log(f"== {database}: a fresh database with the demo content (load {loadavg()})")
    fresh_database(database, env)
    prepared = python_json(env, PREPARE)
    log(f"   article {prepared['article']} ({prepared['blocks']} blocks), {prepared['click']}")
    shutil.rmtree(env["NGINX_VAR"], ignore_errors=True)
    subprocess.run(
        ["redis-cli", "-n", str(REDIS_DB), "flushdb"], check=True, stdout=subprocess.DEVNULL
    )
    server = start(env, ["scripts/serve-production", str(NGINX_PORT), str(APP_PORT)])
    variant = None
    result = {
        "database": database,
        "article": prepared["article"],
        "click_path": prepared["click"],
        "link": prepared["link"],
        "load_before": loadavg(),
    }
    with tempfile.TemporaryDirectory() as scratch:
        lua = Path(scratch) / "click.lua"
        lua.write_text(CLICK_LUA)
        try:
            wait_for(f"http://127.0.0.1:{NGINX_PORT}/healthz/")
            wait_for(f"http://127.0.0.1:{APP_PORT}/healthz/")
            other = variant_config(env)
            config = ["-c", str(other / "nginx.conf"), "-p", str(other)]
            variant = start(env, ["nginx", *config, "-g", "daemon off;"])
            wait_for(f"http://127.0.0.1:{VARIANT_PORT}/healthz/")
            clicks = click_bench(prepared, args, str(lua))
            counts = python_json(env, COUNT, str(prepared["banners"]["sidebar"]))
            result["load_after_clicks"] = loadavg()
            copies = Path(env["NGINX_VAR"]) / "static_copy"
            rounds = {"with": [], "without": []}
            weight = {}
            for n in range(args.rounds):
                for side in ("with", "without"):
                    rounds[side].append(article_round(side, env, prepared, args, copies))
                    if side not in weight:
                        weight[side] = page_weight(
                            f"http://127.0.0.1:{NGINX_PORT}", prepared["article"]
                        )
                    last = rounds[side][-1]
                    log(
                        f"   article {side} banners, round {n + 1}: ceiling "
                        f"{last['ceiling']['rps']:,}/s, app {last['app_warm']['rps']:,}/s, "
                        f"production {last['production']['rps']:,}/s; load {loadavg()}"
                    )
        finally:
            if variant is not None:
                stop(variant)
            stop(server)
    result["load_after"] = loadavg()
    result["minutes"] = round((time.monotonic() - started) / 60, 1)
    result["clicks"] = click_summary(clicks, counts, args)
    result["article_pages"] = article_summary(rounds, weight)
    return result


def click_summary(clicks: dict, counts: dict, args) -> dict:
    runs = [run_ for label_runs in clicks.values() for run_ in label_runs]
    statuses: dict[str, int] = {}
    for run_ in runs:
        for code, n in run_["script"]["codes"].items():
            statuses[code] = statuses.get(code, 0) + n
    # Distinct (address, User-Agent) pairs: each run from many addresses has a User-Agent of
    # its own; the replays are one pair.
    pairs = 1 + sum(
        run_["script"]["distinct"]
        for label, label_runs in clicks.items()
        if label != "production_replays"
        for run_ in label_runs
    )
    clicked = counts["banner_day_clicks"]
    return {
        "addresses": args.addresses,
        "connections": args.connections,
        "duration": args.click_duration,
        **{label: median(label_runs) for label, label_runs in clicks.items()},
        "statuses": statuses,
        "wrong_answers": sum(run_["script"]["bad"] for run_ in runs),
        "requests_sent": sum(run_["script"]["sent"] for run_ in runs),
        "distinct_pairs_sent": pairs,
        "counts": counts,
        # Requests still in flight when wrk stops may never reach the application.
        "at_most_once_per_pair": clicked <= pairs,
        "uncounted_pairs": pairs - clicked,
    }


def article_summary(rounds: dict, weight: dict) -> dict:
    out = {}
    for side, runs in rounds.items():
        row = {
            "bytes": runs[-1]["bytes"],
            "boxes": runs[-1]["boxes"],
            "weight": weight[side],
        }
        for label in ("ceiling", "app_warm", "production"):
            row[label] = median([run[label] for run in runs])
        for label in ("app_warm", "production"):
            row[label]["ratio"] = round(row[label]["rps"] / row["ceiling"]["rps"], 3)
        out[side] = row
    w, wo = out["with"], out["without"]
    out["app_with_over_without"] = round(w["app_warm"]["rps"] / wo["app_warm"]["rps"], 3)
    out["production_with_over_without"] = round(w["production"]["rps"] / wo["production"]["rps"], 3)
    return out


CLICK_TITLES = {
    "production": "production (nginx → granian), {n:,} addresses, a new User-Agent a run",
    "production_replays": "production, one address: every request a replay",
    "app_alone": "the application alone (granian), {n:,} addresses",
    "qc_off_the_cache": "nginx with `/qc/` off the cache (suggested fix), {n:,} addresses",
}


def markdown(report: dict) -> str:
    lines = [
        f"# Banners under load, {report['date']}",
        "",
        f"Over HTTP against scripts/serve-production (nginx, granian 2 processes × 4 threads, "
        f"the worker), TRUSTED_PROXY_COUNT=2; wrk -t2 -c{report['connections']}, median of "
        f"{report['rounds']} rounds taken in turns ({report['click_duration']} s a click run, "
        f"{report['duration']} s a page run), no compression; {os.cpu_count()} cores shared "
        "by everything (wrk included) and by other people's work.",
        "",
    ]
    for data in report["databases"]:
        c = data["clicks"]
        counts = c["counts"]
        lines += [
            f"## {data['database']}",
            "",
            f"Load average (1, 5, 15 min) before {data['load_before']}, after the clicks "
            f"{data['load_after_clicks']}, at the end {data['load_after']}; "
            f"{data['minutes']} min with the build.",
            "",
            "### Click redirect `/qc/<token>/` (target ≥ 2,000 req/s)",
            "",
            "| configuration, load | req/s (rounds) | p50 / p99 ms |",
            "| --- | ---: | --- |",
            *(
                f"| {title.format(n=c['addresses'])} | {c[label]['rps']:,} "
                f"({', '.join(f'{x:,}' for x in c[label]['rounds_rps'])}) | "
                f"{c[label]['p50_ms']} / {c[label]['p99_ms']} |"
                for label, title in CLICK_TITLES.items()
            ),
            "",
            f"- statuses of all {c['requests_sent']:,} requests sent: {c['statuses']}; answers "
            f"other than a 302 to the banner's link: {c['wrong_answers']}",
            f"- clicks counted (BannerDay after fold_counts): {counts['banner_day_clicks']:,} "
            f"(the cache's counter {counts['cache_clicks']:,}) for "
            f"{c['distinct_pairs_sent']:,} distinct (address, User-Agent) pairs sent: at most "
            f"one per pair {'yes' if c['at_most_once_per_pair'] else 'NO'} "
            f"({c['uncounted_pairs']:,} pairs not counted: requests in flight when wrk "
            "stopped, or cut off with it)",
            "",
            "### Article with two banners (sidebar, in-article) and without",
            "",
            "| article | HTML bytes | ceiling req/s | app alone req/s (ratio) "
            "| production req/s (ratio) | p50 / p99 ms: ceiling · app · production |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        pages = data["article_pages"]
        for side in ("with", "without"):
            row = pages[side]
            k, a, p = row["ceiling"], row["app_warm"], row["production"]
            lines.append(
                f"| {side} banners | {row['bytes']:,} | {k['rps']:,} | {a['rps']:,} "
                f"({a['ratio']:.0%}) | {p['rps']:,} ({p['ratio']:.0%}) | "
                f"{k['p50_ms']}/{k['p99_ms']} · {a['p50_ms']}/{a['p99_ms']} · "
                f"{p['p50_ms']}/{p['p99_ms']} |"
            )
        w, wo = pages["with"]["weight"], pages["without"]["weight"]
        lines += [
            "",
            f"- rounds, req/s with → without: ceiling "
            f"{pages['with']['ceiling']['rounds_rps']} → "
            f"{pages['without']['ceiling']['rounds_rps']}, app alone "
            f"{pages['with']['app_warm']['rounds_rps']} → "
            f"{pages['without']['app_warm']['rounds_rps']}, production "
            f"{pages['with']['production']['rounds_rps']} → "
            f"{pages['without']['production']['rounds_rps']}",
            f"- app alone with banners / without: {pages['app_with_over_without']:.1%}; "
            f"production with / without: {pages['production_with_over_without']:.1%}",
            f"- weight with banners: HTML {w['html_kb']} KB, CSS {w['css_kb']} KB, JavaScript "
            f"{w['js_kb']} KB; without: HTML {wo['html_kb']} KB, CSS {wo['css_kb']} KB, "
            f"JavaScript {wo['js_kb']} KB (before compression)",
            "",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per page run")
    parser.add_argument("--click-duration", type=int, default=6, help="seconds per click run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--addresses", type=int, default=65536, help="a power of two")
    parser.add_argument("--out", help="result name in bench/results (default banners-<date>)")
    args = parser.parse_args()
    for tool in ("wrk", "nginx", "redis-cli"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install wrk nginx-light redis-tools")
    for port in (NGINX_PORT, APP_PORT, VARIANT_PORT):
        if not port_free(port):
            sys.exit(f"port {port} is taken")
    VAR.mkdir(parents=True, exist_ok=True)
    report = {
        "date": date.today().isoformat(),
        "rounds": args.rounds,
        "duration": args.duration,
        "click_duration": args.click_duration,
        "connections": args.connections,
        "databases": [run(database, args) for database in args.databases],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / (args.out or f"banners-{report['date']}")
    out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    out.with_suffix(".md").write_text(markdown(report))
    print(markdown(report))
    log(f"written {out.relative_to(ROOT)}.json and .md")


if __name__ == "__main__":
    main()
