"""Page routing on a snapshot of the sites and home pages (infofinance/fastpath/routing.py):
the same answers as Wagtail's own routing, fewer queries, and never a stale home page or site."""

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from infofinance.fastpath import routing
from tests.factories import make_article
from tests.fastpath_support import requires_fast_path

pytestmark = pytest.mark.django_db


def wagtail_route(path: str, host: str = "localhost", language: str = "vi"):
    """What Wagtail's stock `Page.route_for_request` answers, for comparison."""
    request = RequestFactory().get(path, HTTP_HOST=host)
    with translation.override(language):
        return Page.route_for_request(request, path)


def our_route(path: str, host: str = "localhost", language: str = "vi"):
    request = RequestFactory().get(path, HTTP_HOST=host)
    with translation.override(language):
        return routing.route_for_request(request, path), request


def comparable(result):
    """A route result with the routable page's sub-view as (function, page id), not a bound
    method of one instance."""

    def plain(value):
        if hasattr(value, "__func__"):
            return (value.__func__, value.__self__.pk)
        if isinstance(value, (list, tuple)):
            return tuple(plain(v) for v in value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    page, args, kwargs = result
    return (page.pk, type(page), plain(args), plain(kwargs))


@pytest.mark.parametrize(
    "path, language",
    [
        ("/", "vi"),
        ("/", "en"),
        ("/tin-tuc/", "vi"),
        ("/news/", "en"),
        ("/tin-tuc/chuyen-muc/tin-thi-truong/", "vi"),
        ("/tin-tuc/khong-ton-tai/", "vi"),
        ("/khong-ton-tai/", "vi"),
        ("/tin-tuc/a/b/c/", "vi"),
        ("/tin-tuc/gia-vang-hom-nay/", "vi"),
        ("/tin-tuc/gia-vang-hom-nay/them/", "vi"),
        ("/tin-tuc/rss/", "vi"),
        ("/tin-tuc/the/vang/", "vi"),
        ("/news/gia-vang-hom-nay/", "en"),
    ],
)
def test_routes_as_wagtail_does(structure, path, language):
    make_article(structure, title="Giá vàng hôm nay")
    expected = wagtail_route(path, language=language)
    got, _request = our_route(path, language=language)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert comparable(got) == comparable(expected)


@requires_fast_path
def test_an_article_is_routed_in_one_query_and_keeps_its_ancestors(
    structure, django_assert_num_queries
):
    article = make_article(structure, title="Giá vàng hôm nay")
    our_route(article.url)  # the snapshot is built once
    with django_assert_num_queries(1):
        (page, _args, _kwargs), request = our_route(article.url)
    assert page.pk == article.pk and request._wagtail_site.is_default_site
    home, hub = page.routed_ancestors
    assert (home.pk, hub.pk) == (structure.homes["vi"].pk, structure.hubs[("vi", "news")].pk)
    assert hub.get_url() == "/tin-tuc/" and hub.title == structure.hubs[("vi", "news")].title


def test_an_unpublished_hub_routes_as_wagtail_does(structure):
    article = make_article(structure, title="Giá vàng hôm nay")
    our_route(article.url)
    structure.hubs[("vi", "news")].unpublish()
    for path in (article.url, "/tin-tuc/", "/tin-tuc/rss/", "/tin-tuc/khong-ton-tai/"):
        expected, (got, _request) = wagtail_route(path), our_route(path)
        assert (got and comparable(got)) == (expected and comparable(expected)), path


@requires_fast_path
def test_a_renamed_page_below_the_home_is_routed_at_once(structure):
    from tests.factories import make_author

    author = make_author(structure, "Phóng viên")
    index = Page.objects.get(pk=structure.author_indexes["vi"].pk).specific
    (page, _args, _kwargs), _request = our_route(author.url)  # the snapshot knows the index
    assert page.pk == author.pk and author.url == "/tac-gia/phong-vien/"
    index.slug = "nguoi-viet"
    index.save()
    assert our_route("/tac-gia/phong-vien/")[0] is None
    (page, _args, _kwargs), _request = our_route("/nguoi-viet/phong-vien/")
    assert page.pk == author.pk
    assert page.routed_ancestors[1].get_url() == "/nguoi-viet/"


@requires_fast_path
def test_the_home_page_is_routed_without_a_query(structure, django_assert_num_queries):
    our_route("/")
    with django_assert_num_queries(0):
        (page, _args, _kwargs), _request = our_route("/")
    assert page.pk == structure.homes["vi"].pk


def test_editing_a_home_page_is_seen_at_once(client, structure, settings):
    settings.PAGE_CACHE_SECONDS = 0
    home = structure.homes["en"]
    client.get("/en/")
    home.title = "Info Finance, edited"
    home.save_revision().publish()
    (page, _args, _kwargs), _request = our_route("/", language="en")
    assert page.title == "Info Finance, edited"


def test_an_unpublished_english_home_falls_back_as_wagtail_does(structure):
    our_route("/", language="en")
    structure.homes["en"].unpublish()
    expected = wagtail_route("/", language="en")
    got, _request = our_route("/", language="en")
    assert got[0].pk == expected[0].pk == structure.homes["vi"].pk


@requires_fast_path
def test_home_translations_come_from_the_snapshot(structure, django_assert_num_queries):
    from infofinance.core.pages import BasePage

    vi, en = structure.homes["vi"], structure.homes["en"]
    from_db = BasePage.live_translations(Page.objects.get(pk=vi.pk).specific)
    assert from_db == {"vi": vi.url, "en": en.url}
    (page, _args, _kwargs), _request = our_route("/")
    with django_assert_num_queries(0):
        assert page.live_translations() == from_db
    # An unpublished English home is no translation any more: the snapshot follows at once.
    en.unpublish()
    (page, _args, _kwargs), _request = our_route("/")
    assert page.live_translations() == {"vi": vi.url}
    assert BasePage.live_translations(Page.objects.get(pk=vi.pk).specific) == {"vi": vi.url}


def test_sites_are_chosen_as_wagtail_chooses_them(structure):
    default = Site.objects.get(is_default_site=True)
    root = structure.homes["vi"]
    Site.objects.create(hostname="other.test", port=80, root_page=root)
    Site.objects.create(hostname="other.test", port=8080, root_page=root)
    Site.objects.create(hostname="third.test", port=443, root_page=root)
    snap = routing.snapshot()
    for hostname in ("localhost", "other.test", "third.test", "unknown.test", default.hostname):
        # Requests give their port as a string (request.get_port()), Wagtail's SQL compares
        # it with the integer column: both must match.
        for port in (80, 443, 8080, 8000, "80", "8080", "8000"):
            try:
                expected = get_site_for_hostname(hostname, port).pk
            except Site.DoesNotExist:
                expected = None
            got = routing.site_for(snap, hostname, port)
            assert (got.pk if got else None) == expected, (hostname, port)


def test_a_new_site_is_seen_at_once(structure):
    routing.snapshot()
    site = Site.objects.create(hostname="other.test", port=80, root_page=structure.homes["vi"])
    assert routing.site_for(routing.snapshot(), "other.test", 80).pk == site.pk


def test_a_snapshot_built_during_a_change_is_not_kept(structure):
    cache.delete(routing.SNAPSHOT_KEY)
    # A change committed after this snapshot started being built.
    cache.set(routing.CHANGED_KEY, time.time_ns() + 10**12)
    routing.snapshot()
    assert cache.get(routing.SNAPSHOT_KEY) is None
    cache.delete(routing.CHANGED_KEY)
    routing.snapshot()
    assert cache.get(routing.SNAPSHOT_KEY) is not None


@requires_fast_path
def test_article_page_query_budget(client, structure, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article(structure, title="Giá vàng hôm nay")
    client.get(article.url)
    # Route, byline (authors, tags, translations), related ranking, cards.
    with django_assert_max_num_queries(4):
        assert client.get(article.url).status_code == 200


def test_the_snapshot_follows_changes_in_processes_without_urls():
    """The worker publishes on schedule without loading the URLconf: the receivers that drop the
    snapshot are connected when the apps load."""
    import subprocess
    import sys

    code = (
        "import django; django.setup()\n"
        "import sys\n"
        "from django.db.models.signals import post_save\n"
        "from wagtail.models import Site\n"
        "assert 'infofinance.urls' not in sys.modules\n"
        "names = [getattr(r, '__name__', '') for r in post_save._live_receivers(Site)[0]]\n"
        "assert '_on_save_or_delete' in names, names\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_no_site_where_wagtail_finds_none(structure, settings):
    """No default site, two sites on one host name with other ports, a request on a third port:
    Wagtail raises Site.DoesNotExist (and serves nothing); so does the snapshot's choice, and
    the request is routed nowhere either way."""
    root = structure.homes["vi"]
    Site.objects.update(is_default_site=False)
    Site.objects.create(hostname="two.test", port=8001, root_page=root)
    Site.objects.create(hostname="two.test", port=8002, root_page=root)
    with pytest.raises(Site.DoesNotExist):
        get_site_for_hostname("two.test", 8003)
    assert routing.site_for(routing.snapshot(), "two.test", 8003) is None
    settings.ALLOWED_HOSTS = ["two.test"]
    request = RequestFactory().get("/", HTTP_HOST="two.test:8003")
    assert routing.route_for_request(request, "/") is None
    request = RequestFactory().get("/", HTTP_HOST="two.test:8003")
    assert Page.route_for_request(request, "/") is None
    # On one of its own ports each site is found, as Wagtail finds it.
    for port in (8001, 8002):
        expected = get_site_for_hostname("two.test", port)
        assert routing.site_for(routing.snapshot(), "two.test", port).pk == expected.pk
