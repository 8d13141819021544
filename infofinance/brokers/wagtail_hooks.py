from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Broker, Platform, Product, Regulator
from .templatetags.brokers_tags import status_label


class YesNoColumn(BooleanColumn):
    """A tick or a cross, named "Có" / "Không" in the staff's language (Wagtail's own names
    them "True" / "False")."""

    cell_template_name = "brokers/admin/boolean_cell.html"


class BrokerViewSet(SnippetViewSet):
    model = Broker
    icon = "group"
    # Staff read the admin in Vietnamese: labels come from the models' translated verbose
    # names, codes are shown as their labels and booleans as icons (never "True"/"False").
    list_display = [
        "name",
        "abbreviation",
        "total_score",
        Column(
            "licence_status",
            label=_("licence status"),
            accessor=lambda broker: status_label(broker.licence_status),
            sort_key="licence_status",
        ),
        Column("badge", label=_("badge"), accessor="get_badge_display", sort_key="badge"),
        YesNoColumn("has_warnings", label=_("has warnings"), sort_key="has_warnings"),
        YesNoColumn("hidden", label=_("hidden"), sort_key="hidden"),
        "updated_at",
    ]
    list_filter = ["hidden", "has_warnings", "licence_status", "badge", "country"]
    search_fields = ["name", "abbreviation", "website", "search_text"]
    ordering = ["name"]


class RegulatorViewSet(SnippetViewSet):
    model = Regulator
    icon = "pick"
    list_display = [
        "abbreviation",
        "name",
        "country",
        Column("tier", label=_("tier"), accessor="get_tier_display", sort_key="tier"),
    ]
    list_filter = ["tier", "country"]
    search_fields = ["name", "abbreviation"]


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "list-ul"
    list_display = ["slug", "name_vi", "name_en"]


class PlatformViewSet(SnippetViewSet):
    model = Platform
    icon = "desktop"
    list_display = ["name_vi", "name_en", "slug"]
    search_fields = ["name_vi", "name_en", "slug"]


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
