"""Template tags and filters every page uses: Babel dates and numbers, safe rich text, share
links, the language switch."""

from urllib.parse import quote

import nh3
from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from infofinance.core import shown
from infofinance.core.structured_data import to_script
from infofinance.text import dates
from infofinance.text.language import current_language as active_language

register = template.Library()


@register.filter
def long_date(value, language=None):
    return dates.long_date(value, language)


@register.filter
def date_time(value, language=None):
    return dates.date_time(value, language)


@register.filter
def iso(value):
    """For `datetime` attributes: no microseconds (HTML allows at most three digits)."""
    if not value:
        return ""
    return value.isoformat(timespec="seconds") if hasattr(value, "hour") else value.isoformat()


@register.filter
def number(value, language=None):
    return dates.number(value, language)


@register.simple_tag
def shows(page):
    """Mark that the page being rendered shows `page` (a card, a byline): the page cache then
    refreshes it when that page changes."""
    shown.page(page.pk)
    return ""


@register.simple_tag
def published_time(value, css_class="dateline__time"):
    """A `<time>` with the long date in the page's language; the browser adds a relative time
    ("2 giờ trước") for items under a day old, so cached pages never show a stale one."""
    if value is None:
        return ""
    return format_html(
        '<time class="{}" datetime="{}" data-relative>{}</time>',
        css_class,
        iso(value),
        dates.long_date(value),
    )


_ALLOWED_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "sup",
    "sub",
    "code",
    "hr",
    "img",
    "figure",
    "figcaption",
    "span",
    "div",
}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "class", "loading", "srcset", "sizes"},
    "figure": {"class"},
    "span": {"class"},
    "div": {"class"},
    "p": {"class"},
}


def sanitize_html(html: str) -> str:
    """Whatever reached the database, only harmless markup reaches readers."""
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener",
    )


@register.filter
def safe_richtext(value):
    """Wagtail's `richtext` filter, followed by sanitizing."""
    html = value.source if hasattr(value, "source") else str(value or "")
    return mark_safe(sanitize_html(expand_db_html(html)))  # noqa: S308 - sanitized just above


SHARE_TARGETS = {
    "facebook": ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    "x": ("X", "https://twitter.com/intent/tweet?url={url}&text={text}"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    "telegram": ("Telegram", "https://t.me/share/url?url={url}&text={text}"),
}


def share_links(url: str, title: str) -> list[dict]:
    encoded_url, encoded_text = quote(url, safe=""), quote(title, safe="")
    return [
        {"key": key, "name": name, "href": pattern.format(url=encoded_url, text=encoded_text)}
        for key, (name, pattern) in SHARE_TARGETS.items()
    ]


@register.simple_tag
def share_targets(url, title):
    return share_links(url, title)


@register.simple_tag
def current_language():
    return active_language()


def page_alternates(context) -> dict[str, str]:
    """{language: URL} of the page being shown in every language it exists in: what a view put
    in the context (listings), else the page's live translations."""
    if context.get("alternates") is not None:
        return context["alternates"]
    page = context.get("page")
    if page is not None and hasattr(page, "live_translations"):
        return page.live_translations()
    return {}


@register.simple_tag(takes_context=True)
def language_switch_url(context):
    """Where the language switch leads: the same page in the other language, else the nearest
    translated ancestor (the hub), else the other language's home page. Never a 404. A page
    outside the tree (search, log-in) leads to the same route in the other language with the
    query parameters it reads; a page not found (`not_found` in its context), to its nearest
    existing parent's counterpart."""
    from infofinance.core.context_processors import HOME_URLS, OTHER_LANGUAGE

    from . import language_switch

    other = OTHER_LANGUAGE.get(current_language(), "en")
    page = context.get("page")
    request = context.get("request")
    url = page_alternates(context).get(other) or context.get("alternate_url")
    same = bool(url)
    if not url and page is not None and hasattr(page, "fallback_url"):
        return page.fallback_url(other) or HOME_URLS[other]
    if not url and request is not None:
        url, same = language_switch.route_url(
            request, other, not_found=bool(context.get("not_found"))
        )
    if not url:
        return HOME_URLS[other]
    # A counterpart with a query of its own (the comparison's translated `?san=` ⇄ `?brokers=`)
    # already carries what the page reads.
    if same and page is None and request is not None and request.GET and "?" not in url:
        url += language_switch.kept_query(request, other)
    return url


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except (TypeError, ValueError):
        return 1


@register.inclusion_tag("components/head_meta.html", takes_context=True)
def head_metadata(context):
    """One canonical URL, reciprocal hreflang alternates, robots, Open Graph and Twitter tags."""
    request = context["request"]
    page = context.get("page")
    language = current_language()
    page_obj = context.get("page_obj")
    number = getattr(page_obj, "number", None) or _page_number(request)
    # docs/seo.md: a filtered listing its view marks noindex points at the unfiltered page and
    # has no alternates; a listing's page N is its own canonical, with page N in each language.
    filtered = bool(context.get("noindex")) and any(key != "page" for key in request.GET)
    query = f"?page={number}" if number > 1 and not filtered else ""
    canonical = settings.SITE_URL + request.path + query
    alternates = {
        code: settings.SITE_URL + url + query
        for code, url in ({} if filtered else page_alternates(context)).items()
        if url
    }
    noindex = context.get("noindex") or getattr(page, "noindex", False) or number > 1
    image = context.get("meta_image") or static("img/og-default.png")
    return {
        "canonical": canonical,
        "alternates": sorted(alternates.items()),
        "x_default": alternates.get("vi") or alternates.get("en"),
        "robots": "noindex, follow" if noindex else "",
        "og_type": context.get("meta_type", "website"),
        "og_locale": "vi_VN" if language == "vi" else "en_US",
        "og_locale_alternate": "en_US" if language == "vi" else "vi_VN",
        "og_image": image if image.startswith("http") else settings.SITE_URL + image,
        "page": page,
    }


@register.simple_tag(takes_context=True)
def structured_data(context):
    blocks = context.get("structured_data")
    return to_script(*blocks) if blocks else ""
