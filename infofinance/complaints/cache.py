"""Which cached pages the complaint centre's changes make stale (registered with the page cache
from ComplaintsConfig.ready()), and the public lists' query parameters.

A complaint moves its page (`complaint:<id>`), the public lists (`complaints`) and its broker's
list (`complaints:broker:<id>`); a row belonging to a complaint (updates, evidence, history)
moves that complaint's page; any other row of the app the public lists."""

from django.apps import apps

from infofinance.pagecache import registry, tags

from .models import Complaint

PARAMS = ("broker", "page")


def complaint_changed(complaint, created, deleted) -> set[str]:
    return {
        tags.complaint(complaint.pk),
        tags.COMPLAINTS,
        tags.complaints_of_broker(complaint.broker_id),
    }


def part_changed(row, created, deleted) -> set[str]:
    complaint_id = getattr(row, "complaint_id", None)
    return {tags.complaint(complaint_id)} if complaint_id else {tags.COMPLAINTS}


def register() -> None:
    for model in apps.get_app_config("complaints").get_models(include_auto_created=True):
        registry.register(model, part_changed)
    registry.register(Complaint, complaint_changed)
    registry.register_params(*PARAMS)
