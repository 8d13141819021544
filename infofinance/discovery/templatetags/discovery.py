"""Feed autodiscovery links for the page being shown: the feeds the apps registered for it
(feeds.register / register_links: the home page, the news hub, a section, a tag)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from ..feeds import links_for, xml_text

register = template.Library()

TYPES = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


@register.simple_tag(takes_context=True)
def feed_links(context):
    found = links_for(context)
    if found is None:
        return ""
    links = []
    for kind, mime, label in TYPES:
        try:
            url = reverse(found.url_name.format(kind=kind), kwargs=found.kwargs)
        except NoReverseMatch:
            continue
        links.append((mime, f"Info Finance — {found.title} ({label})", url))
    return (
        format_html_join("\n", '<link rel="alternate" type="{}" title="{}" href="{}">', links)
        if links
        else format_html("")
    )


@register.filter
def xml_safe(value):
    """Text without the control characters XML 1.0 forbids (autoescaping does the rest)."""
    return xml_text(value)
