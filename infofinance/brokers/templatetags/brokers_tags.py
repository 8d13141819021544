"""Template helpers of the Brokers Hub: score labels and the score chart's geometry."""

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from infofinance.text.language import current_language

register = template.Library()

SCORE_LABELS = {
    "licence": _("Licence"),
    "market": _("Market"),
    "business": _("Business"),
    "risk": _("Risk control"),
    "software": _("Software"),
}
STATUS_LABELS = {
    "active": _("Active"),
    "expired": _("Expired"),
    "suspended": _("Suspended"),
    "revoked": _("Revoked"),
    # "broker clone": a firm passing itself off as a licensed one (mạo danh, not giả mạo).
    "clone": pgettext_lazy("broker clone", "Clone warning"),
    "none": _("No licence"),
}


@register.filter
def score_label(key):
    return SCORE_LABELS.get(key, key)


@register.filter
def status_label(key):
    return STATUS_LABELS.get(key, key)


@register.filter
def warning_label(code):
    """An automatic warning's name in the page's language."""
    from infofinance.brokers.warnings import LABELS

    return LABELS.get(code, code)


@register.filter
def bar_width(score, full=200) -> str:
    """Width in px of a 0–10 score's bar in the chart, for the markup: a string with a decimal
    point in every language (a number would be localized to `200,0` on Vietnamese pages)."""
    try:
        width = max(0.0, min(float(score) / 10 * float(full), float(full)))
    except (TypeError, ValueError):
        width = 0.0
    return f"{width:.1f}"


@register.filter
def country_name(code):
    """An ISO country code as the reader's language names it."""
    from infofinance.brokers.selectors import country_name as name

    return name(code) if code else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def score_class(score):
    value = float(score or 0)
    return "high" if value >= 7.5 else "mid" if value >= 5 else "low"


@register.simple_tag
def compare_url(*slugs) -> str:
    """The comparison of `slugs` in the current language (`?san=` / `?brokers=`)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from infofinance.brokers.views import COMPARE_PARAMS

    param = COMPARE_PARAMS.get(current_language(), COMPARE_PARAMS["vi"])
    return f"{reverse('brokers:compare')}?{urlencode({param: ','.join(s for s in slugs if s)})}"


@register.simple_tag
def compare_without(brokers, removed) -> str:
    return compare_url(*(b.slug for b in brokers if b.pk != removed.pk))
