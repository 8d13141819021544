"""`{% chrome "name" key=value ... %}…{% endchrome %}`: a part of the site's chrome (header,
navigation, footer) rendered once per process for each language and set of values, instead of
on every page.

The block sees only the values it is given (a fresh context), so whatever it shows is in its
key: a value it is not given renders empty instead of leaking from one page or reader to
another. Values must be plain data (strings, numbers, booleans, None, lists and dicts of
them), whose text is their content; `{% translate %}`, `{% url %}` and `{% static %}` inside
follow the active language and script prefix, which are part of the key too.

With the fast path off the block is rendered on every page, in the same fresh context."""

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.template.context import Context
from django.urls import get_script_prefix
from django.utils.functional import LazyObject, empty
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from infofinance.fastpath import enabled

register = template.Library()

MAX_FRAGMENTS = 512
_fragments: dict[tuple[Any, ...], str] = {}


def _plain(value: Any) -> Any:
    """A hashable copy of `value`, refusing anything but plain data."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_plain(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    raise template.TemplateSyntaxError(
        f"{{% chrome %}} takes plain data only, not {type(value).__name__}"
    )


class ChromeNode(template.Node):
    def __init__(self, name: str, values: dict[str, FilterExpression], nodelist: NodeList):
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context: Context) -> str:
        values = {name: value.resolve(context) for name, value in self.values.items()}
        key = (
            self.name,
            get_language(),
            get_script_prefix(),
            tuple(sorted((name, _plain(value)) for name, value in values.items())),
        )
        if not enabled():  # checked as above, so that a template fails alike either way
            return self.nodelist.render(context.new(values))
        html = _fragments.get(key)
        if html is None:
            html = self.nodelist.render(context.new(values))
            if len(_fragments) >= MAX_FRAGMENTS:
                _fragments.clear()
            _fragments[key] = html
        return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


@register.tag
def chrome(parser: Parser, token: Token) -> ChromeNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% chrome "name" key=value … %} needs a quoted name')
    values = token_kwargs(bits[2:], parser)
    if len(values) != len(bits) - 2:
        raise template.TemplateSyntaxError("{% chrome %} takes key=value arguments only")
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    return ChromeNode(bits[1][1:-1], values, nodelist)
