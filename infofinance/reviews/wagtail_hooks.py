"""Staff moderate reviews in the admin: hide one with a reason (it then counts nowhere)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import EditView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from . import services
from .models import Review


class YesNoColumn(Column):
    """A boolean as a word of the staff member's language, not Python's True/False."""

    def get_value(self, instance):
        return _("Yes") if super().get_value(instance) else _("No")


class ReviewInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return "—" if value in (None, "") else value


class ReviewEditView(EditView):
    def save_instance(self):
        # Through the service: hiding a review tells its author (services.moderate).
        return services.moderate(self.form.instance, save=super().save_instance)


class ReviewViewSet(ModelViewSet):
    model = Review
    icon = "pick"
    menu_label = _("Broker reviews")
    menu_order = 230
    add_to_admin_menu = True
    list_display = [
        "broker",
        "rating",
        "user",
        YesNoColumn("hidden", label=Review._meta.get_field("hidden").verbose_name),
        "created_at",
    ]
    list_filter = ["hidden", "rating"]
    search_fields = ["comment", "broker__name"]
    inspect_view_enabled = True
    edit_view_class = ReviewEditView
    inspect_view_class = ReviewInspectView

    def get_queryset(self, request):
        return Review.objects.select_related("broker", "user")


@hooks.register("register_admin_viewset")
def register_review_viewset():
    return ReviewViewSet("broker_reviews")
