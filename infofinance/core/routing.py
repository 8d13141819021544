"""Wagtail's page routing, without its per-request lookups of things that almost never change.

For every request Wagtail finds the site (one query), the active locale (one query), the
site's home page in that language (one or two queries) and then walks the path. Here the sites
and their home pages in each language are a snapshot kept in the shared cache, so a page is
found with one query for the pages on its path (by slug, indexed) and one for the page itself,
and the home page with none. The snapshot is dropped when a site, a locale or a page at the top
of the tree (a home page) changes, at once and again when the change commits; a snapshot built
while such a change was committing is not stored.

Semantics are Wagtail's: the site is chosen as `get_site_for_hostname` chooses it, the home page
is `site.root_page.localized`, each path step is the child with that slug, and a page with
sub-routes (RoutablePageMixin) receives whatever remains of the path."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page, Site
from wagtail.signals import post_page_move

from . import sitecache
from .db import hot_cursor
from .fetch import Joined

SNAPSHOT_KEY = "core:routing:v1"
CHANGED_KEY = "core:routing:changed:v1"
SNAPSHOT_SECONDS = 3600
sitecache.register(SNAPSHOT_KEY)
# Pages this deep or less are home pages (and the tree's root): their changes drop the snapshot.
TOP_DEPTH = 2


@dataclass(frozen=True)
class Snapshot:
    sites: tuple[Site, ...]  # with root_page, as get_site_for_hostname returns them
    homes: dict[tuple[int, str], Page]  # (site id, language) → specific localized home page


def _build() -> Snapshot:
    sites = tuple(Site.objects.select_related("root_page").order_by("pk"))
    homes = {}
    languages = [code for code, _name in settings.LANGUAGES]
    for site in sites:
        for language in languages:
            with translation.override(language):
                try:
                    home = site.root_page.localized
                except Locale.DoesNotExist:  # pragma: no cover - a language without a locale
                    home = site.root_page
            home = home.specific
            home.locale  # noqa: B018 - kept with the snapshot: home pages read it on every render
            homes[(site.pk, language)] = home
    return Snapshot(sites=sites, homes=homes)


def snapshot() -> Snapshot:
    data = sitecache.read(SNAPSHOT_KEY)
    if data is None:
        started = time.time_ns()
        data = _build()
        if (cache.get(CHANGED_KEY) or 0) < started:
            sitecache.write(SNAPSHOT_KEY, data, SNAPSHOT_SECONDS)
    return data


def forget() -> None:
    cache.set(CHANGED_KEY, time.time_ns(), SNAPSHOT_SECONDS * 2)
    sitecache.forget(SNAPSHOT_KEY)


def forget_now_and_at_commit() -> None:
    forget()
    transaction.on_commit(forget)


def site_for(snap: Snapshot, hostname: str, port: int) -> Site | None:
    """`wagtail.models.sites.get_site_for_hostname`, over the snapshot's sites."""

    def rank(site: Site) -> int:
        if site.hostname == hostname and site.port == port:
            return 0
        if site.hostname == hostname and site.is_default_site:
            return 1
        if site.is_default_site:
            return 2
        return 3

    candidates = sorted(
        (s for s in snap.sites if s.hostname == hostname or s.is_default_site), key=rank
    )
    if not candidates:
        return None
    if len(candidates) == 1 or rank(candidates[0]) in (0, 1):
        return candidates[0]
    return candidates[len(candidates) == 2]


_fetchers: dict[type, Joined] = {}


def _fetch_for(model) -> Joined:
    """The specific page's statement: its model's `route_select_related` joined (by default
    its locale, which listings and feeds read)."""
    if model not in _fetchers:
        related = getattr(model, "route_select_related", ("locale",))
        _fetchers[model] = Joined(model, related=related)
    return _fetchers[model]


def route_below(root: Page, request, components: list[str], fallback):
    """The route of `components` below `root`: one query for every page on the path, one for
    the specific page, then that page's own `route` with whatever is left; `fallback` (the
    root's own routing) when not even the first step is a child. Pages passed on the way (the
    path's ancestors) are kept on the page as `routed_ancestors`, for breadcrumbs."""
    components = [c for c in components if c]
    if not components:
        return fallback(request, components)
    slugs = sorted(set(components))
    with hot_cursor() as cursor:
        # Written out: the ORM took longer to build this than the database to answer it.
        cursor.execute(
            "SELECT id, path, slug, content_type_id, title, url_path, locale_id"  # noqa: S608 - names only
            f" FROM {Page._meta.db_table} WHERE slug IN ({', '.join(['%s'] * len(slugs))})"
            " AND depth > %s AND depth <= %s AND path LIKE %s",
            [*slugs, root.depth, root.depth + len(components), root.path + "%"],
        )
        rows = cursor.fetchall()
    by_parent = {(row[1][: -Page.steplen], row[2]): row for row in rows}
    trail, parent_path = [], root.path
    for slug in components:
        found = by_parent.get((parent_path, slug))
        if found is None:
            break
        trail.append(found)
        parent_path = found[1]
    if not trail:
        return fallback(request, components)
    pk, content_type_id = trail[-1][0], trail[-1][3]
    model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
    page = _fetch_for(model).by_ids([pk])
    if not page:  # deleted since the first query
        raise Http404
    page = page[0]
    page.routed_ancestors = [root] + [
        Page(
            pk=row[0],
            path=row[1],
            depth=len(row[1]) // Page.steplen,
            slug=row[2],
            content_type_id=row[3],
            title=row[4],
            url_path=row[5],
            locale_id=row[6],
        )
        for row in trail[:-1]
    ]
    return page.route(request, components[len(trail) :])


def route_for_request(request, path: str):
    """What `Page.route_for_request` returns, cached on the request as Wagtail caches it."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    snap = snapshot()
    site = site_for(snap, split_domain_port(request._get_raw_host())[0], request.get_port())
    request._wagtail_site = site
    result = None
    if site is not None:
        home = snap.homes.get((site.pk, translation.get_language()))
        if home is None:
            home = site.root_page.localized.specific
        try:
            result = home.route(request, [c for c in path.split("/") if c])
        except Http404:
            result = None
    request._wagtail_route_for_request = result
    return result


def serve(request, path):
    """Wagtail's `serve` view (hooks, restrictions, the page's own `serve`) on this routing."""
    route_for_request(request, path)
    return wagtail_views.serve(request, path)


def _on_save_or_delete(sender, instance, **kwargs):
    if isinstance(instance, (Site, Locale)) or (
        isinstance(instance, Page) and (instance.depth or 0) <= TOP_DEPTH
    ):
        forget_now_and_at_commit()


def _on_move(sender, **kwargs):
    forget_now_and_at_commit()


post_save.connect(_on_save_or_delete, dispatch_uid="infofinance-routing-save")
post_delete.connect(_on_save_or_delete, dispatch_uid="infofinance-routing-delete")
post_page_move.connect(_on_move, dispatch_uid="infofinance-routing-move")
