"""The markets in the Wagtail admin: a "Markets" menu with indicators, releases (their form
saves through services.save_release; each has an "as shown at" page of its revisions),
instruments, prices (saved through services.record_price), import sources and the upload of
an import file (releases or prices). Who sees what follows the `markets.*` model permissions
(the "Market editors" group, setup.py)."""

import django_filters
from django.db import models
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from . import admin_views
from .models import ImportSource, Indicator, Instrument, Price, Release


class RevisionsColumn(Column):
    cell_template_name = "markets/admin/revisions_cell.html"


def shown(name: str, label) -> Column:
    """A choice shown by its translated label (never its code)."""
    return Column(name, label=label, accessor=f"get_{name}_display", sort_key=name)


def yes_no(name: str, label) -> Column:
    return Column(
        name, label=label, accessor=lambda row: _("yes") if getattr(row, name) else _("no")
    )


class MarketsViewSet(ModelViewSet):
    """Addresses typed without a scheme are taken as https."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, **kwargs)


class IndicatorViewSet(MarketsViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Indicators")
    url_prefix = "markets/indicators"
    list_display = [
        "code",
        "name_vi",
        "country",
        shown("category", _("category")),
        shown("unit", _("unit")),
        shown("importance", _("usual importance")),
    ]
    list_filter = ["country", "category", "importance"]
    search_fields = ["code", "name_vi", "name_en"]
    ordering = ["country", "code"]
    form_fields = [
        "code",
        "name_vi",
        "name_en",
        "country",
        "currency",
        "category",
        "unit",
        "decimals",
        "importance",
        "period_kind",
        "source_name",
        "source_url",
        "release_zone",
    ]


class ReleaseFilterSet(WagtailFilterSet):
    # Vietnam days: the range is read in the admin's zone (TIME_ZONE, Asia/Ho_Chi_Minh).
    scheduled = django_filters.DateFromToRangeFilter(
        field_name="scheduled_at",
        label=_("scheduled (Vietnam days)"),
        widget=DateRangePickerWidget,
    )

    class Meta:
        model = Release
        fields = ["indicator", "country", "status"]


class PriceFilterSet(WagtailFilterSet):
    day = django_filters.DateFromToRangeFilter(
        field_name="at", label=_("as of (Vietnam days)"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Price
        fields = ["instrument"]


class ReleaseViewSet(MarketsViewSet):
    model = Release
    icon = "date"
    menu_label = _("Releases")
    url_prefix = "markets/releases"
    add_view_class = admin_views.ReleaseCreateView
    edit_view_class = admin_views.ReleaseEditView
    delete_view_class = admin_views.ReleaseDeleteView
    list_display = [
        "indicator",
        "period_start",
        "scheduled_at",
        shown("status", _("status")),
        shown("importance", _("importance")),
        "actual",
        "forecast",
        "previous",
        RevisionsColumn("revisions", label=_("revisions"), accessor="pk"),
    ]
    filterset_class = ReleaseFilterSet
    search_fields = ["indicator__code", "indicator__name_vi", "indicator__name_en"]
    ordering = ["-scheduled_at"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return admin_views.ReleaseForm

    def get_queryset(self, request):
        return Release.objects.select_related("indicator")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revisions/<int:pk>/", admin_views.release_revisions, name="revisions"),
        ]


class InstrumentViewSet(MarketsViewSet):
    model = Instrument
    icon = "pick"
    menu_label = _("Instruments")
    url_prefix = "markets/instruments"
    list_display = ["code", "symbol", "name_vi", shown("kind", _("kind")), "quote_currency"]
    list_filter = ["kind"]
    search_fields = ["code", "symbol", "name_vi", "name_en"]
    form_fields = [
        "code",
        "symbol",
        "name_vi",
        "name_en",
        "kind",
        "quote_currency",
        "decimals",
        "source_name",
        "moved_by",
    ]


class PriceViewSet(MarketsViewSet):
    model = Price
    icon = "form"
    menu_label = _("Prices")
    url_prefix = "markets/prices"
    add_view_class = admin_views.PriceCreateView
    edit_view_class = admin_views.PriceEditView
    list_display = ["instrument", "at", "close", "source"]
    filterset_class = PriceFilterSet
    ordering = ["-at"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return admin_views.PriceForm

    def get_queryset(self, request):
        return Price.objects.select_related("instrument")


class ImportSourceViewSet(MarketsViewSet):
    model = ImportSource
    icon = "download"
    menu_label = _("Import sources")
    url_prefix = "markets/import-sources"
    list_display = [
        "name",
        shown("content", _("content")),
        "url",
        shown("format", _("format")),
        "interval_minutes",
        yes_no("enabled", _("enabled")),
        "last_run_at",
        "last_result",
    ]
    form_fields = ["name", "content", "url", "format", "interval_minutes", "enabled"]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_import(request.user)


class MarketsGroup(ModelViewSetGroup):
    menu_label = _("Markets")
    menu_icon = "date"
    menu_name = "markets"
    menu_order = 240
    items = (
        IndicatorViewSet("markets_indicators"),
        ReleaseViewSet("markets_releases"),
        InstrumentViewSet("markets_instruments"),
        PriceViewSet("markets_prices"),
        ImportSourceViewSet("markets_import_sources"),
    )

    def get_submenu_items(self):
        upload = ImportMenuItem(
            _("Import releases or prices"),
            reverse("markets_import_releases"),
            name="markets-import",
            icon_name="upload",
            order=1000,
        )
        return [*super().get_submenu_items(), upload]


@hooks.register("register_admin_viewset")
def register_markets_viewsets():
    return MarketsGroup()


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("markets/import/", admin_views.import_releases, name="markets_import_releases"),
    ]
