"""The events' Django paths beside the page tree (docs/design/events.md §6.1): the public
calendar feed, registration, the ticket page and its private calendar file, and the reader's
own registrations. Included inside i18n_patterns before the accounts' /tai-khoan/ paths, so that
/tai-khoan/su-kien/ is ours. `ve`, `lich`, `calendar`, `ticket` are reserved child slugs of the
events index: no event page can shadow these paths."""

from django.urls import path

from infofinance.core.urls import localized_route

from . import views

app_name = "events"
urlpatterns = [
    path(
        localized_route("su-kien/lich.ics", "events/calendar.ics"),
        views.calendar_feed,
        name="calendar_ics",
    ),
    path(
        localized_route("su-kien/ve/<str:token>/", "events/ticket/<str:token>/"),
        views.ticket,
        name="ticket",
    ),
    path(
        localized_route(
            "su-kien/ve/<str:token>/lich.ics", "events/ticket/<str:token>/calendar.ics"
        ),
        views.ticket_ics,
        name="ticket_ics",
    ),
    path(
        localized_route("su-kien/<slug:slug>/dang-ky/", "events/<slug:slug>/register/"),
        views.register,
        name="register",
    ),
    path(localized_route("tai-khoan/su-kien/", "account/events/"), views.mine, name="mine"),
]
