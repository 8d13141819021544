"""Page slots: places on one app's pages that other apps fill, without the page's app importing
them.

The app that owns a page declares its slots (usually at import of this module's callers, from
its `AppConfig.ready()`); another app registers into a slot from its own `ready()`:

    from infofinance.wiring import slots

    slots.register("broker.community", render_reviews, order=10)

`render(context)` receives the template context of the page (the request is
`context["request"]`) and returns one of: HTML (a `SafeString`; a plain `str` is escaped), a
pair `(template_name, data)` rendered like an inclusion tag, or None / "" for nothing. The
page's template renders the slot with `{% load slots %}{% slot "broker.community" %}`; entries
run in `order`, their fragments (all but the None / "" ones) joined by the slot's declared
separator. An empty
slot costs a dictionary lookup: no query, no template.

Body slots take the position: `register("article.in_body", render, after=2)` appears after the
second block of the article's body (`{% slot "article.in_body" after=forloop.counter %}`).

Editor panels are a slot of their own kind: `register_panels("article.editor", factory)` where
`factory()` returns Wagtail panels; the page type's edit handler adds them at the end of its
content tab when Wagtail first builds it (see news.models.ArticlePage.get_edit_handler).

Values: a page may need a figure another app computes (the broker page's rating for its
structured data). `provide("broker.rating", func)` and `value("broker.rating", broker)` (None
when no app provides it).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.template import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Slot:
    name: str
    description: str = ""
    separator: str = ""


@dataclass(frozen=True)
class Entry:
    slot: str
    render: Callable[[Any], Any]
    order: int = 100
    options: dict[str, Any] = field(default_factory=dict)


# Declared by the apps that own the pages (their AppConfig.ready()).
SLOTS: dict[str, Slot] = {}
_entries: dict[str, list[Entry]] = {}
_panels: dict[str, list[tuple[int, Callable[[], list]]]] = {}
_values: dict[str, Callable[..., Any]] = {}


def declare(name: str, description: str = "", *, separator: str = "") -> Slot:
    slot = Slot(name, description, separator)
    SLOTS[name] = slot
    return slot


def register(name: str, render: Callable[[Any], Any], *, order: int = 100, **options) -> None:
    """Add `render` to slot `name`. Registering the same callable twice replaces it."""
    entries = [e for e in _entries.get(name, []) if e.render is not render]
    entries.append(Entry(name, render, order, options))
    entries.sort(key=lambda e: e.order)
    _entries[name] = entries


def unregister(name: str, render: Callable[[Any], Any]) -> None:
    _entries[name] = [e for e in _entries.get(name, []) if e.render is not render]


def entries(name: str) -> list[Entry]:
    return list(_entries.get(name, ()))


def _fragment(entry: Entry, context: Context) -> str | None:
    result = entry.render(context)
    if result is None or result == "":
        return None
    if isinstance(result, tuple):
        template_name, data = result
        template = context.template.engine.get_template(template_name)
        new_context = context.new(data)
        csrf_token = context.get("csrf_token")  # as Django's inclusion tags do
        if csrf_token is not None:
            new_context["csrf_token"] = csrf_token
        return template.render(new_context)
    return conditional_escape(result)


def render(name: str, context: Context, **position) -> SafeString:
    entries = _entries.get(name)
    if not entries:
        return SafeString()
    fragments = []
    for entry in entries:
        if any(entry.options.get(key) != value for key, value in position.items()):
            continue
        fragment = _fragment(entry, context)
        if fragment is not None:  # a template's output counts even when blank
            fragments.append(fragment)
    slot = SLOTS.get(name)
    # Every fragment is escaped or rendered by a template; the separator is escaped here.
    return SafeString(conditional_escape(slot.separator if slot else "").join(fragments))


def register_panels(name: str, factory: Callable[[], list], *, order: int = 100) -> None:
    """Add the panels `factory()` returns to the editor slot `name` (an app's `ready()`, before
    Wagtail builds the edit handler on the first admin request)."""
    panels = [p for p in _panels.get(name, []) if p[1] is not factory]
    panels.append((order, factory))
    panels.sort(key=lambda p: p[0])
    _panels[name] = panels


def panels(name: str) -> list:
    return [panel for _, factory in _panels.get(name, ()) for panel in factory()]


def provide(name: str, func: Callable[..., Any]) -> None:
    _values[name] = func


def value(name: str, *args, **kwargs) -> Any:
    func = _values.get(name)
    return func(*args, **kwargs) if func is not None else None
