"""Site-wide cached values read once per request and together (infofinance/fastpath/sitecache.py):
a page makes one round trip to the shared cache for all of them, and a change made during a
request is seen by the rest of that request and by the next one."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from wagtail.models import Site

from infofinance.fastpath import sitecache
from infofinance.news import selectors
from tests.factories import make_article
from tests.fastpath_support import requires_fast_path

pytestmark = pytest.mark.django_db


class CacheCalls:
    """Counts the shared cache's round trips during a request: single reads, and reads of
    many keys at once (which some backends make of single reads: those are not counted)."""

    def __init__(self, monkeypatch):
        self.gets, self.get_manys = [], []
        get, get_many = cache.get, cache.get_many
        inside = []

        def counted_get(key, *args, **kwargs):
            if not inside:
                self.gets.append(key)
            return get(key, *args, **kwargs)

        def counted_get_many(keys, *args, **kwargs):
            self.get_manys.append(sorted(keys))
            inside.append(1)
            try:
                return get_many(keys, *args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, "get", counted_get)
        monkeypatch.setattr(cache, "get_many", counted_get_many)


@pytest.fixture
def in_request():
    sitecache.start_request()  # what request_started does (its other receivers touch the db)
    yield
    sitecache.end_request()


@requires_fast_path
def test_an_article_reads_the_site_wide_values_in_one_round_trip(
    client, structure, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article(structure, title="Vàng tăng giá")
    make_article(structure, title="Vàng giảm giá")  # a related card with its section link
    url = article.url
    assert client.get(url).status_code == 200  # fills the cache
    sitecache._kept.clear()  # as in another process: nothing kept yet
    calls = CacheCalls(monkeypatch)
    response = client.get(url)
    assert response.status_code == 200
    registered = {
        "core:routing:v2",
        "core:any-view-restrictions:v1",
        "news:hub-urls:v1",
        "news:nav:v1:vi",
        "pages:footer:v1:vi",
        "core:site-settings:v1",
        "core:site-root-paths:v1",
    }
    assert len(calls.get_manys) == 1
    assert registered <= set(calls.get_manys[0])
    # Nothing is read again one by one, Wagtail's site root paths included: only the
    # generation, with which the process keeps what it fetched.
    assert calls.gets == [sitecache.GENERATION_KEY]


@requires_fast_path
def test_the_next_request_reads_only_the_generation(client, structure, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article(structure, title="Vàng tăng giá")
    assert client.get(article.url).status_code == 200  # builds the values: each moves it
    assert client.get(article.url).status_code == 200  # fetches them, keeps them
    calls = CacheCalls(monkeypatch)
    response = client.get(article.url)
    assert response.status_code == 200 and "Vàng tăng giá" in response.text
    assert calls.gets == [sitecache.GENERATION_KEY]
    assert calls.get_manys == []


@contextmanager
def another_process():
    """Outside this request, with nothing of this process's copy: as another process."""
    token = sitecache._request.set(None)
    kept = dict(sitecache._kept)
    try:
        yield
    finally:
        sitecache._request.reset(token)
        sitecache._kept.clear()
        sitecache._kept.update(kept)


def next_request():
    sitecache.end_request()
    sitecache.start_request()


def test_a_change_made_elsewhere_reaches_the_next_request(structure, in_request):
    assert selectors.hub_urls()[("vi", "news")] == "/tin-tuc/"
    next_request()
    assert selectors.hub_urls()[("vi", "news")] == "/tin-tuc/"  # from this process's copy
    with another_process():
        sitecache.write(selectors.HUB_URLS_CACHE_KEY, {("vi", "news"): "/changed/"}, 60)
    next_request()
    assert selectors.hub_urls()[("vi", "news")] == "/changed/"
    with another_process():
        selectors.forget_hub_urls()
    next_request()
    assert selectors.hub_urls()[("vi", "news")] == "/tin-tuc/"  # rebuilt


def test_each_request_gets_its_own_objects(structure, in_request):
    vi = structure.locales["vi"]
    first = selectors.sections(kind="news", locale=vi)
    first[0].name = "changed by a request"
    next_request()
    again = selectors.sections(kind="news", locale=vi)
    assert again[0] is not first[0]
    assert again[0].name != "changed by a request"


@requires_fast_path
def test_a_lost_generation_reads_the_values_again(structure, in_request):
    assert selectors.hub_urls()[("vi", "news")] == "/tin-tuc/"
    next_request()
    # The shared cache is flushed, then a value is stored again by a process without a copy.
    cache.clear()
    cache.set(selectors.HUB_URLS_CACHE_KEY, {("vi", "news"): "/after-flush/"}, 60)
    assert selectors.hub_urls()[("vi", "news")] == "/after-flush/"
    assert cache.get(sitecache.GENERATION_KEY) is not None  # set again
    next_request()
    assert selectors.hub_urls()[("vi", "news")] == "/after-flush/"


def test_outside_a_request_every_read_goes_to_the_cache(structure):
    assert selectors.hub_urls()[("vi", "news")] == "/tin-tuc/"
    cache.set(selectors.HUB_URLS_CACHE_KEY, {("vi", "news"): "/changed/"}, 60)
    assert selectors.hub_urls()[("vi", "news")] == "/changed/"


@requires_fast_path
def test_a_request_keeps_what_it_read(structure, in_request):
    assert selectors.hub_urls()[("vi", "news")] == "/tin-tuc/"
    # Another process changes the cached value: this request goes on with what it read...
    with another_process():
        sitecache.write(selectors.HUB_URLS_CACHE_KEY, {("vi", "news"): "/changed/"}, 60)
    assert selectors.hub_urls()[("vi", "news")] == "/tin-tuc/"
    # ...and the next request reads it afresh.
    next_request()
    assert selectors.hub_urls()[("vi", "news")] == "/changed/"


def test_forgetting_during_a_request_clears_its_copy(structure, in_request):
    assert selectors.hub_urls()[("vi", "news")] == "/tin-tuc/"
    cache.set(selectors.HUB_URLS_CACHE_KEY, {("vi", "news"): "/changed/"}, 60)
    selectors.forget_hub_urls()
    assert selectors.hub_urls()[("vi", "news")] == "/tin-tuc/"  # rebuilt from the database
    assert cache.get(selectors.HUB_URLS_CACHE_KEY)[("vi", "news")] == "/tin-tuc/"


def test_forgetting_a_language_template_forgets_every_language(in_request):
    cache.set_many({"tests:sitecache:vi": 1, "tests:sitecache:en": 2, "tests:other": 3}, 60)
    assert sitecache.read("tests:sitecache:vi") == 1
    sitecache.forget("tests:sitecache:{language}")
    assert cache.get("tests:sitecache:vi") is None and cache.get("tests:sitecache:en") is None
    assert sitecache.read("tests:sitecache:vi") is None  # the request's copy too
    assert cache.get("tests:other") == 3


def test_a_missing_value_is_built_once_per_request(in_request):
    builds = []

    def build():
        builds.append(1)
        return {"built": True}

    key = "tests:sitecache:value"
    assert sitecache.cached(key, build) == {"built": True}
    assert sitecache.cached(key, build) == {"built": True}
    assert len(builds) == 1
    assert cache.get(key) == {"built": True}


@requires_fast_path
def test_site_root_paths_are_read_once_per_request_and_follow_changes(structure, in_request):
    first = sitecache.site_root_paths()
    assert sitecache.site_root_paths() is first  # the request's copy
    site = Site.objects.get(is_default_site=True)
    site.hostname = "example.org"
    site.save()  # Wagtail clears its cache, and the request's copy with it
    after = sitecache.site_root_paths()
    assert after is not first
    assert all("example.org" in path.root_url for path in after)
    # Another process's next request reads the new paths from the shared cache.
    sitecache.end_request()
    sitecache.start_request()
    assert all("example.org" in path.root_url for path in sitecache.site_root_paths())
    assert all("example.org" in path.root_url for path in cache.get(sitecache.SITE_ROOT_PATHS_KEY))


def test_cached_sections_follow_changes(structure, django_assert_num_queries):
    vi = structure.locales["vi"]
    names = [s.name for s in selectors.sections(kind="news", locale=vi)]
    assert "Tin khác" in names
    with django_assert_num_queries(0):
        assert [s.name for s in selectors.sections(kind="news", locale=vi)] == names
    section = structure.sections[("vi", "other")]
    section.name = "Tin tổng hợp"
    section.save()
    names = [s.name for s in selectors.sections(kind="news", locale=vi)]
    assert "Tin tổng hợp" in names and "Tin khác" not in names
    section.delete()
    assert "Tin tổng hợp" not in [s.name for s in selectors.sections(kind="news", locale=vi)]
    # Each language has its own.
    assert all(
        s.locale_id == structure.locales["en"].pk
        for s in selectors.sections(kind="news", locale=structure.locales["en"])
    )


def test_cached_hubs_follow_changes(structure, django_assert_num_queries):
    from infofinance.home.services import publish

    vi = structure.locales["vi"]
    assert set(selectors.hubs(locale=vi)) == {"news", "knowledge"}
    with django_assert_num_queries(0):
        assert selectors.hubs(locale=vi)["news"].pk == structure.hubs[("vi", "news")].pk
    knowledge = structure.hubs[("vi", "knowledge")]
    knowledge.unpublish()
    assert set(selectors.hubs(locale=vi)) == {"news"}
    knowledge.title = "Kiến thức đầu tư"
    publish(knowledge)
    assert selectors.hubs(locale=vi)["knowledge"].title == "Kiến thức đầu tư"
    knowledge.delete()
    assert set(selectors.hubs(locale=vi)) == {"news"}
    assert set(selectors.hubs(locale=structure.locales["en"])) == {"news", "knowledge"}
