"""`{% slot "name" %}`: what other apps registered for this place of the page
(infofinance.wiring.slots)."""

from django import template

from .. import slots as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name, **position):
    return registry.render(name, context, **position)
