from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
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


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("brokers/import/", admin_views.import_view, name="brokers_import"),
        path("brokers/export/", admin_views.export_view, name="brokers_export"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import brokers"), reverse("brokers_import"), icon_name="upload", order=215
    )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def refresh_saved_broker(request, instance):
    """The editor saved a broker (its aliases and licences with it): derived scores and warnings
    follow, as with every other writer (services.save_broker)."""
    if isinstance(instance, Broker):
        from .services import refresh_broker

        refresh_broker(instance.pk)
