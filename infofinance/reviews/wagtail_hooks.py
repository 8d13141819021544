"""Staff moderate reviews in the admin: hide one with a reason (it then counts nowhere)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Review


class ReviewViewSet(ModelViewSet):
    model = Review
    icon = "pick"
    menu_label = _("Broker reviews")
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["broker", "rating", "user", "hidden", "created_at"]
    list_filter = ["hidden", "rating"]
    search_fields = ["comment", "broker__name"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Review.objects.select_related("broker", "user")


@hooks.register("register_admin_viewset")
def register_review_viewset():
    return ReviewViewSet("broker_reviews")
