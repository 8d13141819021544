"""The complaint centre in the Wagtail admin: the queue and case pages (admin_views.py), teams
(a model viewset for managers) and the log of refused attempts."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from . import access, admin_views
from .models import Team


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("complaints/", admin_views.queue, name="complaints_admin_queue"),
        path("complaints/refused/", admin_views.security_log, name="complaints_admin_log"),
        path("complaints/case/<uuid:uuid>/", admin_views.case, name="complaints_admin_case"),
        path(
            "complaints/case/<uuid:uuid>/files/<uuid:file>/",
            admin_views.download,
            name="complaints_admin_file",
        ),
        path(
            "complaints/case/<uuid:uuid>/<slug:name>/",
            admin_views.action,
            name="complaints_admin_action",
        ),
    ]


class HandlerMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_handler(request.user)


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_manager(request.user)


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return HandlerMenuItem(
        _("Complaints"), reverse("complaints_admin_queue"), icon_name="warning", order=220
    )


@hooks.register("register_admin_menu_item")
def register_log_menu_item():
    return ManagerMenuItem(
        _("Refused attempts"), reverse("complaints_admin_log"), icon_name="lock", order=225
    )


class TeamViewSet(ModelViewSet):
    model = Team
    icon = "group"
    menu_label = _("Complaint teams")
    menu_order = 221
    add_to_admin_menu = True
    list_display = ["name", "leader"]
    form_fields = ["name", "leader", "members"]


@hooks.register("register_admin_viewset")
def register_team_viewset():
    return TeamViewSet("complaint_teams")
