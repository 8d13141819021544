"""Tripwires for every piece of Django and Wagtail the fast path copies, slices, overrides or
hooks into (infofinance/fastpath, docs/architecture.md): each test fails when the installed
source of that piece differs from the one the fast path was written against, so an upgrade
cannot change behaviour silently.

When one fails: read the new source, bring the fast path's copy or hook in line (the module
named in the comment), run the tests comparing it with stock (tests/test_routing.py,
tests/test_pageurls.py, tests/test_fetch.py, tests/test_db.py, tests/test_wagtail_apps.py,
tests/test_fastpath_equivalence.py, also with FAST_PATH=0), then record the new digest here."""

import hashlib
import importlib
import inspect

import django
import pytest
import wagtail

# The releases read. A new minor release means reading every piece below again, even those
# whose digest did not move (the code around them may have).
REVIEWED = {"wagtail": "8.0", "django": "5.2"}

# "module:qualified name" → sha256 of inspect.getsource(), first 16 hex digits.
DIGESTS = {
    # fastpath/routing.py: site_for ranks the cached sites as this does.
    "wagtail.models.sites:get_site_for_hostname": "a6457f6fff48bb96",
    # fastpath/routing.py: route_for_request sets request._wagtail_site and the cached route
    # (request._wagtail_route_for_request) that these read.
    "wagtail.models.sites:Site._find_for_request": "a6f5ba5a68b3a8dd",
    "wagtail.models.sites:Site.find_for_request": "4edb710b9fd353a0",
    "wagtail.models.pages:Page.route_for_request": "5530d229b2de42ba",
    # fastpath/routing.py: route_below keeps Page.route's and RoutablePageMixin.route's
    # semantics; the home page there is site.root_page.localized; serve wraps Wagtail's view.
    "wagtail.models.pages:Page.route": "643c9afcc2deb381",
    "wagtail.models.pages:Page.localized": "93cc906a2f56f4e6",
    "wagtail.contrib.routable_page.models:RoutablePageMixin.route": "34175f2079a3b1a4",
    "wagtail.views:serve": "eab2a9d475a33843",
    # fastpath/pageurls.py: url_parts is a copy of get_url_parts; core.pages.BasePage overrides
    # it and the private _get_site_root_paths, which get_url reads.
    "wagtail.models.pages:Page.get_url_parts": "be4f52b3a4585295",
    "wagtail.models.pages:Page.get_url": "c5ab8ff7e1eb617b",
    "wagtail.models.pages:Page._get_site_root_paths": "ca9efde7ab98c4ce",
    # fastpath/sitecache.py: our copy of the site root paths is cleared with Wagtail's, which
    # is cleared from these callers (no signal of Wagtail's own to listen to).
    "wagtail.models.sites:Site.get_site_root_paths": "166eac326fa05dce",
    "wagtail.models.sites:Site.clear_site_root_paths_cache": "657c7e142a4c238d",
    "wagtail.signal_handlers:post_save_site_signal_handler": "22fd2cd8dca85df9",
    "wagtail.signal_handlers:post_delete_site_signal_handler": "7c7ef23b550749fb",
    "wagtail.models.pages:Page.save": "2864352d83dbd742",
    # fastpath/fetch.py: from_db builds instances with Model.__init__ alone when no constructor
    # of the hierarchy does more for a row.
    "wagtail.models.pages:AbstractPage.__init__": "5265622b1cc563bc",
    "wagtail.models.pages:ShowInMenusMixin.__init__": "740921e65736a68b",
    "modelcluster.models:ClusterableModel.__init__": "65554d2ea22731e3",
    "django.db.models.base:Model.from_db": "eba347895d11fa79",
    "django.db.models.base:Model.__init__": "2950c3a90d8343b5",
    # fastpath/db.py: hot_cursor repeats connection.cursor()'s steps with a cursor class of
    # its own and ends in the private _prepare_cursor.
    "django.db.backends.base.base:BaseDatabaseWrapper.cursor": "ffbd3d0c7e49c076",
    "django.db.backends.base.base:BaseDatabaseWrapper._cursor": "bb632516d005185c",
    "django.db.backends.base.base:BaseDatabaseWrapper._prepare_cursor": "92079d0eed95d59d",
    "django.db.backends.postgresql.base:DatabaseWrapper.create_cursor": "5309d92ffca3e871",
    "django.db.backends.postgresql.base:ServerBindingCursor": "867ab9c95c4165ea",
    # fastpath/wagtail_apps.py: the stand-ins replace the v3 modules these ready() import.
    "wagtail.images.apps:WagtailImagesAppConfig.ready": "52e409385bb1ad62",
    "wagtail.documents.apps:WagtailDocsAppConfig.ready": "4cdf87a46dbf81ef",
    "wagtail.snippets.apps:WagtailSnippetsAppConfig.ready": "1ac35b5ed4034956",
    "wagtail.locales.apps:WagtailLocalesAppConfig.ready": "212230a703ac39a7",
    "wagtail.contrib.redirects.apps:WagtailRedirectsAppConfig.ready": "19d1a78049d84e47",
}


def _source_digest(name: str) -> str:
    module_name, qualified = name.split(":")
    obj = importlib.import_module(module_name)
    for part in qualified.split("."):
        obj = getattr(obj, part)
    obj = getattr(obj, "fget", obj)  # a property
    obj = getattr(obj, "original", obj)  # Wagtail's, under the fast path's one remaining patch
    return hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()[:16]


def test_the_reviewed_releases_are_installed():
    installed = {
        "wagtail": ".".join(wagtail.__version__.split(".")[:2]),
        "django": ".".join(django.__version__.split(".")[:2]),
    }
    assert installed == REVIEWED, "read every piece in DIGESTS again (see the module)"


@pytest.mark.parametrize("name", sorted(DIGESTS))
def test_the_copied_or_hooked_source_is_the_one_reviewed(name):
    if name.startswith("django.db.backends.postgresql"):
        pytest.importorskip("psycopg")
    assert _source_digest(name) == DIGESTS[name], f"{name} changed: read it again (see the module)"


def test_the_digests_cover_the_installed_patch():
    """The fast path's one global patch is Wagtail's clearing of its site root paths, and only
    with the fast path on (infofinance/fastpath/sitecache.py)."""
    from django.conf import settings
    from wagtail.models import Site

    patched = getattr(Site.clear_site_root_paths_cache, "fast", False)
    assert patched == settings.FAST_PATH
    assert "wagtail.models.sites:Site.clear_site_root_paths_cache" in DIGESTS
