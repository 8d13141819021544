"""Its block on the home page (the slot "home.blocks"). Shown only where a test turns on
WIRING_APP_HOME_BLOCK, so the home page of every other test stays as readers see it, without a
query more."""

from django.conf import settings


def home_block(context):
    if not getattr(settings, "WIRING_APP_HOME_BLOCK", False):
        return None
    from .models import WiringPage

    page = context.get("page")
    pages = WiringPage.objects.live().filter(locale_id=getattr(page, "locale_id", None))
    return "wiring_app/home_block.html", {"wiring_pages": list(pages.order_by("title")[:3])}
