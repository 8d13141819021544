"""The served site's outside checks (make audit, docs/checks.md).

A throwaway site (SQLite database and var directory in a temporary directory, the local
profile, demo content) served by granian on a free local port, then:

- axe-core in Chromium (/usr/bin/chromium through Playwright) on every page type in both
  languages at 375 and 1280 px: no violation of any impact;
- the Nu Html Checker (vnu.jar, run with the machine's java) on the same pages: no error;
- Lighthouse's mobile preset on one page per page type: 100 in performance, accessibility,
  best practices and SEO;
- every feed a page links to: RSS 2.0 and Atom (RFC 4287) rules, feedparser without complaint;
- the sitemaps against the XSDs in audit/xsd/ (lxml);
- a crawl from both home pages: every indexable page is in a sitemap, every sitemap address is
  indexable, no internal link is broken.

Prints progress while it runs, then a report grouped by page, and exits non-zero when anything
failed. The JSON report goes to var/audit/report.json.

    .venv/bin/python audit/run.py [--only axe,nu,lighthouse,feeds,sitemaps,crawl] [--keep]

Lighthouse runs last and alone, once the Nu checker's java and axe's Chromium have finished:
its performance is simulated from a trace of this machine, which the audit must not load. With
AUDIT_LIGHTHOUSE_REPORTS=<folder> every Lighthouse run's full JSON report is written there
(long tasks, main-thread work, the LCP element: what to read when a score is short).
"""

# ruff: noqa: S310, S603, S607 - it runs fixed local tools and fetches the local site only

from __future__ import annotations

import argparse
import email.utils
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AUDIT = ROOT / "audit"
NODE_MODULES = AUDIT / "node_modules"
XSD = AUDIT / "xsd"
PYTHON = sys.executable
GRANIAN = str(Path(PYTHON).with_name("granian"))
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
WIDTHS = (375, 1280)
CHECKS = ("sitemaps", "crawl", "feeds", "nu", "axe", "lighthouse")
CRAWL_LIMIT = 3000
QUERY_VARIANTS_PER_PATH = 12
LIGHTHOUSE_ATTEMPTS = 3
# The least Lighthouse performance score that passes (100 unless the environment says
# otherwise, e.g. to look at a page on a machine too slow to measure); every score under 100
# is printed.
PERFORMANCE_MIN = int(os.environ.get("AUDIT_LIGHTHOUSE_PERFORMANCE_MIN", "100"))
SLOW_HOST = 1000  # Lighthouse's own threshold for a host too slow to measure reliably
RETRY_DEADLINE = 480
# Not measured by Lighthouse: the 404 page (Lighthouse refuses an error status) and two types
# the issue does not list (axe and Nu check them).
LIGHTHOUSE_SKIPS = {"404", "authors index", "standard page"}
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


@dataclass
class Page:
    kind: str
    language: str
    url: str
    lighthouse: bool = False


@dataclass
class Finding:
    check: str
    where: str  # a page's URL, a feed's or a sitemap's
    rule: str
    detail: str
    kind: str = ""  # the page type, when the finding is a page's
    targets: list[str] = field(default_factory=list)


FINDINGS: list[Finding] = []
FINDINGS_LOCK = threading.Lock()


def fail(check: str, where: str, rule: str, detail: str, kind: str = "", targets=()) -> None:
    with FINDINGS_LOCK:
        FINDINGS.append(Finding(check, where, rule, detail, kind, list(targets)))


# -- the site ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """The local profile (production-like: no DEBUG, the page cache in the database's var
    directory) on a SQLite file, with demo content, served by granian."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"CACHE_URL", "TASKS_URL", "PAGE_CACHE_NGINX_DIR", "DJANGO_DEBUG"}
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="infofinance.settings.local",
            DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
            INFOFINANCE_VAR_DIR=str(tmp / "var"),
            STATIC_ROOT=str(tmp / "static"),
            MEDIA_ROOT=str(tmp / "var" / "media"),
            SITE_URL=self.url,
            PYTHONUNBUFFERED="1",
        )
        self.process: subprocess.Popen | None = None

    def manage(self, *args: str) -> None:
        started = time.monotonic()
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            raise SystemExit(f"audit: manage.py {' '.join(args)} failed")
        log(f"site: manage.py {args[0]} ({time.monotonic() - started:.0f}s)")

    def build(self) -> None:
        self.manage("migrate", "--noinput", "-v0")
        self.manage("setup_site")
        self.manage("load_demo")
        self.manage("collectstatic", "--noinput", "-v0")

    def start(self) -> None:
        log_file = open(self.tmp / "web.log", "w")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [
                GRANIAN,
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                "2",
                "--blocking-threads",
                "4",
                "--no-ws",
                "infofinance.wsgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/healthz/", timeout=2)
                log(f"site: serving on {self.url}")
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        raise SystemExit("audit: the web server did not start:\n" + self.web_log())

    def web_log(self) -> str:
        path = self.tmp / "web.log"
        return path.read_text(errors="replace")[-5000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


# -- HTTP and HTML ----------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


@dataclass
class Response:
    url: str
    status: int
    headers: dict
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def get(url: str) -> Response:
    request = urllib.request.Request(url, headers={"User-Agent": "infofinance-audit"})
    try:
        with OPENER.open(request, timeout=60) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            return Response(url, response.status, headers, response.read())
    except urllib.error.HTTPError as error:
        headers = {k.lower(): v for k, v in error.headers.items()}
        return Response(url, error.code, headers, error.read())


FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")


class PageParser(HTMLParser):
    """What the checks need from a page: links, canonical, robots, alternates, feeds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.canonical = ""
        self.robots = ""
        self.alternates: dict[str, str] = {}
        self.feeds: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "link" and "canonical" in rel:
            self.canonical = a.get("href", "")
        elif tag == "link" and "alternate" in rel:
            if a.get("hreflang"):
                self.alternates[a["hreflang"]] = a.get("href", "")
            elif a.get("type") in FEED_TYPES:
                self.feeds.append(a.get("href", ""))
        elif tag == "meta" and a.get("name", "").lower() == "robots":
            self.robots = a.get("content", "").lower()


def parse(response: Response) -> PageParser:
    parser = PageParser()
    parser.feed(response.text)
    return parser


def short(url: str, base: str) -> str:
    return url[len(base) :] if url.startswith(base) else url


# -- which pages ------------------------------------------------------------------------------


def sitemap_entries(base: str) -> dict[str, dict[str, str]]:
    """Every address of the sitemaps with its hreflang alternates."""
    from lxml import etree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    index = etree.fromstring(get(base + "/sitemap.xml").body)
    entries: dict[str, dict[str, str]] = {}
    for loc in index.findall("s:sitemap/s:loc", ns):
        urlset = etree.fromstring(get(loc.text.strip()).body)
        for url in urlset.findall("s:url", ns):
            links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
            entries[url.findtext("s:loc", namespaces=ns).strip()] = links
    return entries


def choose_pages(site: Site, entries: dict[str, dict[str, str]]) -> list[Page]:
    """One page of each type in each language, found in the database and the sitemaps."""
    os.environ.update(site.env)
    import django

    django.setup()
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Locale

    from infofinance.brokers.models import Broker, Regulator
    from infofinance.complaints.models import CATEGORY_SLUGS, Complaint
    from infofinance.news.models import ROUTE_WORDS, ArticleIndexPage, AuthorIndexPage
    from infofinance.pages.models import StandardPage

    base = site.url
    pages: list[Page] = []
    missing: list[str] = []

    def both(kind: str, vi_url: str | None, en_url: str | None = None) -> None:
        if not vi_url:
            missing.append(kind)
            return
        vi_url = urllib.parse.urljoin(base, vi_url)
        # The English address: the sitemap's alternate, else the page's own hreflang link.
        en_url = (
            en_url or entries.get(vi_url, {}).get("en") or parse(get(vi_url)).alternates.get("en")
        )
        pages.append(Page(kind, "vi", vi_url))
        if en_url:
            pages.append(Page(kind, "en", urllib.parse.urljoin(base, en_url)))
        else:
            missing.append(f"{kind} (en)")

    def routed(kind: str, name: str, query: dict | None = None, **kwargs) -> None:
        urls = {}
        for language in ("vi", "en"):
            with translation.override(language):
                url = reverse(name, kwargs=kwargs or None)
            q = (query or {}).get(language)
            urls[language] = url + (f"?{urllib.parse.urlencode(q)}" if q else "")
        both(kind, urls["vi"], urllib.parse.urljoin(base, urls["en"]))

    def first(prefix: str, words: str = "", translated: bool = True) -> str | None:
        for loc, alternates in entries.items():
            rest = loc[len(prefix) :] if loc.startswith(prefix) else None
            if not rest or (translated and "en" not in alternates):
                continue
            if words and rest.startswith(words + "/") and rest.count("/") == 2:
                return loc
            if (
                not words
                and rest.count("/") == 1
                and rest.split("/")[0]
                not in (
                    ROUTE_WORDS["vi"]["section"],
                    ROUTE_WORDS["vi"]["tag"],
                )
            ):
                return loc
        return None

    def listed(name: str, slugs) -> str | None:
        """The first slug whose Vietnamese address is in a sitemap (readers can see it)."""
        with translation.override("vi"):
            for slug in slugs:
                if urllib.parse.urljoin(base, reverse(name, args=[slug])) in entries:
                    return slug
        return None

    vi = Locale.objects.get(language_code="vi")
    hubs = {
        hub.kind: urllib.parse.urljoin(base, hub.url)
        for hub in ArticleIndexPage.objects.live().public().filter(locale=vi)
    }
    news, knowledge = hubs.get("news"), hubs.get("knowledge")
    both("home", base + "/", base + "/en/")
    both("news index", news)
    both("section", news and first(news, ROUTE_WORDS["vi"]["section"]))
    both("tag", news and first(news, ROUTE_WORDS["vi"]["tag"]))
    authors = AuthorIndexPage.objects.live().public().filter(locale=vi).first()
    authors_url = authors and urllib.parse.urljoin(base, authors.url)
    both("authors index", authors_url)
    both("author", authors_url and first(authors_url))
    both("article", news and first(news))
    both("knowledge index", knowledge)
    both("knowledge article", knowledge and first(knowledge))
    page = StandardPage.objects.live().public().filter(locale=vi).first()
    both("standard page", page and urllib.parse.urljoin(base, page.url))
    routed("search results", "search", {"vi": {"q": "vàng"}, "en": {"q": "gold"}})
    routed("brokers directory", "brokers:directory")
    for status in ("active", "expired", "suspended", "revoked", "clone", "none"):
        slugs = Broker.objects.filter(licence_status=status).values_list("slug", flat=True)
        slug = listed("brokers:detail", slugs)
        if slug:
            routed(f"broker ({status})", "brokers:detail", slug=slug)
        else:
            missing.append(f"broker ({status})")
    compared = list(Broker.objects.order_by("-total_score").values_list("slug", flat=True)[:3])
    joined = ",".join(compared)
    routed("compare", "brokers:compare", {"vi": {"san": joined}, "en": {"brokers": joined}})
    routed("regulators", "brokers:regulators")
    regulator = listed("brokers:regulator", Regulator.objects.values_list("slug", flat=True))
    if regulator:
        routed("regulator", "brokers:regulator", slug=regulator)
    else:
        missing.append("regulator")
    routed("methodology", "brokers:methodology")
    routed("complaints index", "complaints:index")
    complaint = Complaint.objects.published().select_related("broker").first()
    if complaint is not None:
        routed(
            "complaints list",
            "complaints:index",
            {"vi": {"broker": complaint.broker.slug}, "en": {"broker": complaint.broker.slug}},
        )
        urls = {}
        for language in ("vi", "en"):
            with translation.override(language):
                urls[language] = reverse(
                    "complaints:category",
                    kwargs={"category": CATEGORY_SLUGS[language][complaint.category]},
                )
        both("complaint category", urls["vi"], urllib.parse.urljoin(base, urls["en"]))
        slug = listed(
            "complaints:detail",
            Complaint.objects.published().values_list("public_slug", flat=True),
        )
        with translation.override("vi"):
            both("complaint", slug and reverse("complaints:detail", args=[slug]))
    else:
        missing.extend(["complaints list", "complaint category", "complaint"])
    routed("log-in", "account_login")
    routed("sign-up", "account_signup")
    both("404", base + "/khong-co-trang-nay/", base + "/en/no-such-page/")
    for kind in missing:
        fail("pages", base, "page-type-missing", f"no page found for {kind}", kind)
    # Lighthouse: one page per type (a broker page in one licence state), the language
    # alternating from type to type so that both are measured.
    seen: list[str] = []
    for page in pages:
        group = page.kind.split(" (")[0]
        if group in seen or group in LIGHTHOUSE_SKIPS:
            continue
        language = "vi" if len(seen) % 2 == 0 else "en"
        match = next((p for p in pages if p.kind == page.kind and p.language == language), page)
        match.lighthouse = True
        seen.append(group)
    return pages


# -- sitemaps ---------------------------------------------------------------------------------


def check_sitemaps(base: str) -> set[str]:
    """Each sitemap against its XSD: the index against siteindex.xsd, each URL set (with the
    xhtml:link and news: extensions) against sitemap-with-extensions.xsd. Returns every loc."""
    from lxml import etree

    index_schema = etree.XMLSchema(etree.parse(str(XSD / "siteindex.xsd")))
    urlset_schema = etree.XMLSchema(etree.parse(str(XSD / "sitemap-with-extensions.xsd")))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    robots = get(base + "/robots.txt").text
    declared = [
        line.split(":", 1)[1].strip()
        for line in robots.splitlines()
        if line.lower().startswith("sitemap:")
    ]
    if not declared:
        fail("sitemaps", base + "/robots.txt", "robots-sitemap", "robots.txt names no sitemap")
    queue = list(dict.fromkeys([base + "/sitemap.xml", *declared]))
    locs: set[str] = set()
    checked = 0
    while queue:
        url = queue.pop(0)
        response = get(url)
        checked += 1
        if response.status != 200:
            fail("sitemaps", url, "status", f"HTTP {response.status}")
            continue
        try:
            document = etree.fromstring(response.body)
        except etree.XMLSyntaxError as error:
            fail("sitemaps", url, "xml", str(error))
            continue
        is_index = etree.QName(document).localname == "sitemapindex"
        schema = index_schema if is_index else urlset_schema
        if not schema.validate(document):
            for error in list(schema.error_log)[:20]:
                fail("sitemaps", url, "xsd", f"line {error.line}: {error.message}")
        children = [loc.text.strip() for loc in document.iterfind(".//s:loc", ns)]
        for child in children:
            if not child.startswith(base + "/"):
                fail("sitemaps", url, "loc-origin", f"{child} is not on {base}")
        if is_index:
            queue.extend(child for child in children if child not in queue)
        else:
            if len(children) != len(set(children)):
                fail("sitemaps", url, "duplicate-loc", "an address is listed twice")
            locs.update(children)
    log(f"sitemaps: {checked} validated, {len(locs)} addresses")
    return locs


# -- crawl ------------------------------------------------------------------------------------


SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/documents/", "/_/", "/cache/")


def crawl(base: str, sitemap_locs: set[str]) -> set[str]:
    """Every page reachable from both home pages (and every sitemap address). A page is
    indexable when it answers 200 with HTML, robots.txt allows it, no robots noindex says
    otherwise and its canonical address is itself. Returns the feeds the pages link to."""
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(get(base + "/robots.txt").text.splitlines())
    seen: set[str] = set()
    variants: dict[str, int] = defaultdict(int)
    referrers: dict[str, str] = {}
    feeds: set[str] = set()
    indexable: set[str] = set()
    not_indexable: dict[str, str] = {}
    frontier = [base + "/", base + "/en/", *sorted(sitemap_locs)]
    for url in frontier:
        seen.add(url)

    def visit(url: str) -> list[str]:
        if not robots.can_fetch("*", url):
            not_indexable[url] = "disallowed by robots.txt"
            return []
        response = get(url)
        if response.status in (301, 302, 303, 307, 308):
            not_indexable[url] = f"redirects ({response.status})"
            location = response.headers.get("location", "")
            return [(urllib.parse.urljoin(url, location), url)] if location else []
        if response.status != 200:
            not_indexable[url] = f"HTTP {response.status}"
            if response.status >= 400:
                fail(
                    "crawl",
                    url,
                    "broken-link",
                    f"HTTP {response.status}, linked from {referrers.get(url, 'a sitemap')}",
                )
            return []
        if response.content_type != "text/html":
            not_indexable[url] = response.content_type
            return []
        page = parse(response)
        found: list[str] = []
        robots_header = response.headers.get("x-robots-tag", "").lower()
        canonical = urllib.parse.urljoin(url, page.canonical) if page.canonical else url
        if "noindex" in page.robots or "noindex" in robots_header:
            not_indexable[url] = "noindex"
        elif canonical != url:
            not_indexable[url] = f"canonical is {canonical}"
        else:
            indexable.add(url)
        feeds.update(urllib.parse.urljoin(url, feed) for feed in page.feeds if feed)
        for href in page.links:
            target = urllib.parse.urljoin(url, href.strip()).split("#")[0]
            parts = urllib.parse.urlsplit(target)
            if target.startswith(base + "/") and not parts.path.startswith(SKIP_PREFIXES):
                found.append(target)
        return [(target, url) for target in found]

    with ThreadPoolExecutor(max_workers=4) as pool:
        while frontier and len(seen) < CRAWL_LIMIT:
            batch, frontier = frontier, []
            for result in pool.map(visit, batch):
                for target, referrer in result:
                    if target in seen:
                        continue
                    parts = urllib.parse.urlsplit(target)
                    if parts.query:
                        variants[parts.path] += 1
                        if variants[parts.path] > QUERY_VARIANTS_PER_PATH:
                            continue
                    seen.add(target)
                    referrers[target] = short(referrer, base)
                    frontier.append(target)
            log(f"crawl: {len(seen)} addresses, {len(indexable)} indexable so far")
    if frontier:
        fail("crawl", base, "crawl-limit", f"stopped at {CRAWL_LIMIT} addresses")
    for url in sorted(indexable - sitemap_locs):
        fail(
            "crawl",
            url,
            "not-in-sitemap",
            f"indexable (linked from {referrers.get(url, 'a home page')}) but in no sitemap",
        )
    for url in sorted(sitemap_locs - indexable):
        fail("crawl", url, "sitemap-not-indexable", not_indexable.get(url, "not reached"))
    log(f"crawl: {len(seen)} addresses, {len(indexable)} indexable, {len(feeds)} feeds")
    return feeds


# -- feeds ------------------------------------------------------------------------------------


RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (0[1-9]|[12]\d|3[01]) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} "
    r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d ([+-]\d{4}|GMT|UT)$"
)
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
)
ATOM = "{http://www.w3.org/2005/Atom}"


def check_rss(url: str, root) -> list[str]:
    problems = []
    if root.tag != "rss" or root.get("version") != "2.0":
        return [f"root is <{root.tag} version={root.get('version')!r}>, not <rss version='2.0'>"]
    channel = root.find("channel")
    if channel is None:
        return ["no <channel>"]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel has no <{name}>")
    selves = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if not selves:
        problems.append('channel has no <atom:link rel="self">')
    elif selves[0].get("href") != url:
        problems.append(f"atom:link rel=self is {selves[0].get('href')}, fetched from {url}")
    for name in ("pubDate", "lastBuildDate"):
        value = channel.findtext(name)
        if value is not None and not RFC822.match(value.strip()):
            problems.append(f"channel <{name}> {value!r} is not an RFC 822 date")
    guids = []
    for number, item in enumerate(channel.findall("item"), 1):
        if not (item.findtext("title") or item.findtext("description") or "").strip():
            problems.append(f"item {number} has neither title nor description")
        guid = item.find("guid")
        if guid is None or not (guid.text or "").strip():
            problems.append(f"item {number} has no <guid>")
            continue
        value = guid.text.strip()
        guids.append(value)
        permalink = guid.get("isPermaLink", "true") == "true"
        if permalink and not value.startswith(("http://", "https://")):
            problems.append(f"item {number}: guid {value!r} is a permalink but not a URL")
        date = item.findtext("pubDate")
        if date is None:
            problems.append(f"item {number} has no <pubDate>")
        elif not RFC822.match(date.strip()):
            problems.append(f"item {number}: pubDate {date!r} is not an RFC 822 date")
        else:
            email.utils.parsedate_to_datetime(date.strip())
    for guid in {g for g in guids if guids.count(g) > 1}:
        problems.append(f"guid {guid!r} is repeated")
    return problems


def check_atom(url: str, root) -> list[str]:
    problems = []
    if root.tag != f"{ATOM}feed":
        return [f"root is {root.tag}, not atom:feed"]

    def one(parent, name, where):
        found = parent.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where} has {len(found)} atom:{name} (RFC 4287: exactly one)")
        return found[0] if found else None

    for name in ("id", "title", "updated"):
        one(root, name, "feed")
    updated = root.findtext(f"{ATOM}updated")
    if updated and not RFC3339.match(updated.strip()):
        problems.append(f"feed atom:updated {updated!r} is not an RFC 3339 date")
    links = root.findall(f"{ATOM}link")
    selves = [link for link in links if link.get("rel") == "self"]
    if not selves:
        problems.append('feed has no <link rel="self">')
    elif selves[0].get("href") != url:
        problems.append(f"link rel=self is {selves[0].get('href')}, fetched from {url}")
    feed_author = root.find(f"{ATOM}author") is not None
    anonymous = 0
    ids: dict[str, list[str]] = defaultdict(list)
    for number, entry in enumerate(root.findall(f"{ATOM}entry"), 1):
        where = f"entry {number}"
        entry_id = one(entry, "id", where)
        one(entry, "title", where)
        stamp = one(entry, "updated", where)
        if stamp is not None and not RFC3339.match((stamp.text or "").strip()):
            problems.append(f"{where}: atom:updated {stamp.text!r} is not an RFC 3339 date")
        published = entry.findtext(f"{ATOM}published")
        if published and not RFC3339.match(published.strip()):
            problems.append(f"{where}: atom:published {published!r} is not an RFC 3339 date")
        if not feed_author and entry.find(f"{ATOM}author") is None:
            anonymous += 1
        has_content = entry.find(f"{ATOM}content") is not None
        alternate = any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link")
        )
        if not has_content and not alternate:
            problems.append(f"{where} has neither atom:content nor a rel=alternate link")
        if entry_id is not None:
            ids[(entry_id.text or "").strip()].append(
                (stamp.text or "") if stamp is not None else ""
            )
    if anonymous:
        problems.append(
            f"{anonymous} entries have no atom:author and the feed has none (RFC 4287 4.1.1)"
        )
    for entry_id, stamps in ids.items():
        if len(stamps) > 1:
            problems.append(f"atom:id {entry_id!r} is used by {len(stamps)} entries")
            if len(set(stamps)) < len(stamps):
                problems.append(f"entries with atom:id {entry_id!r} share an atom:updated")
    return problems


def check_json_feed(url: str, body: bytes) -> list[str]:
    try:
        data = json.loads(body)
    except ValueError as error:
        return [f"not JSON: {error}"]
    problems = []
    if not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        problems.append(f"version is {data.get('version')!r}")
    if data.get("feed_url") and data["feed_url"] != url:
        problems.append(f"feed_url is {data['feed_url']}, fetched from {url}")
    ids = [str(item.get("id", "")) for item in data.get("items", [])]
    if any(not i for i in ids):
        problems.append("an item has no id")
    if len(ids) != len(set(ids)):
        problems.append("an item id is repeated")
    return problems


def check_feeds(base: str, feeds: set[str]) -> None:
    import defusedxml.ElementTree as ET
    import feedparser

    with ThreadPoolExecutor(max_workers=4) as pool:
        fetched = dict(
            zip(sorted(feeds), pool.map(lambda u: (get(u), get(u)), sorted(feeds)), strict=True)
        )
    for url, (first, second) in fetched.items():
        if first.status != 200:
            fail("feeds", url, "status", f"HTTP {first.status}")
            continue
        if url.endswith(".json") or "json" in first.content_type:
            for problem in check_json_feed(url, first.body):
                fail("feeds", url, "json-feed", problem)
            continue
        parsed = feedparser.parse(first.body)
        if parsed.bozo:
            fail("feeds", url, "feedparser", f"{parsed.bozo_exception!r}")
        try:
            root = ET.fromstring(first.body)
        except ET.ParseError as error:
            fail("feeds", url, "xml", str(error))
            continue
        rules = check_atom if root.tag.startswith(ATOM) else check_rss
        for problem in rules(url, root):
            fail("feeds", url, "rss-2.0" if rules is check_rss else "rfc-4287", problem)
        ids = [entry.get("id") for entry in parsed.entries]
        again = [entry.get("id") for entry in feedparser.parse(second.body).entries]
        if ids != again:
            fail("feeds", url, "stable-ids", "two fetches in a row give different entry ids")
    log(f"feeds: {len(feeds)} checked")


# -- Nu Html Checker --------------------------------------------------------------------------


def check_nu(pages: list[Page], bodies: dict[str, Response], tmp: Path) -> threading.Thread:
    """The checker runs on the pages as served (one java process for them all) in a thread of
    its own, alongside the crawl; join the thread returned."""
    thread = threading.Thread(target=_check_nu, args=(pages, bodies, tmp))
    thread.start()
    return thread


def _check_nu(pages: list[Page], bodies: dict[str, Response], tmp: Path) -> None:
    folder = tmp / "html"
    folder.mkdir(exist_ok=True)
    files: dict[str, Page] = {}
    for number, page in enumerate(pages):
        path = folder / f"{number:03d}.html"
        path.write_bytes(bodies[page.url].body)
        files[path.resolve().as_uri()] = page
    jar = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    result = subprocess.run(
        [
            "java",
            "-Xss1024k",
            "-jar",
            str(jar),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *sorted(str(p) for p in folder.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise SystemExit(
            "audit: the Nu Html Checker failed:\n" + result.stdout + result.stderr
        ) from error
    by_file: dict[str, Page] = {
        Path(urllib.parse.urlsplit(k).path).name: v for k, v in files.items()
    }
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        page = by_file.get(Path(urllib.parse.urlsplit(message.get("url", "")).path).name)
        if page is None:
            continue
        line = message.get("lastLine", "?")
        extract = (message.get("extract") or "").strip().replace("\n", " ")[:160]
        fail(
            "nu",
            page.url,
            message.get("subType") or message.get("type"),
            f"line {line}: {message.get('message')}",
            page.kind,
            [extract] if extract else [],
        )
    log(f"nu: {len(pages)} pages checked")


# -- axe-core ---------------------------------------------------------------------------------


def describe(violation: dict) -> list[str]:
    """Where a violation is: each node's selector, with the colours of a contrast failure."""
    targets = []
    for node in violation["nodes"][:8]:
        target = " ".join(map(str, node["target"]))
        data = next((c.get("data") for c in node.get("any", []) if c.get("data")), None)
        if violation["id"] == "color-contrast" and isinstance(data, dict):
            target += (
                f" [{data.get('fgColor')} on {data.get('bgColor')},"
                f" {data.get('contrastRatio')}:1, needs {data.get('expectedContrastRatio')}]"
            )
        targets.append(target)
    if len(violation["nodes"]) > 8:
        targets.append(f"… and {len(violation['nodes']) - 8} more")
    return targets


def check_axe(pages: list[Page]) -> None:
    """Each page loads once at the narrowest width; axe runs there, then again at each wider
    width after the viewport grows (the same document, laid out again)."""
    from playwright.sync_api import sync_playwright

    axe = (NODE_MODULES / "axe-core" / "axe.min.js").read_text()
    base = pages[0].url.rstrip("/")
    errors: list[str] = []

    def on_console(message):
        if message.type == "error":
            errors.append(message.text)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            # The site's CSP allows no inline script: axe is injected past it.
            context = browser.new_context(
                viewport={"width": WIDTHS[0], "height": 800}, bypass_csp=True
            )
            tab = context.new_page()
            tab.on("pageerror", lambda error: errors.append(str(error)))
            tab.on("console", on_console)
            for done, page in enumerate(pages, 1):
                errors.clear()
                tab.set_viewport_size({"width": WIDTHS[0], "height": 800})
                tab.goto(page.url, wait_until="load", timeout=60000)
                tab.add_script_tag(content=axe)
                for width in WIDTHS:
                    if width != WIDTHS[0]:
                        tab.set_viewport_size({"width": width, "height": 800})
                        tab.evaluate("new Promise(requestAnimationFrame)")
                    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
                    for violation in result["violations"]:
                        fail(
                            f"axe@{width}",
                            page.url,
                            f"{violation['id']} ({violation['impact']})",
                            violation["help"],
                            page.kind,
                            describe(violation),
                        )
                for error in dict.fromkeys(errors):
                    if page.kind == "404" and "404" in error:
                        continue  # the browser's own line about the page's status
                    fail("console", page.url, "console-error", error[:300], page.kind)
                if done % 10 == 0 or done == len(pages):
                    log(f"axe: {done}/{len(pages)} pages at {WIDTHS} ({short(page.url, base)})")
        finally:
            browser.close()


# -- Lighthouse -------------------------------------------------------------------------------


def failed(result: dict | None) -> bool:
    return result is None or bool(result["error"]) or not result["scores"]


def rank(result: dict | None) -> tuple:
    return (-1,) if result is None else (not failed(result), sum(result["scores"].values()))


def only_performance_short(scores: dict) -> bool:
    others = [v for k, v in scores.items() if k != "performance"]
    return scores.get("performance", 0) < 100 and all(v == 100 for v in others)


def check_lighthouse(pages: list[Page], bodies: dict[str, Response]) -> None:
    """Lighthouse's mobile preset on one page per type. A page that asks not to be indexed
    (robots noindex, as search results, forms and filtered lists do) cannot pass SEO's
    is-crawlable audit by design: that audit is left out of its score. Lighthouse refuses to
    measure a page answered with an error status, so the 404 page is left to axe and Nu."""
    chosen = [page for page in pages if page.lighthouse]
    noindex = set()
    for page in chosen:
        response = bodies[page.url]
        if "noindex" in parse(response).robots or "noindex" in response.headers.get(
            "x-robots-tag", ""
        ):
            noindex.add(page.url)
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    base = pages[0].url.rstrip("/")
    best: dict[str, dict] = {}
    pending = chosen
    for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
        if not pending:
            break
        targets = [{"url": page.url, "noindex": page.url in noindex} for page in pending]
        process = subprocess.Popen(
            ["node", str(AUDIT / "lighthouse.mjs"), json.dumps(targets)],
            cwd=AUDIT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in process.stdout:
            result = json.loads(line)
            url = result["url"]
            scores = result["scores"] or {}
            if rank(result) > rank(best.get(url)):
                best[url] = result
            log(
                f"lighthouse: {short(url, base)} "
                + " ".join(f"{k}={v}" for k, v in scores.items())
                + f" (benchmark index {result.get('benchmarkIndex')}"
                + (f", attempt {attempt})" if attempt > 1 else ")")
                + (f" error: {result['error']}" if result["error"] else "")
            )
        process.wait(timeout=120)
        # Performance is simulated from a trace of this machine: a page below 100 in it alone,
        # measured while the host was slower than Lighthouse expects (benchmark index under
        # 1000), is measured once more and its better run counts. A run that failed is run
        # again. No new attempt starts once the audit has run for RETRY_DEADLINE seconds.
        if time.monotonic() - STARTED > RETRY_DEADLINE:
            break
        pending = [
            page
            for page in chosen
            if failed(best.get(page.url))
            or (
                attempt == 1
                and only_performance_short(best[page.url]["scores"])
                and (best[page.url].get("benchmarkIndex") or 0) < SLOW_HOST
            )
        ]
    for page in chosen:
        result = best.get(page.url)
        if failed(result):
            detail = (result or {}).get("error") or "no result"
            fail("lighthouse", page.url, "error", detail, page.kind)
            continue
        for category, score in result["scores"].items():
            if score >= 100:
                continue
            if category == "performance" and score >= PERFORMANCE_MIN:
                print(
                    f"lighthouse: {page.url} performance {score}, under 100 but not below"
                    f" AUDIT_LIGHTHOUSE_PERFORMANCE_MIN={PERFORMANCE_MIN}",
                    flush=True,
                )
                continue
            audits = [f for f in result["failures"] if f["category"] == category]
            fail(
                "lighthouse",
                page.url,
                f"{category} {score}",
                "; ".join(
                    f"{a['id']} {a['value']}".strip() + f" (score {a['score']})" for a in audits
                )
                or "below 100",
                page.kind,
                [w for a in audits for w in a["where"]][:8],
            )


# -- the report -------------------------------------------------------------------------------


def report(pages: list[Page], base: str, duration: float) -> int:
    kinds = {page.url: page.kind for page in pages}
    languages = {page.url: page.language for page in pages}
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in FINDINGS:
        grouped[finding.where].append(finding)
    print()
    print("=" * 78)
    print("Audit report")
    print("=" * 78)
    order = [page.url for page in pages] + sorted(set(grouped) - set(kinds))
    for where in order:
        if where not in grouped:
            continue
        label = f"{kinds[where]} ({languages[where]}) " if where in kinds else ""
        print(f"\n{label}{short(where, base) or '/'}")
        # The same violation at both widths is printed once, with the widths it was seen at.
        merged: dict[tuple, list[str]] = {}
        for finding in sorted(grouped[where], key=lambda f: (f.check, f.rule)):
            check, _, width = finding.check.partition("@")
            key = (check, finding.rule, finding.detail, tuple(finding.targets))
            merged.setdefault(key, [])
            if width:
                merged[key].append(width)
        for (check, rule, detail, targets), widths in merged.items():
            at = f" @{','.join(sorted(widths, key=int))}px" if widths else ""
            print(f"  [{check}{at}] {rule}: {detail}")
            for target in targets:
                print(f"      {target}")
    counts: dict[str, int] = defaultdict(int)
    for finding in FINDINGS:
        counts[finding.check.split("@")[0]] += 1
    print()
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"
    print(f"{len(FINDINGS)} findings ({summary}) on {len(pages)} pages; {duration:.0f}s")
    out = ROOT / "var" / "audit"
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(
        json.dumps(
            {
                "pages": [asdict(page) for page in pages],
                "findings": [asdict(finding) for finding in FINDINGS],
                "duration_seconds": round(duration),
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    return 1 if FINDINGS else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(CHECKS), help="comma-separated checks")
    parser.add_argument("--keep", action="store_true", help="keep the temporary site")
    parser.add_argument(
        "--reuse", type=Path, help="a site kept by --keep: serve it again without building it"
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    unknown = only - set(CHECKS)
    if unknown:
        parser.error(f"unknown checks: {', '.join(sorted(unknown))}")
    for tool in ("axe-core", "vnu-jar", "lighthouse"):
        if not (NODE_MODULES / tool).is_dir():
            raise SystemExit(f"audit: {NODE_MODULES / tool} is missing (cd audit && npm ci)")
    tmp = args.reuse or Path(tempfile.mkdtemp(prefix="infofinance-audit-"))
    site = Site(tmp)
    try:
        if args.reuse:
            site.manage("migrate", "--noinput", "-v0")
            site.manage("setup_site")  # the Site record takes this run's address
            site.manage("collectstatic", "--noinput", "-v0")
        else:
            site.build()
        site.start()
        base = site.url
        entries = sitemap_entries(base)
        pages = choose_pages(site, entries)
        log(f"pages: {len(pages)} ({len({p.kind for p in pages})} types, both languages)")
        bodies = {}
        with ThreadPoolExecutor(max_workers=4) as pool:
            for response in pool.map(get, [page.url for page in pages]):
                bodies[response.url] = response
        for page in pages:
            expected = 404 if page.kind == "404" else 200
            if bodies[page.url].status != expected:
                fail(
                    "pages",
                    page.url,
                    "status",
                    f"HTTP {bodies[page.url].status}, expected {expected}",
                    page.kind,
                )
        nu = check_nu(pages, bodies, tmp) if "nu" in only else None
        if only & {"sitemaps", "crawl", "feeds"}:
            locs = check_sitemaps(base)
        if "crawl" in only or "feeds" in only:
            feeds = crawl(base, locs)
        if "feeds" in only:
            check_feeds(base, feeds)
        if nu is not None:
            nu.join()
        if "axe" in only:
            check_axe(pages)
        if "lighthouse" in only:
            check_lighthouse(pages, bodies)
        return report(pages, base, time.monotonic() - STARTED)
    finally:
        site.stop()
        if args.keep or args.reuse:
            log(f"site kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
