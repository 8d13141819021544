"""The page cache knows no app: each registers from its ready() what its models' changes make
stale, which models are bookkeeping and which query parameters change its pages; nginx's key is
generated from the same registry, and names nginx would misread are refused."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.test.utils import isolate_apps

from infofinance.pagecache import nginx, registry, signals, store, tags

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


@pytest.fixture
def moved(settings):
    """The tags a change moved on, read from their versions (0: never moved)."""
    from django.core.cache import cache

    cache.clear()

    def read(*names):
        return {name for name, version in store.versions(names).items() if version}

    return read


# -- tags ----------------------------------------------------------------------------------------


def test_tags_keep_the_spellings_cached_entries_recorded():
    assert [tags.SITE, tags.ANY, tags.BROKERS, tags.REGULATORS, tags.COMPLAINTS, tags.AUTHORS] == [
        "site",
        "any",
        "brokers",
        "regulators",
        "complaints",
        "list:authors",
    ]
    assert [
        tags.page(7),
        tags.translations("k"),
        tags.listing_hub(7),
        tags.listing_section(7),
        tags.listing_tag(7),
        tags.listing_author(7),
        tags.related_section(7),
        tags.related_tag(7),
        tags.tag(7),
        tags.broker(7),
        tags.mentions_broker(7),
        tags.complaint(7),
        tags.complaints_of_broker(7),
    ] == [
        "page:7",
        "tk:k",
        "list:hub:7",
        "list:section:7",
        "list:tag:7",
        "list:author:7",
        "related:section:7",
        "related:tag:7",
        "tag:7",
        "broker:7",
        "mentions:broker:7",
        "complaint:7",
        "complaints:broker:7",
    ]


def test_no_tag_is_spelled_outside_the_tags_module():
    """Tags are built in pagecache/tags.py only (migrations keep the spellings of their day)."""
    spelled = re.compile(
        r"""["'](page|tk|tag|broker|complaint):\{"""
        r"""|["'](list:(hub|section|tag|author)|related:(section|tag)):\{|["']list:authors["']"""
        r"""|["'](mentions|complaints):broker:\{"""
        r"""|depends_on\(\s*f?["']"""
    )
    offending = []
    for path in sorted((ROOT / "infofinance").rglob("*.py")):
        if "migrations" in path.parts or path.name == "tags.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if spelled.search(line):
                offending.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offending, "\n".join(offending)


# -- query parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["quoc-gia", "Country", "", "a b", "page[]", "ngày"])
def test_parameter_names_nginx_would_misread_are_refused(name):
    with pytest.raises(ImproperlyConfigured):
        registry.register_params(name)
    assert name not in registry.PARAMS
    with pytest.raises(ImproperlyConfigured):
        nginx.render_map(["page", name])


def test_each_app_registers_the_parameters_of_its_pages():
    from infofinance.brokers import cache as brokers_cache
    from infofinance.complaints import cache as complaints_cache

    assert set(brokers_cache.PARAMS) <= registry.PARAMS  # the directory's filters
    assert set(complaints_cache.PARAMS) <= registry.PARAMS
    assert {"q", "type", "section", "date_from", "date_to", "both"} <= registry.PARAMS  # search
    assert {"p", "page"} <= registry.PARAMS  # sitemaps, pagination
    assert store.ALLOWED_PARAMS == registry.PARAMS
    assert not {"utm_source", "fbclid", "_"} & registry.PARAMS


def test_a_registered_parameter_enters_the_key_and_nginx_s_map():
    key = store.cache_key("testserver", "/", "quoc_gia=vn&utm_source=x", "")
    assert key == store.cache_key("testserver", "/", "", "")
    registry.register_params("quoc_gia")
    try:
        assert store.cache_key("testserver", "/", "quoc_gia=vn&utm_source=x", "") != key
        assert store.cache_key("testserver", "/", "quoc_gia=vn", "") == store.cache_key(
            "testserver", "/", "utm_source=y&quoc_gia=vn", ""
        )
        assert "quoc_gia=$arg_quoc_gia" in nginx.fill(TEMPLATE.read_text())
    finally:
        registry.unregister_params("quoc_gia")
    assert "quoc_gia" not in nginx.fill(TEMPLATE.read_text())


def test_the_template_carries_the_map_generated_from_the_registry():
    template = TEMPLATE.read_text()
    assert nginx.fill(template) == template, "run manage.py page_cache_nginx_map --write"
    block = nginx.render_map()
    mapped = re.search(r'map "([^"]+)" \$page_key_args_full', block).group(1)
    keyed = re.search(r'default "\?([^"]+)";', block).group(1)
    assert re.findall(r"\$arg_(\w+)", mapped) == sorted(registry.PARAMS)
    assert [part.split("=") for part in keyed.split("&")] == [
        [name, f"$arg_{name}"] for name in sorted(registry.PARAMS)
    ]


def test_the_command_writes_and_checks_a_configuration(tmp_path):
    from django.core.management import CommandError, call_command

    config = tmp_path / "nginx.conf"
    stale = TEMPLATE.read_text().replace("$arg_warnings", "$arg_gone")
    config.write_text(stale)
    with pytest.raises(CommandError, match="out of date"):
        call_command("page_cache_nginx_map", check=str(config))
    call_command("page_cache_nginx_map", write=str(config))
    assert config.read_text() == TEMPLATE.read_text()
    call_command("page_cache_nginx_map", check=str(config))
    config.write_text("http {}\n")
    with pytest.raises(CommandError, match="generated"):
        call_command("page_cache_nginx_map", write=str(config))


def test_serve_production_generates_the_map_before_nginx_reads_it():
    serve = (ROOT / "scripts" / "serve-production").read_text()
    written = serve.index('deploy/nginx.conf.template > "$VAR/nginx.conf"')
    generated = serve.index('manage.py page_cache_nginx_map --write "$VAR/nginx.conf"')
    assert written < generated < serve.index("nginx -t")


# -- models --------------------------------------------------------------------------------------


@isolate_apps("tests")
def test_a_model_nobody_registered_moves_site(moved):
    class Gadget(models.Model):  # noqa: DJ008
        class Meta:
            app_label = "tests"

    assert registry.tags_for(Gadget(pk=1)) == {tags.SITE}
    signals.on_save(sender=Gadget, instance=Gadget(pk=1), created=True)
    assert moved(tags.SITE, tags.ANY) == {tags.SITE, tags.ANY}


@pytest.mark.django_db
def test_an_unregistered_model_of_an_installed_app_moves_site(moved):
    from taggit.models import Tag

    Tag.objects.create(name="không ai đăng ký", slug="khong-ai-dang-ky")
    assert moved(tags.SITE, tags.ANY) == {tags.SITE, tags.ANY}


@pytest.mark.django_db
def test_the_workers_bookkeeping_moves_nothing(moved):
    from django.utils import timezone

    from infofinance.ops.models import PeriodicJobRun, WorkerHeartbeat

    now = timezone.now()
    beat = WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="h", pid=1, backend="db", started_at=now, last_seen=now
    )
    beat.save()
    beat.delete()
    assert registry.entry_for_class(PeriodicJobRun).bookkeeping
    assert moved(tags.SITE, tags.ANY) == set()


def test_bookkeeping_is_declared_per_model_not_per_app():
    """Wagtail's revisions are bookkeeping; its pages and sites are not."""
    from wagtail.models import Page, Revision, Site

    from infofinance.accounts.models import User

    assert registry.entry_for_class(Revision).bookkeeping
    assert registry.entry_for_class(User).bookkeeping
    assert not registry.entry_for_class(Page).bookkeeping
    assert registry.entry_for_class(Site) is registry.UNKNOWN


@isolate_apps("tests")
def test_a_domain_registration_decides_what_its_changes_move(moved):
    class Gadget(models.Model):  # noqa: DJ008
        class Meta:
            app_label = "tests"

    class SmallGadget(Gadget):  # noqa: DJ008
        class Meta:
            app_label = "tests"

    seen = []

    def gadget_changed(gadget, created, deleted, before):
        seen.append((created, deleted, before))
        return {f"gadget:{gadget.pk}"} if created or deleted else set()

    registry.register(
        Gadget,
        gadget_changed,
        before=lambda gadget, deleted: ("was", gadget.pk, deleted),
        bulk=lambda pks: {f"gadget:{pk}" for pk in pks},
    )
    registry.register_bookkeeping("tests.Log")
    try:
        small = SmallGadget(pk=5)  # a subclass registering nothing has its base's entry
        signals.before_save(sender=SmallGadget, instance=small)
        signals.on_save(sender=SmallGadget, instance=small, created=False)
        assert moved("gadget:5", tags.ANY, tags.SITE) == set()  # an unchanged save
        signals.before_delete(sender=SmallGadget, instance=small)
        signals.on_delete(sender=SmallGadget, instance=small)
        assert moved("gadget:5", tags.ANY, tags.SITE) == {"gadget:5", tags.ANY}
        assert seen == [(False, False, ("was", 5, False)), (False, True, ("was", 5, True))]
        signals.on_content_changed(sender=Gadget, pks=[8, 9])
        assert moved("gadget:8", "gadget:9") == {"gadget:8", "gadget:9"}

        class Log(models.Model):  # noqa: DJ008
            class Meta:
                app_label = "tests"

        assert registry.entry_for_class(Log).bookkeeping
    finally:
        registry.unregister(Gadget, "tests.Log")
    assert registry.entry_for_class(SmallGadget) is registry.UNKNOWN


def test_a_label_must_name_app_and_model():
    with pytest.raises(ImproperlyConfigured):
        registry.register_bookkeeping("Session")


@pytest.mark.django_db
def test_the_newsroom_s_and_brokers_registrations():
    """Newsroom and broker rows move the tags their apps registered, and no more."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from infofinance.brokers.models import Broker, BrokerAlias, Regulator
    from infofinance.news.models import ArticlePage, AuthorPage, Section, Tag
    from infofinance.reviews.models import Review

    assert registry.tags_for(Regulator(pk=2)) == {tags.REGULATORS, tags.BROKERS}
    assert registry.tags_for(Broker(pk=12)) == {tags.broker(12), tags.BROKERS}
    assert registry.tags_for(BrokerAlias(broker_id=12)) == {tags.broker(12), tags.BROKERS}
    assert registry.tags_for(Review(broker_id=12)) == {tags.broker(12), tags.BROKERS}
    assert registry.tags_for(Tag(pk=3)) == {tags.tag(3), tags.listing_tag(3)}
    assert registry.tags_for(Section(pk=3)) == {tags.SITE}
    author = AuthorPage(pk=4, translation_key="a")
    assert registry.tags_for(author) == {tags.page(4), tags.translations("a"), tags.AUTHORS}
    # Wagtail's scheduled publishing saves an article as a plain Page: it stays an article.
    plain = Page(pk=5, content_type=ContentType.objects.get_for_model(ArticlePage))
    assert registry.entry_for(plain) is registry.entry_for_class(ArticlePage)
    assert registry.entry_for_class(ArticlePage).before is not None


def test_an_app_names_its_own_tags_without_editing_the_tags_module():
    assert tags.of_app("events", 7) == "events:7"
    assert tags.of_app("economic_calendar", "week", 3) == "economic_calendar:week:3"
    for kind in ["page", "list", "broker", "Events", "quoc-gia", "ngày", ""]:
        with pytest.raises(ValueError):
            tags.of_app(kind, 1)
