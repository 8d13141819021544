"""Reports → Background tasks: for superusers and staff given "Can see the health of
background tasks"."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_urls():
    return [path("tasks-health/", views.health, name="ops_tasks_health")]


class HealthMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_reports_menu_item")
def register_health_menu_item():
    return HealthMenuItem(
        _("Background tasks"), reverse("ops_tasks_health"), icon_name="time", order=900
    )
