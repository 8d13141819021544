"""What the page being rendered shows, as core's page base and template tags see it: a page
(a card, a byline) and the page's own translation group. Whoever keeps rendered pages listens
(the page cache installs its listener from its ready(); core does not know it); without a
listener the reports go nowhere."""

from collections.abc import Callable


def _nowhere(key) -> None:
    return None


_page: Callable[[object], None] = _nowhere
_translations: Callable[[object], None] = _nowhere


def listen(*, page: Callable[[object], None], translations: Callable[[object], None]) -> None:
    """Receive every report from now on: `page(pk)` and `translations(translation_key)`."""
    global _page, _translations
    _page, _translations = page, translations


def page(pk) -> None:
    """The page being rendered shows the page `pk`."""
    _page(pk)


def translations(translation_key) -> None:
    """The page being rendered is one of the translation group `translation_key`."""
    _translations(translation_key)
