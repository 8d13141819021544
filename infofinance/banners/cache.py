"""The page cache and the banners (docs/design/banners.md §3). Every tag of the app is built
here.

A page that can show a placement declares `placement(code, language)`, whether or not its box
is in the HTML today: the day a banner is scheduled there, the page must change. Moving that
tag purges exactly the pages of that placement in that language; pages of other placements
(and pages no placement appears on) are untouched.

What moves it:

- a banner saved or deleted (its placement and language, and the ones it had before);
- the worker, each minute (`services.apply_schedule`): when the fingerprint of a placement's
  banners for the current Vietnam day changes (one starts or ends, a new day begins, one is
  stopped), that placement's tag, once.

The banners' live value (selectors.LIVE_KEY, read with the request's other site-wide values)
is dropped on the same occasions."""

from infofinance.pagecache import registry, tags

# The live JSON's version (views.live).
PARAMS = ("v",)


def placement(code: str, language: str) -> str:
    return tags.of_app("banners", "placement", code, language)


def banner_before(banner, deleted) -> set[str]:
    from .models import Banner

    row = Banner.objects.filter(pk=banner.pk).values_list("placement", "language").first()
    return {placement(*row)} if row else set()


def banner_changed(banner, created, deleted, before=None) -> set[str]:
    from . import selectors

    selectors.forget_live()
    return {placement(banner.placement, banner.language)} | (before or set())


def register() -> None:
    from .models import Advertiser, Banner, BannerDay, PlacementState

    registry.register(Banner, banner_changed, before=banner_before)
    # Advertisers' names and the counts show on no public page.
    registry.register_bookkeeping(Advertiser, BannerDay, PlacementState)
    registry.register_params(*PARAMS)
