"""Complaint blocks that other apps' templates include (broker page, home page): the dependency
points from complaints to brokers, never back."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("complaints/components/broker_block.html")
def broker_complaints(broker):
    return {"broker": broker, "block": selectors.broker_complaints(broker)}


@register.inclusion_tag("complaints/components/home_block.html")
def latest_complaints(limit=4):
    return {"complaints": selectors.latest_public(limit)}
