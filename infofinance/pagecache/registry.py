"""What the page cache needs to know about the apps, told by each app from its
`AppConfig.ready()` (the page cache imports none of them):

    from infofinance.pagecache import registry, tags

    registry.register(Regulator, lambda regulator, created, deleted: {tags.REGULATORS})
    registry.register_bookkeeping(WorkerHeartbeat, "otherapp.somemodel")
    registry.register_params("country", "regulator")

- `register(model, tags, *, before=None, moved=None, bulk=None)`: a save or delete of a row of
  `model` (or of a subclass registering nothing itself) moves on `tags(instance, created,
  deleted)`; an empty set moves nothing. `before(instance, deleted)` runs before a save of an
  existing row and before a delete, and what it returns reaches `tags` (and `moved`) as
  `before=` (None when it did not run). `moved(page, parent, before)` gives the tags of a page
  moved under `parent`; `bulk(pks)` those of rows changed by a bulk update (`content_changed`).
  A page saved as a plain `Page` (Wagtail's scheduled publishing does) counts as its specific
  type.
- `register_bookkeeping(*models)`: rows no public page shows (sessions, logs, task results,
  indexes); their changes move nothing. Models or "app_label.ModelName" labels (a label of an
  app that is not installed is harmless).
- `register_params(*names)`: query parameters that change what a cacheable page shows; the
  cache key keeps those and drops every other (utm_*, fbclid, cache-busters), and nginx's key is
  generated from the same list (nginx.py). Names are lower-case letters, digits and `_`.

A model nobody registered moves `site`: an unknown change can never leave a stale page behind.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from . import tags

PARAM_NAME = re.compile(r"[a-z0-9_]+")


@dataclass(frozen=True)
class Entry:
    """How changes to one model reach the cache: `tags` is None for bookkeeping."""

    tags: Callable[..., set[str]] | None
    before: Callable[..., Any] | None = None
    moved: Callable[..., set[str]] | None = None
    bulk: Callable[..., set[str]] | None = None

    @property
    def bookkeeping(self) -> bool:
        return self.tags is None

    def tags_for(self, instance, *, created=False, deleted=False, before=None) -> set[str]:
        if self.tags is None:
            return set()
        if self.before is not None:
            return self.tags(instance, created=created, deleted=deleted, before=before)
        return self.tags(instance, created=created, deleted=deleted)


BOOKKEEPING = Entry(tags=None)
# What a model nobody registered moves: everything.
UNKNOWN = Entry(tags=lambda instance, created, deleted: {tags.SITE})

_entries: dict[type, Entry] = {}
_labels: dict[str, Entry] = {}
_resolved: dict[type, Entry] = {}
# The parameters in the cache key: read on every request, so rebuilt once per registration.
PARAMS: frozenset[str] = frozenset()


def register(model, tags, *, before=None, moved=None, bulk=None) -> None:
    """`model` is a model class (abstract ones included: their subclasses inherit the entry)."""
    _put(model, Entry(tags=tags, before=before, moved=moved, bulk=bulk))


def register_bookkeeping(*models) -> None:
    for model in models:
        _put(model, BOOKKEEPING)


def _put(model, entry: Entry) -> None:
    if isinstance(model, str):
        if "." not in model:
            raise ImproperlyConfigured(f"page cache: {model!r} is not an 'app_label.Model' label")
        _labels[model.lower()] = entry
    else:
        _entries[model] = entry
    _resolved.clear()


def unregister(*models) -> None:
    """Forget registrations (for tests that register a model of their own)."""
    for model in models:
        if isinstance(model, str):
            _labels.pop(model.lower(), None)
        else:
            _entries.pop(model, None)
    _resolved.clear()


def entry_for_class(cls) -> Entry:
    """The registration of `cls` or of its nearest registered base."""
    found = _resolved.get(cls)
    if found is None:
        found = UNKNOWN
        for base in cls.__mro__:
            entry = _entries.get(base)
            if entry is None:
                meta = base.__dict__.get("_meta")
                entry = _labels.get(meta.label_lower) if meta is not None else None
            if entry is not None:
                found = entry
                break
        _resolved[cls] = found
    return found


def entry_for(instance) -> Entry:
    cls = type(instance)
    specific = getattr(instance, "specific_class", None)  # a Page saved as a plain Page
    if specific is not None and specific is not cls and issubclass(specific, cls):
        cls = specific
    return entry_for_class(cls)


def tags_for(instance, *, created=False, deleted=False) -> set[str]:
    """The tags a save or delete of `instance` moves on."""
    before = getattr(instance, "_pagecache_before", None)
    return entry_for(instance).tags_for(instance, created=created, deleted=deleted, before=before)


# -- query parameters ----------------------------------------------------------------------------


def check_param(name: str) -> str:
    """nginx names a parameter's variable `$arg_<name>` and ends the name at the first character
    outside letters, digits and `_`: `$arg_quoc-gia` reads as `$arg_quoc` followed by `-gia`, so
    such a name would silently drop out of nginx's key. Upper case is refused too (nginx
    matches names without regard to case, the application does not)."""
    if not isinstance(name, str) or not PARAM_NAME.fullmatch(name):
        raise ImproperlyConfigured(
            f"page cache: query parameter {name!r} must be made of a-z, 0-9 and _ only"
        )
    return name


def register_params(*names: str) -> None:
    global PARAMS
    PARAMS = PARAMS | {check_param(name) for name in names}


def unregister_params(*names: str) -> None:
    """Forget parameters (for tests that register one of their own)."""
    global PARAMS
    PARAMS = PARAMS - set(names)
