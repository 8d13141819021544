"""The complaint centre's groups, created after every migrate (so `make run` and tests have
them): managers see and handle every case and manage teams; handlers work the cases of their team
or assigned to them. Both may reach the Wagtail admin."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

APPS = ("complaints", "reviews", "wagtailadmin", "audit")  # audit: view_securityevent
GROUPS = {
    "Complaint managers": [
        "access_admin",
        "handle_complaints",
        "manage_all_complaints",
        "add_team",
        "change_team",
        "delete_team",
        "view_team",
        "view_securityevent",
        "change_review",
        "view_review",
    ],
    "Complaint handlers": ["access_admin", "handle_complaints"],
}


def ensure_groups(using="default", **kwargs) -> dict[str, Group]:
    # Our post_migrate handler may run before auth's: make sure the permissions exist.
    for label in APPS:
        if apps.is_installed(f"infofinance.{label}") or label == "wagtailadmin":
            try:
                create_permissions(apps.get_app_config(label), verbosity=0, using=using)
            except LookupError:
                continue
    groups = {}
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.using(using).filter(
                Q(codename__in=codenames, content_type__app_label__in=APPS)
            )
        )
        groups[name] = group
    return groups
