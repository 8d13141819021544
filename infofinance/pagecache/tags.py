"""Every cache tag the site uses, built here and nowhere else: a page declares the tags of what
it shows (`store.depends_on`) and a change moves on the tags of what it affects (each app's
cache.py registers which, see registry.py). Building a tag by hand elsewhere risks a page
declaring one spelling and a change moving another, and the page would stay stale.

The strings are part of the stored entries (each records the versions of its tags), so they
never change spelling: an entry cached before a deployment stays valid after it."""

# Everything: navigation, settings and templates (every page depends on it) ...
SITE = "site"
# ... and every content change (pages that declare nothing, error pages and redirects).
ANY = "any"
# The broker directory and every page showing broker cards, scores or warnings.
BROKERS = "brokers"
# The regulator index and every page naming regulators.
REGULATORS = "regulators"
# The public complaint lists.
COMPLAINTS = "complaints"
# The list of authors.
AUTHORS = "list:authors"


def page(pk) -> str:
    """A page shown on another one: a card, a byline."""
    return f"page:{pk}"


def translations(translation_key) -> str:
    """A page and its translations (their language switches link each other)."""
    return f"tk:{translation_key}"


def of_page(page_) -> set[str]:
    """A page's own two tags: itself and its translation group."""
    return {page(page_.pk), translations(page_.translation_key)}


def listing_hub(pk) -> str:
    """The articles listed under a hub (home page blocks, the hub, the latest-news fragment)."""
    return f"list:hub:{pk}"


def listing_section(pk) -> str:
    return f"list:section:{pk}"


def listing_tag(pk) -> str:
    return f"list:tag:{pk}"


def listing_author(pk) -> str:
    return f"list:author:{pk}"


def related_section(pk) -> str:
    """The related lists drawing on a section (they show articles older than their page)."""
    return f"related:section:{pk}"


def related_tag(pk) -> str:
    return f"related:tag:{pk}"


def tag(pk) -> str:
    """A tag's name, wherever it is shown."""
    return f"tag:{pk}"


def broker(pk) -> str:
    return f"broker:{pk}"


def mentions_broker(pk) -> str:
    """The articles mentioning a broker, listed on its page."""
    return f"mentions:broker:{pk}"


def complaint(pk) -> str:
    return f"complaint:{pk}"


def complaints_of_broker(pk) -> str:
    """The public complaints about a broker."""
    return f"complaints:broker:{pk}"


# -- tags of other apps --------------------------------------------------------------------------

# The first part of every tag above: an app's own tags may not reuse one.
BUILT_IN = frozenset(
    {
        *("site", "any", "brokers", "regulators", "complaints", "list", "page", "tk"),
        *("related", "tag", "broker", "mentions", "complaint"),
    }
)
_checked_kinds: set[str] = set()


def of_app(kind: str, *parts) -> str:
    """A tag of an app's own, for what the tags above do not name (a new feature's listing, its
    items): `of_app("events", 7)` is "events:7". `kind` is the app's word for it, lower-case
    letters, digits and `_`, and no kind of the site's own."""
    if kind not in _checked_kinds:
        word = kind.replace("_", "")
        if not (word.isascii() and word.isalnum() and kind.islower()) or kind in BUILT_IN:
            raise ValueError(f"page cache: {kind!r} cannot name a tag of an app's own")
        _checked_kinds.add(kind)
    return ":".join((kind, *(str(part) for part in parts)))
