"""The complaint centre's blocks on other apps' pages, registered into their slots from
ComplaintsConfig.ready() (infofinance.wiring.slots)."""

from . import selectors


def home_stylesheet(context):
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("complaints/blocks.css"))


def home_latest(context):
    return "complaints/components/home_block.html", {"complaints": selectors.latest_public(4)}


def broker_block(context):
    broker = context["broker"]
    return "complaints/components/broker_block.html", {
        "broker": broker,
        "block": selectors.broker_complaints(broker),
    }
