"""Feed autodiscovery links for the page being shown (home, news hub, section, tag)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

register = template.Library()

TYPES = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


def _scope(context):
    from infofinance.home.models import HomePage
    from infofinance.news.models import ArticleIndexPage, HubKind

    page = context.get("page")
    section, tag = context.get("section"), context.get("tag")
    if isinstance(page, ArticleIndexPage) and page.kind != HubKind.NEWS:
        return None
    if tag is not None and isinstance(page, ArticleIndexPage):
        return "the", {"tag": tag.slug}, tag.name
    if section is not None and isinstance(page, ArticleIndexPage):
        return "chuyen-muc", {"section": section.slug}, section.name
    if isinstance(page, ArticleIndexPage | HomePage):
        return "all", {}, ""
    return None


@register.simple_tag(takes_context=True)
def feed_links(context):
    scope = _scope(context)
    if scope is None:
        return ""
    suffix, kwargs, name = scope
    links = []
    for kind, mime, label in TYPES:
        try:
            url = reverse(f"news-{kind}-{suffix}", kwargs=kwargs)
        except NoReverseMatch:
            continue
        title = f"Info Finance — {name or _('News')} ({label})"
        links.append((mime, title, url))
    return (
        format_html_join("\n", '<link rel="alternate" type="{}" title="{}" href="{}">', links)
        if links
        else format_html("")
    )


@register.filter
def xml_safe(value):
    """Text without the control characters XML 1.0 forbids (autoescaping does the rest)."""
    from ..feeds import xml_text

    return xml_text(value)
