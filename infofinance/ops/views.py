"""The staff page of background work in the admin (Reports → Background tasks)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .selectors import tasks_health

PERMISSION = "ops.view_tasks_health"


@require_safe
def health(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return render(request, "ops/health.html", {"health": tasks_health()})
