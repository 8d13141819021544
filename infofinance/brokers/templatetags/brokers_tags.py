"""Template helpers of the Brokers Hub: score labels and the score chart's geometry."""

from django import template
from django.utils.translation import gettext_lazy as _

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
    "clone": _("Clone warning"),
    "none": _("No licence"),
}


@register.filter
def score_label(key):
    return SCORE_LABELS.get(key, key)


@register.filter
def status_label(key):
    return STATUS_LABELS.get(key, key)


@register.filter
def bar_width(score, full=200):
    """Width in px of a 0–10 score's bar in the chart."""
    try:
        return round(float(score) / 10 * full, 1)
    except (TypeError, ValueError):
        return 0


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
