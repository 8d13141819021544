"""Wagtail's page routing, without its per-request lookups of things that almost never change.

For every request Wagtail finds the site (one query), the active locale (one query), the
site's home page in that language (one or two queries) and then walks the path. Here the sites,
their home pages in each language and the pages just below them (hubs, the authors' index,
standard pages) are a snapshot kept in the shared cache, so a page is found with one query for
the pages on its path (by slug, indexed) and one for the page itself, and the home page with
none. Below a page of the snapshot whose children are all of one type (a hub's articles), the
child is read by its parent and slug in the statement that reads the page itself: one query.
The snapshot is dropped when a site, a locale or a page at the top of the tree (a home page or
a page just below one) changes, at once and again when the change commits; a snapshot built
while such a change was committing is not stored.

Semantics are Wagtail's: the site is chosen as `get_site_for_hostname` chooses it, the home page
is `site.root_page.localized`, each path step is the child with that slug, and a page with
sub-routes (RoutablePageMixin) receives whatever remains of the path.

Entry points: `serve` (the URLconf's page view), `route_below` (the home page's `route`,
through `core.pages.FastRoutingMixin`) and `home_translations` (the home page's
`live_translations`). With the fast path off they are Wagtail's serve view, the page's own
`Page.route` and the page's own `live_translations`."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page, Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)
from wagtail.signals import post_page_move

from . import enabled, sitecache
from .db import hot_cursor
from .fetch import Joined

SNAPSHOT_KEY = "core:routing:v2"
CHANGED_KEY = "core:routing:changed:v1"
SNAPSHOT_SECONDS = 3600
sitecache.register(SNAPSHOT_KEY)
# Pages this deep or less are in the snapshot (the tree's root, home pages and the pages just
# below them): their changes drop it.
TOP_DEPTH = 3
# The columns of a page on a path, as the slug lookup reads them.
_PATH_COLUMNS = ("id", "path", "slug", "content_type_id", "title", "url_path", "locale_id")


@dataclass(frozen=True)
class Snapshot:
    sites: tuple[Site, ...]  # with root_page, as get_site_for_hostname returns them
    homes: dict[tuple[int, str], Page]  # (site id, language) → specific localized home page
    # (parent path, slug) → the page's _PATH_COLUMNS, for the pages just below the homes
    tops: dict[tuple[str, str], tuple[Any, ...]]


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
    # The pages of the types a home page allows below it, by their content types' index: the
    # tree has no index on depth, and a page of another type just takes the general way.
    below_homes = {model for home in homes.values() for model in home.clean_subpage_models()}
    content_types = ContentType.objects.get_for_models(*below_homes, for_concrete_models=False)
    # One equality per type, joined by UNION ALL: with an IN list of four types and its
    # statistics, SQLite judged the whole table cheaper than the index (tests/test_scale.py).
    # Unordered: ordered by path, SQLite would walk the whole tree's path index.
    per_type = [
        Page.objects.filter(content_type_id=ct.pk, depth=TOP_DEPTH)
        .order_by()
        .values_list(*_PATH_COLUMNS)
        for ct in sorted(content_types.values(), key=lambda ct: ct.pk)
    ]
    rows = per_type[0].union(*per_type[1:], all=True) if per_type else []
    tops = {(row[1][: -Page.steplen], row[2]): row for row in rows}
    return Snapshot(sites=sites, homes=homes, tops=tops)


def snapshot() -> Snapshot:
    data: Snapshot | None = sitecache.read(SNAPSHOT_KEY)
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


def site_for(snap: Snapshot, hostname: str, port: int | str) -> Site | None:
    """`wagtail.models.sites.get_site_for_hostname` over the snapshot's sites (its ranking and
    choice, step for step), None where it raises `Site.DoesNotExist`."""

    # Wagtail's constants are ints; Wagtail ships no types, so mypy reads them as Any.
    # A request's port is a string (request.get_port()); the database compares it with the
    # integer column, so compare as the database would.
    wanted = str(port)

    def rank(site: Site) -> int:
        if site.hostname == hostname and str(site.port) == wanted:
            return cast(int, MATCH_HOSTNAME_PORT)
        if site.hostname == hostname and site.is_default_site:
            return cast(int, MATCH_HOSTNAME_DEFAULT)
        if site.is_default_site:
            return cast(int, MATCH_DEFAULT)
        return cast(int, MATCH_HOSTNAME)

    sites = sorted((s for s in snap.sites if s.hostname == hostname or s.is_default_site), key=rank)
    if sites:
        if len(sites) == 1 or rank(sites[0]) in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
            return sites[0]
        if rank(sites[0]) == MATCH_DEFAULT:
            return sites[len(sites) == 2]
    return None


_fetchers: dict[type, Joined] = {}


def _fetch_for(model: type[Page]) -> Joined:
    """The specific page's statement: its model's `route_select_related` joined (by default
    its locale, which listings and feeds read)."""
    if model not in _fetchers:
        related = getattr(model, "route_select_related", ("locale",))
        _fetchers[model] = Joined(model, related=related)
    return _fetchers[model]


def _path_page(row: tuple[Any, ...]) -> Page:
    """A page on the path from its _PATH_COLUMNS (breadcrumbs read its title and URL), of its
    specific class, so that its URL is the project's (`BasePage.get_url_parts`)."""
    pk, path, slug, content_type_id, title, url_path, locale_id = row
    model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
    values = {
        "id": pk,
        "path": path,
        "depth": len(path) // Page.steplen,
        "slug": slug,
        "content_type_id": content_type_id,
        "title": title,
        "url_path": url_path,
        "locale_id": locale_id,
    }
    if model._meta.pk.attname != "id":  # a page type's link to its Page row
        values[model._meta.pk.attname] = pk
    return model(**values)


_only_child_models: dict[type, type | None] = {}


def _only_child_model(model: type[Any]) -> type | None:
    """The one page type `model` allows below it, if it allows one only."""
    if model not in _only_child_models:
        allowed = model.clean_subpage_models() if issubclass(model, Page) else []
        _only_child_models[model] = allowed[0] if len(allowed) == 1 else None
    return _only_child_models[model]


def _claims(model: type[Any], rest: list[str]) -> bool:
    """Whether a routable page of `model` may serve `rest` itself (RoutablePageMixin.route
    tries its own sub-routes before its children, when live)."""
    if not hasattr(model, "get_resolver"):
        return False
    try:
        model.get_resolver().resolve("/" + "/".join(rest) + "/")
    except Http404:
        return False
    return True


def _route_from_top(
    root: Page, request: HttpRequest, top: tuple[Any, ...], components: list[str]
) -> Any:
    """The route of `components` when the first is a page of the snapshot (`top`): that page
    read by id, or its child read by parent and slug when all its children are of one type and
    the page has no route of its own for the rest of the path; None to take the general way
    (a child not found, a route of the page's own)."""
    model = ContentType.objects.get_for_id(top[3]).model_class() or Page
    rest = components[1:]
    if not rest:
        pages = _fetch_for(model).by_ids([top[0]])
        if not pages:  # deleted since the snapshot
            return None
        page: Page = pages[0]
        page.routed_ancestors = [root]
        return page.route(request, [])
    child_model = _only_child_model(model)
    if child_model is None or _claims(model, rest):
        return None
    fetch = _fetch_for(child_model)
    alias = fetch.alias(Page)
    found = fetch.where(
        f"{alias}.slug = %s AND {alias}.depth = %s AND {alias}.path LIKE %s",
        [rest[0], len(top[1]) // Page.steplen + 1, top[1] + "%"],
    )
    if not found:
        return None
    child: Page = found[0]
    child.routed_ancestors = [root, _path_page(top)]
    return child.route(request, rest[1:])


def route_below(
    root: Page,
    request: HttpRequest,
    components: list[str],
    fallback: Callable[[HttpRequest, list[str]], Any],
) -> Any:
    """The route of `components` below `root`: one query for every page on the path, one for
    the specific page, then that page's own `route` with whatever is left; `fallback` (the
    root's own routing) when not even the first step is a child. Pages passed on the way (the
    path's ancestors) are kept on the page as `routed_ancestors`, for breadcrumbs. A path
    through a page of the snapshot starts there (`_route_from_top`)."""
    if not enabled():
        return fallback(request, components)
    components = [c for c in components if c]
    if not components:
        return fallback(request, components)
    top = snapshot().tops.get((root.path, components[0]))
    if top is not None:
        routed = _route_from_top(root, request, top, components)
        if routed is not None:
            return routed
    slugs = sorted(set(components))
    with hot_cursor() as cursor:
        # Written out: the ORM took longer to build this than the database to answer it.
        cursor.execute(
            f"SELECT {', '.join(_PATH_COLUMNS)}"  # noqa: S608 - names only
            f" FROM {Page._meta.db_table} WHERE slug IN ({', '.join(['%s'] * len(slugs))})"
            " AND depth > %s AND depth <= %s AND path LIKE %s",
            [*slugs, root.depth, root.depth + len(components), root.path + "%"],
        )
        rows = cursor.fetchall()
    by_parent = {(row[1][: -Page.steplen], row[2]): row for row in rows}
    trail: list[tuple[Any, ...]] = []
    parent_path = root.path
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
    pages = _fetch_for(model).by_ids([pk])
    if not pages:  # deleted since the first query
        raise Http404
    page: Page = pages[0]
    page.routed_ancestors = [root] + [_path_page(row) for row in trail[:-1]]
    return page.route(request, components[len(trail) :])


def route_for_request(request: HttpRequest, path: str) -> Any:
    """What `Page.route_for_request` returns, cached on the request as Wagtail caches it
    (Wagtail's own with the fast path off)."""
    if not enabled():
        return Page.route_for_request(request, path)
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    snap = snapshot()
    host = request._get_raw_host()  # type: ignore[attr-defined]  # Django's, private: no stub
    site = site_for(snap, split_domain_port(host)[0], request.get_port())
    # Wagtail's caches on the request (`_wagtail_*`): attributes django-stubs cannot know.
    request._wagtail_site = site  # type: ignore[attr-defined]
    result = None
    if site is not None:
        home = snap.homes.get((site.pk, translation.get_language()))
        if home is None:
            home = site.root_page.localized.specific
        try:
            result = home.route(request, [c for c in path.split("/") if c])
        except Http404:
            result = None
    request._wagtail_route_for_request = result  # type: ignore[attr-defined]
    return result


def home_translations(home: Page, fallback: Callable[[], dict[str, str]]) -> dict[str, str]:
    """{language: URL} of home page `home` and its live translations, from the snapshot read on
    every request anyway: no query. `fallback` (the page's own, which asks the database) with
    the fast path off, or for a home page the snapshot does not hold (a draft in preview)."""
    if not enabled():
        return fallback()
    homes = {
        page.pk: page
        for page in snapshot().homes.values()
        if page.translation_key == home.translation_key and page.live
    }
    if home.pk not in homes:
        return fallback()
    # The snapshot keeps each home's locale with it (`_build`): no query either.
    return {
        page.locale.language_code: cast(str, page.url)
        for page in sorted(homes.values(), key=lambda page: page.path)
    }


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's `serve` view (hooks, restrictions, the page's own `serve`) on this routing;
    Wagtail's alone with the fast path off."""
    if enabled():
        route_for_request(request, path)
    response: HttpResponse = wagtail_views.serve(request, path)
    return response


def _on_save_or_delete(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, (Site, Locale)) or (
        isinstance(instance, Page) and (instance.depth or 0) <= TOP_DEPTH
    ):
        forget_now_and_at_commit()


def _on_move(sender: type[Any], **kwargs: Any) -> None:
    forget_now_and_at_commit()


post_save.connect(_on_save_or_delete, dispatch_uid="infofinance-routing-save")
post_delete.connect(_on_save_or_delete, dispatch_uid="infofinance-routing-delete")
post_page_move.connect(_on_move, dispatch_uid="infofinance-routing-move")
