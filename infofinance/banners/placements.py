"""The places a banner can take on the site, each with its reserved box.

A placement fixes the size of its box on desktop and on phones (CSS `aspect-ratio` on the
reserved box, so the page never moves when the image arrives), the images' size and ratio
staff must upload, how many banners may run there at the same time (rotation by weight), on
which pages it can appear and which slot of those pages shows it. Phones are the viewports
narrower than `PHONE_MAX_WIDTH` CSS pixels; a placement without a mobile size is not shown on
phones at all (the side rails)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

PHONE_MAX_WIDTH = 767  # px; the site's own breakpoint (css/site.css)
# Uploaded images must be at least the box's size and at most this many times it (2 × covers
# high-density screens; more is weight nobody sees).
MAX_SCALE = 3
# How far an image's ratio may be from its box's, relative (1 %: 728 × 90 accepts 1456 × 181).
RATIO_TOLERANCE = 0.01


class PageType(models.TextChoices):
    HOME = "home", _("home page")
    ARTICLE = "article", _("articles")
    LISTING = "listing", _("news listings (hubs, sections, tags)")
    BROKER = "broker", _("broker pages")
    OTHER = "other", _("other pages")


class Code(models.TextChoices):
    HERO = "hero", _("home hero slider")
    RAILS = "rails", _("side rails (desktop only)")
    TOP = "top", _("top strip")
    IN_ARTICLE = "in_article", _("in the article, after paragraph N")
    SIDEBAR = "sidebar", _("article sidebar")
    LISTING = "listing", _("inline in listings")
    POPUP = "popup", _("pop-up")


@dataclass(frozen=True)
class Size:
    width: int
    height: int

    @property
    def ratio(self) -> float:
        return self.width / self.height

    def __str__(self) -> str:
        return f"{self.width} × {self.height}"


@dataclass(frozen=True)
class Placement:
    code: str
    desktop: Size
    mobile: Size | None  # None: not shown on phones
    capacity: int  # banners running at the same moment, in one language
    page_types: tuple[str, ...]  # where it can appear at all

    @property
    def label(self):
        return Code(self.code).label

    @property
    def desktop_only(self) -> bool:
        return self.mobile is None


EVERYWHERE = tuple(PageType.values)
PLACEMENTS: dict[str, Placement] = {
    p.code: p
    for p in (
        Placement(Code.HERO, Size(1200, 300), Size(640, 320), 5, (PageType.HOME,)),
        Placement(Code.RAILS, Size(160, 600), None, 2, EVERYWHERE),
        Placement(Code.TOP, Size(970, 90), Size(320, 100), 3, EVERYWHERE),
        Placement(Code.IN_ARTICLE, Size(728, 90), Size(300, 250), 3, (PageType.ARTICLE,)),
        Placement(Code.SIDEBAR, Size(300, 250), Size(300, 250), 3, (PageType.ARTICLE,)),
        Placement(Code.LISTING, Size(728, 90), Size(320, 100), 3, (PageType.LISTING,)),
        # Never over a form, a search, the calendar or a broker's page someone checks before
        # depositing: reading pages only.
        Placement(
            Code.POPUP,
            Size(600, 400),
            Size(300, 400),
            1,
            (PageType.HOME, PageType.ARTICLE, PageType.LISTING),
        ),
    )
}


def get(code: str) -> Placement:
    return PLACEMENTS[code]
