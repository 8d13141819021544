"""Newsroom links for templates: a section's or a tag's listing in its own language."""

from django import template

from infofinance.news import selectors

register = template.Library()


@register.filter
def section_url(section):
    return selectors.section_url(section) if section else ""


@register.filter
def tag_url(tag):
    return selectors.tag_url(tag) if tag else ""
