from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Broker, Platform, Product, Regulator


class BrokerViewSet(SnippetViewSet):
    model = Broker
    icon = "group"
    list_display = [
        "name",
        "abbreviation",
        "total_score",
        "licence_status",
        "has_warnings",
        "hidden",
        "updated_at",
    ]
    list_filter = ["hidden", "has_warnings", "licence_status", "badge", "country"]
    search_fields = ["name", "abbreviation", "website", "search_text"]
    ordering = ["name"]


class RegulatorViewSet(SnippetViewSet):
    model = Regulator
    icon = "pick"
    list_display = ["abbreviation", "name", "country", "tier"]
    list_filter = ["tier", "country"]
    search_fields = ["name", "abbreviation"]


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "list-ul"
    list_display = ["slug", "name_vi", "name_en"]


class PlatformViewSet(SnippetViewSet):
    model = Platform
    icon = "desktop"
    list_display = ["name", "slug"]


class BrokersHubGroup(SnippetViewSetGroup):
    menu_label = _("Brokers Hub")
    menu_icon = "group"
    menu_order = 210
    items = (BrokerViewSet, RegulatorViewSet, ProductViewSet, PlatformViewSet)


register_snippet(BrokersHubGroup)
