"""The fast path: the project's replacements for parts of Django's and Wagtail's machinery on
the pages every reader sees (routing, page URLs, the site-wide values a page reads, the chrome
of every page, the newsroom's hand-written statements), all behind one setting.

`FAST_PATH` (environment variable `FAST_PATH`, on by default) turns it on. Off, every function
here falls back to what stock Django and Wagtail do: Wagtail's routing and serve view, its
`Page.get_url_parts`, the ORM's queries, plain template rendering, Wagtail's own apps. Both
render the same pages byte for byte (tests/test_fastpath_equivalence.py); docs/architecture.md
records each deviation from stock, why it exists and what it gained.

Nothing outside this package reaches into it but through the functions its modules document
(`routing.serve`, `routing.route_below`, `routing.home_translations`, `pageurls.get_url_parts`,
`pageurls.local_url`, `sitecache.*`, `db.hot_cursor`, `fetch.Joined`, the `{% chrome %}` tag),
each of which checks `enabled()` itself."""

from django.conf import settings


def enabled() -> bool:
    """Whether the fast path is on (read on every call, so tests may override the setting)."""
    return getattr(settings, "FAST_PATH", True)
