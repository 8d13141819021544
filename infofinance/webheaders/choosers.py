"""Wagtail's chooser widgets without their inline script.

Wagtail 8.0.1's BaseChooser.render (wagtail/admin/widgets/chooser.py) ends every chooser's HTML
(images, documents, pages, snippets, tasks) with `<script>new XChooser(id, options);</script>`.
The admin's Content-Security-Policy blocks it, and a widget has no request to take the nonce
from. This render makes the same call through data- attributes that static/webheaders/
admin-init.js reads. It copies Wagtail's method (tests/test_headers.py pins the copied source):
re-check it when Wagtail is upgraded. A chooser with a script of its own (a render_js_init
other than BaseChooser's or AdminTaskChooser's) keeps Wagtail's render."""

import json

from django.utils.html import format_html
from wagtail.admin.widgets import BaseChooser
from wagtail.admin.widgets.workflows import AdminTaskChooser

wagtail_render = BaseChooser.render


def _init_element(kind: str, id_: str, options: dict | None = None, factory: str = ""):
    return format_html(
        '<span hidden data-controller="csp-init" data-csp-init-kind-value="{}"'
        ' data-csp-init-id-value="{}" data-csp-init-options-value="{}"'
        ' data-csp-init-factory-value="{}"></span>',
        kind,
        id_,
        json.dumps(options or {}),
        factory,
    )


def render(self, name, value, attrs=None, renderer=None):
    js_init = type(self).render_js_init
    if js_init is AdminTaskChooser.render_js_init:
        kind = "task-chooser"
    elif js_init is BaseChooser.render_js_init:
        kind = "chooser"
    else:
        return wagtail_render(self, name, value, attrs, renderer)
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as e:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from e
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    if kind == "task-chooser":
        return format_html("{}{}", widget_html, _init_element(kind, id_))
    options = self.get_js_init_options(id_, name, value_data)
    return format_html(
        "{}{}", widget_html, _init_element(kind, id_, options, factory=self.js_constructor)
    )


def install() -> None:
    BaseChooser.render = render
