"""The accounts' security log in the admin (Settings › Account security log): read-only,
for staff with the 'view account security event' permission (superusers always)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic.models import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import AccountEvent


class ReadOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")


register_permission_policy(AccountEvent, ReadOnlyPolicy(AccountEvent))


class AccountEventInspectView(InspectView):
    """Empty values as a dash, not Python's None."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value


class AccountEventViewSet(ModelViewSet):
    model = AccountEvent
    icon = "warning"
    menu_label = _("Account security log")
    add_to_settings_menu = True
    list_display = [
        "created_at",
        "kind",
        "identifier",
        "user",
        "ip_address",
        "path",
        "detail",
        "count",
        "last_seen_at",
    ]
    list_filter = ["kind"]
    search_fields = ["identifier", "ip_address", "path"]
    inspect_view_enabled = True
    inspect_view_class = AccountEventInspectView
    form_fields = ["kind", "identifier", "detail"]
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_account_events():
    return AccountEventViewSet("account_events")
