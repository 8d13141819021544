"""The events in the Wagtail admin: a menu group "Events" with the registrations and door
check-in (admin_views.py, shown to event managers and door staff), organisers and sponsors
(snippets); a link from an event page's editor to its attendees or its door."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import access, admin_views
from .models import EventPage, Organiser, Sponsor


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("events/", admin_views.index, name="events_admin_index"),
        path("events/<int:pk>/attendees/", admin_views.attendees, name="events_admin_attendees"),
        path("events/<int:pk>/attendees.csv", admin_views.export, name="events_admin_export"),
        path("events/<int:pk>/check-in/", admin_views.checkin, name="events_admin_checkin"),
        path("events/<int:pk>/check-in/scan/", admin_views.scan, name="events_admin_scan"),
        path("events/<int:pk>/status/", admin_views.status, name="events_admin_status"),
    ]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_events_staff(request.user)


class OrganiserViewSet(SnippetViewSet):
    model = Organiser
    icon = "group"
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]
    ordering = ["name"]


class SponsorViewSet(SnippetViewSet):
    model = Sponsor
    icon = "pick"
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]
    ordering = ["name"]


class EventsGroup(SnippetViewSetGroup):
    menu_label = _("Events")
    menu_icon = "date"
    menu_name = "events"
    menu_order = 230
    items = (OrganiserViewSet, SponsorViewSet)

    def get_submenu_items(self):
        # The registrations first; the group shows when any of its items does (door staff
        # see the registrations only).
        registrations = RegistrationsMenuItem(
            _("Registrations and check-in"),
            reverse("events_admin_index"),
            name="events-registrations",
            icon_name="list-ul",
            order=0,
        )
        return [registrations, *super().get_submenu_items()]


register_snippet(EventsGroup)


@hooks.register("register_page_header_buttons")
def event_page_buttons(page, user, view_name, next_url=None):
    if page.specific_class is not EventPage or not access.is_events_staff(user):
        return
    event = admin_views.page_event(page)
    if event is None:  # not published yet: no registrations
        return
    if access.can_manage(user):
        yield Button(
            _("Attendees"),
            reverse("events_admin_attendees", args=[event.pk]),
            icon_name="list-ul",
            priority=75,
        )
    if access.can_check_in(user):
        yield Button(
            _("Door check-in"),
            reverse("events_admin_checkin", args=[event.pk]),
            icon_name="success",
            priority=76,
        )


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("events.export", _("Export attendees"), _("Attendees exported (CSV)"))
