"""The reader's own pages: profile, and data rights (download everything, delete the account).
Every view needs a login; writes are POST with CSRF."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from infofinance.text.language import current_language

from . import selectors, services
from .adapter import home_in
from .forms import DeleteAccountForm, ProfileForm


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile has been saved."))
        with translation.override(user.preferred_language):
            return redirect(reverse("accounts:profile"))
    return render(
        request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def data_rights(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        language = current_language()
        services.delete_account(request, request.user)
        messages.success(request, _("Your account has been deleted."))
        return redirect(home_in(language))
    return render(
        request,
        "accounts/data_rights.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_POST
def export_data(request):
    data = selectors.export_everything(request.user)
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="infofinance-my-data-{stamp}.json"'
    return response


def too_many_requests(request, exception=None):
    """allauth's refusal of a rate-limited action (login, sign-up, password reset), logged."""
    from infofinance.audit.models import AccountEvent
    from infofinance.audit.services import record_account_event

    record_account_event(
        AccountEvent.Kind.RATE_LIMITED,
        request,
        user=request.user if request.user.is_authenticated else None,
        identifier=(request.POST.get("login") or request.POST.get("email") or "")[:254],
    )
    return render(request, "429.html", status=429)
