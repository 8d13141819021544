"""The banners in the Wagtail admin: a "Banners" menu with the banners (saved through
services.save_banner), the advertisers and the reports. Who sees what follows the `banners.*`
model permissions (the "Banner managers" group, setup.py)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from . import admin_views
from .models import Advertiser, Banner


def shown(name: str, label) -> Column:
    return Column(name, label=label, accessor=f"get_{name}_display", sort_key=name)


class BannerViewSet(ModelViewSet):
    model = Banner
    icon = "image"
    menu_label = _("Banners")
    url_prefix = "banners/banners"
    add_view_class = admin_views.BannerCreateView
    edit_view_class = admin_views.BannerEditView
    list_display = [
        "name",
        "advertiser",
        shown("placement", _("placement")),
        "language",
        "starts_at",
        "ends_at",
        "weight",
        shown("status", _("status")),
    ]
    list_filter = ["placement", "language", "status", "advertiser"]
    search_fields = ["name", "link", "advertiser__name"]
    ordering = ["-starts_at"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return admin_views.BannerForm

    def get_queryset(self, request):
        return Banner.objects.select_related("advertiser")


class AdvertiserViewSet(ModelViewSet):
    model = Advertiser
    icon = "user"
    menu_label = _("Advertisers")
    url_prefix = "banners/advertisers"
    list_display = ["name", "broker"]
    search_fields = ["name"]
    form_fields = ["name", "broker", "notes"]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("banners.view_banner")


class BannersGroup(ModelViewSetGroup):
    menu_label = _("Banners")
    menu_icon = "image"
    menu_name = "banners"
    menu_order = 260
    items = (BannerViewSet("banners_banner"), AdvertiserViewSet("banners_advertiser"))

    def get_submenu_items(self):
        reports = ReportsMenuItem(
            _("Reports"),
            reverse("banners_reports"),
            name="banners-reports",
            icon_name="doc-full",
            order=1000,
        )
        return [*super().get_submenu_items(), reports]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return BannersGroup()


@hooks.register("register_admin_urls")
def register_report_urls():
    from . import admin_reports

    return admin_reports.urlpatterns
