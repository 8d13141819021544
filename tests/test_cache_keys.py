"""Cached answers for the right question: every view the page cache may store, asked with two
values of each query parameter it reads and with parameters nobody registered, answers from the
cache exactly what it answers without it.

The addresses are found, not listed: every pattern of the URLconf in both languages (converters
filled with the slugs of the rows made below), one live page of each page type, and the route
registry's old paths of the live site (infofinance.wiring.routes) with the legacy search. The
parameters are those the view reads (infofinance.pagecache.reads records them), found again on
each variant, so a parameter read only when another is set is asked too."""

import re
from io import BytesIO

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation

from infofinance.pagecache import reads, registry, store
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=False)

# Two values of every parameter: a word that names the broker made below (a search, an
# addition to the comparison, a slug) and a number (a page).
VALUES = ("aurora", "2")
# Parameters nobody registers: a tracker, a cache-buster, the live site's old search word.
UNREGISTERED = ("utm_source", "zz_buster", "keyword")
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
# An empty feed says it was updated at the time it was rendered: not part of the question.
RENDER_TIME = re.compile(rb"<(updated|lastBuildDate)>[^<]*</\1>")


def call(app, path, query=""):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT_ENCODING": "identity",
        "wsgi.input": BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": BytesIO(),
    }
    result = {}

    def start_response(status, headers, exc_info=None):
        result["status"] = int(status.split()[0])
        result["headers"] = dict(headers)

    body = RENDER_TIME.sub(rb"<\1/>", b"".join(app(environ, start_response)))
    headers = result["headers"]
    answer = (result["status"], headers.get("Location", ""), body)
    return answer, headers.get("X-Cache", "")


def _walk(patterns, prefix=""):
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            part = pattern.language_prefix
        elif isinstance(pattern, RoutePattern):
            part = str(pattern)
        elif isinstance(pattern, RegexPattern):
            part = pattern.regex.pattern.lstrip("^").removesuffix("\\Z").removesuffix("$")
            if re.search(r"[()\[\]{}*+?|\\]", part.replace("\\.", "").replace("\\-", "")):
                continue  # not a literal path (Wagtail's pages and the old paths come below)
            part = part.replace("\\.", ".").replace("\\-", "-")
        else:  # pragma: no cover - no other kind of pattern in the URLconf
            continue
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + part)
        elif isinstance(entry, URLPattern):
            yield prefix + part


def urlconf_paths(slugs) -> set[str]:
    """Every path of the URLconf in both languages, converters filled with `slugs` and 1."""
    found = set()
    for language in ("vi", "en"):
        with translation.override(language):
            for route in _walk(get_resolver().url_patterns):
                names = CONVERTER.findall(route)
                if not names:
                    found.add("/" + route)
                    continue
                for slug in slugs:
                    filled = CONVERTER.sub(lambda m: "1" if m.group(1) == "int" else slug, route)
                    found.add("/" + filled)
    return {path for path in found if store.cacheable_request("GET", path, "", "")}


def page_paths() -> set[str]:
    """One live page of each page type, in each language."""
    from wagtail.models import Page

    seen, paths = set(), set()
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        kind = (type(page), page.locale.language_code)
        if kind not in seen and page.url:
            seen.add(kind)
            paths.add(page.url)
    return paths


def legacy_paths() -> set[str]:
    from infofinance.wiring import routes

    return {f"/{r.old}" for r in routes.legacy_redirects()} | {"/search", "/en/search"}


@pytest.fixture
def content(structure):
    from infofinance.brokers.models import Broker, Licence, Regulator

    make_article(structure, title="Sàn Aurora mở rộng thị trường")
    make_article(structure, title="Thị trường trong nước", section="domestic")
    regulator = Regulator.objects.create(name="FCA", abbreviation="FCA", country="GB", tier=1)
    broker = Broker.objects.create(name="Aurora Markets", website="https://aurora.example")
    Broker.objects.create(name="Borealis Trade", website="https://borealis.example")
    Licence.objects.create(
        broker=broker, regulator=regulator, number="1", approved_domains="aurora.example"
    )
    return [broker.slug, regulator.slug]


@pytest.fixture
def recorded(monkeypatch):
    """The Reads of each render, in order."""
    seen = []
    track = reads.track

    def recording(request):
        found = track(request)
        seen.append(found)
        return found

    monkeypatch.setattr(reads, "track", recording)
    return seen


def queries_for(names) -> list[str]:
    queries = [""]
    for name in sorted(names):
        queries += [f"{name}={value}" for value in VALUES]
    queries += [f"{name}=1" for name in UNREGISTERED]
    # A registered parameter with an unregistered one, and two registered ones together.
    registered = sorted(set(names) & registry.PARAMS)
    if registered:
        queries.append(f"{registered[0]}={VALUES[0]}&utm_source=1")
    if len(registered) > 1:
        queries.append(f"{registered[1]}={VALUES[1]}&{registered[0]}={VALUES[0]}")
    return queries


def check_path(app, path, recorded, settings) -> list[str]:
    """The wrong answers the cache gives on `path`, as readable lines."""
    fresh: dict[str, tuple] = {}
    names: set[str] = set()

    def ask(query):
        before = len(recorded)
        answer, cache = call(app, path, query)
        for found in recorded[before:]:
            names.update(found.names)
        if cache != "HIT":
            fresh.setdefault(query, answer)
        return answer, cache

    ask("")
    if not names and fresh[""][0] == 404:
        return []  # a pattern filled with a slug of another model's
    asked: set[str] = set()
    for _round in range(2):  # the parameters read when another one is set are asked too
        for query in queries_for(names):
            if query not in asked:
                asked.add(query)
                ask(query)
    wrong = []
    for query in sorted(asked | {""}):
        answer, cache = ask(query)
        if cache != "HIT":
            continue
        if query not in fresh:
            settings.PAGE_CACHE_SECONDS = 0
            fresh[query] = call(app, path, query)[0]
            settings.PAGE_CACHE_SECONDS = 600
        expected = fresh[query]
        if answer != expected:
            wrong.append(
                f"{path}?{query}: cached {answer[0]} {answer[1]!r}, "
                f"uncached {expected[0]} {expected[1]!r}"
                + (" (bodies differ)" if answer[2] != expected[2] else "")
            )
    return wrong


def test_every_cached_answer_is_the_uncached_one(app, content, recorded, settings):
    settings.PAGE_CACHE_SECONDS = 600
    paths = sorted(urlconf_paths(content) | page_paths() | legacy_paths())
    # The views this must cover are among them.
    for needed in ["/search", "/en/search", "/compare-exchanges", "/so-sanh-san/", "/tim-kiem/"]:
        assert needed in paths, needed
    wrong = []
    for path in paths:
        wrong += check_path(app, path, recorded, settings)
    assert not wrong, "\n".join(wrong)


def test_the_old_search_redirects_to_the_keyword_asked(app, content):
    """The live site's old address (issue 16): the first keyword asked was answered for all."""
    for first, second in [("vang", "bitcoin"), ("", "forex")]:
        for path in ["/search", "/en/search"]:
            call(app, path, f"keyword={first}" if first else "")
            answer, _cache = call(app, path, f"keyword={second}")
            assert answer[0] == 301 and answer[1].endswith(f"?q={second}"), (path, answer[:2])


def test_legacy_redirects_carry_their_own_query(app, content):
    call(app, "/compare-exchanges", "san=aurora-markets")
    answer, _ = call(app, "/compare-exchanges", "san=aurora-markets&utm_source=zalo")
    assert answer[1] == "/so-sanh-san/?san=aurora-markets&utm_source=zalo"
    call(app, "/compare-exchanges", "")
    answer, _ = call(app, "/compare-exchanges", "keyword=x")
    assert answer[1] == "/so-sanh-san/?keyword=x"


# -- what nginx is told it may keep -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "keeps"),
    [
        ("", True),
        ("page=2", True),
        ("page=2&q=vang", True),
        ("q=vang&page=2", True),  # explicit reads: order does not matter
        ("page=2&utm_source=x", True),
        ("q=a&q=b", False),  # nginx reads the first, the application the last
        ("Q=vang", False),  # nginx matches names without regard to case
        ("%71=vang", False),  # the application decodes names, nginx does not
        ("q=", False),  # nginx cannot tell it from no q at all
        ("q", False),
    ],
)
def test_nginx_keeps_only_what_its_key_determines(query, keeps):
    args = reads.nginx_args(query)
    environ = {"PATH_INFO": "/tim-kiem/", "QUERY_STRING": query, "HTTP_ACCEPT_ENCODING": "gzip"}
    if args is not None:
        environ["HTTP_X_PAGECACHE_KEY"] = f"example.org/tim-kiem/{args[0]}{args[1]}|gzip"
    assert reads.nginx_may_keep(environ, {}) is keeps
    # A page that read an unregistered parameter, or all of them, only without any other.
    if keeps:
        other = "utm_source" in query
        assert reads.nginx_may_keep(environ, {"names": ["keyword"]}) is not other
        ordered = [p.split("=")[0] for p in query.split("&")] == sorted(
            p.split("=")[0] for p in query.split("&")
        )
        assert reads.nginx_may_keep(environ, {"whole": True}) is (not other and ordered)


def test_nginx_keeps_nothing_under_a_key_it_did_not_build_for_the_request():
    environ = {
        "PATH_INFO": "//tim-kiem/",  # nginx merges the slashes into $uri, the application not
        "QUERY_STRING": "",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "HTTP_X_PAGECACHE_KEY": "example.org/tim-kiem/|gzip",
    }
    assert not reads.nginx_may_keep(environ, {})
    environ["PATH_INFO"] = "/tim-kiem/"
    assert reads.nginx_may_keep(environ, {})
    environ["QUERY_STRING"] = "q=vang"  # a key without the parameter (a stale configuration)
    assert not reads.nginx_may_keep(environ, {})
