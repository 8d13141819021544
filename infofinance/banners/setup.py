"""The "Banner managers" group, created after every migrate and by the demo loader
(idempotent): the banners and advertisers, their reports, and the images they upload (Wagtail's
image permissions on the root collection). Like all staff they pass the admin's second factor."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

MANAGERS = "Banner managers"
APPS = ("banners", "wagtailadmin", "wagtailimages")
CODENAMES = [
    "access_admin",
    *(
        f"{verb}_{model}"
        for model in ("banner", "advertiser")
        for verb in ("add", "change", "delete", "view")
    ),
]
IMAGE_PERMISSIONS = ("add_image", "choose_image")


def _fully_migrated(using="default") -> bool:
    """Whether every migration is applied: a migrate to an older state (tests of migrations do
    that) must not write rows a later migration of Wagtail's reshapes."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def ensure_groups(using="default", **kwargs) -> dict[str, Group]:
    for label in APPS:
        try:
            create_permissions(apps.get_app_config(label), verbosity=0, using=using)
        except LookupError:
            continue
    group, _created = Group.objects.using(using).get_or_create(name=MANAGERS)
    group.permissions.add(
        *Permission.objects.using(using).filter(
            Q(codename__in=CODENAMES, content_type__app_label__in=("banners", "wagtailadmin"))
        )
    )
    from wagtail.models import Collection, GroupCollectionPermission

    if _fully_migrated(using):
        root = Collection.get_first_root_node()
        if root is not None:
            for permission in Permission.objects.using(using).filter(
                content_type__app_label="wagtailimages", codename__in=IMAGE_PERMISSIONS
            ):
                GroupCollectionPermission.objects.using(using).get_or_create(
                    group=group, collection=root, permission=permission
                )
    return {MANAGERS: group}
