"""Where the banners appear (infofinance.wiring.slots), registered from BannersConfig.ready():
the pages' apps import nothing of ours.

| placement | slot | pages |
| --- | --- | --- |
| home hero slider | `home.top` | the home page |
| top strip | `page.top` | every page (first in `<main>`, below the header) |
| side rails | `page.end` | every page (last in `<main>`; fixed beside it, wide screens) |
| pop-up | `page.end` | home, articles, listings (a dialog the browser may open) |
| in the article | `article.in_body` (after block N) | articles |
| article sidebar | `article.sidebar` | articles |
| inline in listings | `listing.inline` | hubs, sections, tags |

Each renders from the live value (selectors.live: no query) and declares its placement's tag
whether or not its box is there today (cache.py). `page.head` adds the banners' stylesheet and
script only to pages with a box."""

from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from infofinance.fastpath import sitecache
from infofinance.pagecache.store import depends_on
from infofinance.text.language import current_language

from . import cache, selectors
from .placements import PLACEMENTS, Code, PageType

IN_BODY_POSITIONS = range(1, 16)
PAGE_TYPES = {
    "home.homepage": PageType.HOME,
    "news.articlepage": PageType.ARTICLE,
    "news.articleindexpage": PageType.LISTING,
}


def target_of(context) -> selectors.Target:
    page = context.get("page")
    label = getattr(getattr(page, "_meta", None), "label_lower", "")
    kind = PAGE_TYPES.get(label)
    if kind is None:
        kind = PageType.BROKER if context.get("broker") is not None else PageType.OTHER
    section = context.get("section")
    tags = context.get("tags") if kind == PageType.ARTICLE else None
    tag = context.get("tag") if kind == PageType.LISTING else None
    ids = frozenset(getattr(t, "pk", None) for t in (tags or ())) | frozenset(
        [getattr(tag, "pk", None)]
    )
    return selectors.Target(
        page_type=kind, section=getattr(section, "pk", None), tags=frozenset(i for i in ids if i)
    )


def page_boxes(context) -> dict[str, selectors.Box]:
    """The boxes of this page, once per request; declares every placement's tag that the
    page could show."""
    if context.get("request") is None:
        return {}

    def compute():
        target = target_of(context)
        language = current_language()
        boxes = {}
        for code, placement in PLACEMENTS.items():
            if target.page_type not in placement.page_types:
                continue
            depends_on(cache.placement(code, language))
            box = selectors.box_for(language, code, target)
            if box is not None:
                boxes[code] = box
        return boxes

    return sitecache.per_request("banners:boxes", compute) if sitecache.in_request() else compute()


def _filler_url() -> str:
    try:
        return reverse("brokers:directory")
    except NoReverseMatch:
        return "/"


def live_url(boxes) -> str:
    """The live JSON of the page's language, at the version its boxes were rendered from."""
    version = next(iter(boxes.values())).version
    return f"{reverse('banners:live', args=[current_language()])}?v={version}"


def _box(context, code: str, **extra):
    box = page_boxes(context).get(code)
    if box is None:
        return None
    return (
        "banners/box.html",
        {
            "box": box,
            "placement": PLACEMENTS[code],
            "choices": box.choices,
            "first": box.choices[0] if box.choices else None,
            "filler_url": _filler_url(),
            **extra,
        },
    )


def head(context):
    """The stylesheet and the script, on pages with a box; the pop-up's and the slider's own
    scripts only where they appear."""
    boxes = page_boxes(context)
    if not boxes:
        return None
    scripts = ["banners/banners.js"]
    popup = boxes.get(Code.POPUP)
    if popup is not None and popup.choices:
        scripts.append("banners/popup.js")
    hero = boxes.get(Code.HERO)
    if hero is not None and len(hero.choices) > 1:
        scripts.append("banners/slider.js")
    # The main script carries the two addresses every box needs (the boxes do not repeat them).
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}" data-live="{}" data-views="{}" defer>'
        "</script>{}",
        static("banners/banners.css"),
        static(scripts[0]),
        live_url(boxes),
        reverse("banners:views"),
        format_html_join(
            "", '<script src="{}" defer></script>', ((static(s),) for s in scripts[1:])
        ),
    )


def top(context):
    return _box(context, Code.TOP)


def hero(context):
    return _box(context, Code.HERO, slider=True)


def sidebar(context):
    return _box(context, Code.SIDEBAR)


def listing(context):
    return _box(context, Code.LISTING)


def end(context):
    """The side rails (two boxes, fixed beside the content on wide screens, only while a
    banner runs) and the pop-up (a dialog the browser opens under its own rules)."""
    boxes = page_boxes(context)
    rails = boxes.get(Code.RAILS)
    popup = boxes.get(Code.POPUP)
    rails = rails if rails is not None and rails.choices else None
    if rails is None and (popup is None or not popup.choices):
        return None
    return (
        "banners/end.html",
        {
            "rails": rails,
            "sides": ("left", "right")[: len(rails.choices)] if rails else (),
            "popup": popup,
        },
    )


def in_body(position: int):
    def render(context):
        box = page_boxes(context).get(Code.IN_ARTICLE)
        if box is None or box.after != position:
            return None
        return _box(context, Code.IN_ARTICLE)

    render.__name__ = render.__qualname__ = f"in_body_{position}"
    return render


def register() -> None:
    from infofinance.wiring import slots

    slots.register("page.head", head, order=50)
    slots.register("page.top", top, order=50)
    slots.register("page.end", end, order=50)
    slots.register("home.top", hero, order=50)
    slots.register("article.sidebar", sidebar, order=5)
    slots.register("listing.inline", listing, order=50)
    for position in IN_BODY_POSITIONS:
        slots.register("article.in_body", in_body(position), order=50, after=position)
