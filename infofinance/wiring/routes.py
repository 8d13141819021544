"""The route registry: one place for the site's localized path prefixes, the section slugs,
the reserved words a page slug may not take, the page types allowed under the home page and
the permanent redirects of the live site's old paths. `docs/routes.md` is generated from it
(`manage.py routes_doc`; a test fails when it is stale).

Apps register what they own, from their models (reserved words: the constant stays where it
is used) or their `AppConfig.ready()`:

    routes.prefix("brokers.directory", vi="tra-cuu-san", en="broker", title="broker directory")
    routes.top_level_page("news.ArticleIndexPage")
    BROKER_RESERVED = routes.reserve("brokers.directory", {"methodology", ...})
    routes.sections("news", vi=(...), en=(...))
    routes.legacy("en/tin-tuc", "/en/news/")

A prefix is a path the URLconf serves at the root of a language: its words are reserved at the
root of the page tree, so no page can shadow it, and a new top-level section edits neither
`home` nor `core`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

# Paths of the project's own URLconf (infofinance/urls.py) and of the languages: no app owns
# them, every page tree root must avoid them.
PROJECT_PATHS = frozenset(
    {
        "en",
        "vi",
        "admin",
        "static",
        "media",
        "documents",
        "sitemap",
        "robots",
        "healthz",
        "_",
        "fragments",
        "cache",
    }
)
ROOT = "root"


@dataclass(frozen=True)
class Prefix:
    name: str
    vi: str
    en: str
    title: str = ""


@dataclass(frozen=True)
class Redirect:
    old: str
    new: str


_prefixes: dict[str, Prefix] = {}
_reserved: dict[str, frozenset[str]] = {}
_top_level: list[str] = []
_sections: dict[str, dict[str, tuple[str, ...]]] = {}
_legacy: dict[str, Redirect] = {}


def prefix(name: str, *, vi: str, en: str, title: str = "") -> Prefix:
    """A top-level path in both languages (`/vi-word/` and `/en/en-word/`), reserved at the
    root of the page tree."""
    for word in (vi, en):
        if not word or "/" in word:
            raise ValueError(f"route prefix {name!r}: one path segment per language ({word!r})")
    entry = Prefix(name, vi, en, title)
    _prefixes[name] = entry
    return entry


def prefixes() -> list[Prefix]:
    return sorted(_prefixes.values(), key=lambda p: p.vi)


def reserve(scope: str, words: Iterable[str]) -> frozenset[str]:
    """Words a slug may not take in `scope` (a page type's children, a directory of an app);
    returns them, for the constant the app's own check uses."""
    words = frozenset(words)
    _reserved[scope] = _reserved.get(scope, frozenset()) | words
    return words


def reserved(scope: str) -> frozenset[str]:
    return _reserved.get(scope, frozenset())


def scopes() -> dict[str, frozenset[str]]:
    return dict(sorted(_reserved.items()))


def root_reserved() -> frozenset[str]:
    """Slugs no page directly under a home page (or the tree's root) may take."""
    words = set(PROJECT_PATHS) | set(_reserved.get(ROOT, ()))
    for entry in _prefixes.values():
        words.update((entry.vi, entry.en))
    return frozenset(words)


def top_level_page(model: str) -> None:
    """Allow page type `model` ("app_label.ModelName") as a child of the home page."""
    if model not in _top_level:
        _top_level.append(model)


def top_level_pages() -> list[str]:
    return list(_top_level)


class TopLevelPageTypes:
    """`HomePage.subpage_types`: read by Wagtail when it first needs it (after every app's
    ready()), from the registry."""

    def __get__(self, instance, owner=None) -> list[str]:
        return top_level_pages()


def sections(owner: str, **slugs_by_language: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The section slugs of an app's hub, per language (documented; their legacy paths are
    registered by the owner with `legacy`)."""
    entry = {language: tuple(slugs) for language, slugs in slugs_by_language.items()}
    _sections[owner] = entry
    return entry


def section_slugs() -> dict[str, dict[str, tuple[str, ...]]]:
    return dict(_sections)


def legacy(old: str, new: str) -> None:
    """A permanent redirect of the live site's path `old` (no leading slash, the trailing one
    optional) to `new`, query string kept."""
    _legacy[old.strip("/")] = Redirect(old.strip("/"), new)


def legacy_redirects() -> list[Redirect]:
    return list(_legacy.values())


def markdown() -> str:
    """docs/routes.md: what the registry holds."""
    lines = [
        "# Routes",
        "",
        "Generated from the route registry (infofinance/wiring/routes.py) by",
        "`python manage.py routes_doc`; do not edit by hand. Vietnamese has no prefix, English is",
        "under `/en/`.",
        "",
        "## Top-level prefixes",
        "",
        "| name | Vietnamese | English | what |",
        "| --- | --- | --- | --- |",
    ]
    for entry in prefixes():
        lines.append(f"| {entry.name} | `/{entry.vi}/` | `/en/{entry.en}/` | {entry.title} |")
    lines += [
        "",
        "## Page types under the home page",
        "",
        *(f"- `{model}`" for model in top_level_pages()),
        "",
        "## Section slugs",
        "",
        "| hub | language | sections |",
        "| --- | --- | --- |",
    ]
    for owner, by_language in sorted(_sections.items()):
        for language, slugs in by_language.items():
            lines.append(f"| {owner} | {language} | {', '.join(f'`{s}`' for s in slugs)} |")
    lines += [
        "",
        "## Reserved words",
        "",
        "A slug may not take a reserved word of the place it lives in.",
        "",
        "| scope | words |",
        "| --- | --- |",
        f"| {ROOT} (under a home page) | {', '.join(f'`{w}`' for w in sorted(root_reserved()))} |",
    ]
    for scope, words in scopes().items():
        if scope != ROOT:
            lines.append(f"| {scope} | {', '.join(f'`{w}`' for w in sorted(words))} |")
    lines += [
        "",
        "## Permanent redirects of the live site's paths",
        "",
        "| old | new |",
        "| --- | --- |",
        *(f"| `/{r.old}` | `{r.new}` |" for r in sorted(legacy_redirects(), key=lambda r: r.old)),
        "",
    ]
    return "\n".join(lines)
