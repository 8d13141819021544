"""What the page being rendered shows, as core's page base and template tags see it: a page
(a card, a byline) and the page's own translation group. Whoever keeps rendered pages listens
(the page cache installs its listener from its ready(); core does not know it); without a
listener the reports go nowhere. Call them as `shown.page(…)`: `listen` replaces them."""

from collections.abc import Callable


def page(pk) -> None:
    """The page being rendered shows the page `pk`."""


def translations(translation_key) -> None:
    """The page being rendered is one of the translation group `translation_key`."""


def listen(*, page: Callable[[object], None], translations: Callable[[object], None]) -> None:
    """Receive every report from now on: `page(pk)` and `translations(translation_key)` (they
    replace this module's functions, so a report costs one call)."""
    globals().update(page=page, translations=translations)
