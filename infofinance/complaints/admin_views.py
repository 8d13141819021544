"""The back office in the Wagtail admin: the queue with filters and search, the case page, and
one POST endpoint per action. Every view and action checks access.py first and logs a refusal."""

import dataclasses

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from infofinance.audit.models import SecurityEvent
from infofinance.brokers.models import Broker

from . import access, selectors, services
from .forms import EvidenceField
from .models import (
    TRANSITIONS,
    CancellationRequest,
    Category,
    CloseReason,
    Complaint,
    Evidence,
    Status,
    Team,
)

QUEUE_SIZE = 50


def _require_handler(request):
    if not access.is_handler(request.user):
        services.log_refusal(request, "admin_queue", "not a complaint handler")
        raise PermissionDenied


def _case(request, uuid) -> Complaint:
    complaint = Complaint.objects.select_related("team").filter(uuid=uuid).first()
    if complaint is None:
        raise Http404
    if not access.can_view(request.user, complaint):
        services.log_refusal(request, "admin_case", "not visible to this staff member", complaint)
        raise PermissionDenied
    return complaint


def _require_lead(request, complaint):
    if not access.leads_case(request.user, complaint):
        services.log_refusal(request, "admin_lead_action", "team leader or manager only", complaint)
        raise PermissionDenied


def _filter_query(filters: selectors.QueueFilters) -> QueryDict:
    """The queue's filters, as the pages' links keep them (the cleaned values, not the request's
    own parameters)."""
    query = QueryDict(mutable=True)
    for name, value in dataclasses.asdict(filters).items():
        if value is True:
            query[name] = "1"
        elif value:
            query[name] = value
    return query


@require_safe
def queue(request):
    _require_handler(request)
    filters = selectors.QueueFilters.from_query(request.GET)
    visible = access.visible_to_staff(request.user)
    page_obj = Paginator(selectors.queue(visible, filters), QUEUE_SIZE).get_page(
        request.GET.get("page")
    )
    User = get_user_model()
    return render(
        request,
        "complaints/admin/queue.html",
        {
            "filters": filters,
            "page_obj": page_obj,
            "pagination_query": _filter_query(filters),
            "statuses": [s for s in Status.choices if s[0] != Status.DRAFT],
            "categories": Category.choices,
            "brokers": Broker.objects.filter(complaints__isnull=False).distinct().order_by("name"),
            "teams": Team.objects.all(),
            "assignees": User.objects.filter(assigned_complaints__isnull=False)
            .distinct()
            .order_by("username"),
            "ages": selectors.AGES,
            "can_see_log": access.is_manager(request.user),
            "held_count": selectors.held_count(visible),
        },
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"))
    close_reason = forms.ChoiceField(
        label=gettext_lazy("Close reason"),
        choices=[("", "—"), *CloseReason.choices],
        required=False,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (internal)"), max_length=300, required=False
    )

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(complaint.status, set())
        self.fields["status"].choices = [c for c in Status.choices if c[0] in allowed]


class AssignForm(forms.Form):
    team = forms.ModelChoiceField(Team.objects.all(), required=False, label=gettext_lazy("Team"))
    assignee = forms.ModelChoiceField(
        get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username"),
        required=False,
        label=gettext_lazy("Assignee"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not access.is_manager(user):
            # A leader assigns within the teams they lead.
            teams = Team.objects.filter(leader=user)
            self.fields["team"].queryset = teams
            self.fields["assignee"].queryset = (
                get_user_model()
                .objects.filter(is_active=True)
                .filter(Q(pk=user.pk) | Q(complaint_teams__leader=user))
                .distinct()
                .order_by("username")
            )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Internal note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = EvidenceField(label=gettext_lazy("Attachments"))


class UpdateForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Public update (the complainant sees it and gets an e-mail)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublicationForm(forms.Form):
    """Staff write what readers see; the reader's own title and description are never used.
    Each finding of the personal-data check is confirmed by ticking its key (`confirmed`)."""

    published = forms.BooleanField(label=gettext_lazy("Approved for publication"), required=False)
    public_title_vi = forms.CharField(
        label=gettext_lazy("Public title (Vietnamese; the address comes from it)"),
        max_length=200,
        required=False,
    )
    public_text_vi = forms.CharField(
        label=gettext_lazy("Public text (Vietnamese; remove every personal detail)"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    public_title_en = forms.CharField(
        label=gettext_lazy("Public title (English, optional)"), max_length=200, required=False
    )
    public_text_en = forms.CharField(
        label=gettext_lazy("Public text (English, optional)"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    highlighted = forms.BooleanField(
        label=gettext_lazy("Highlight on the broker's page"), required=False
    )
    hidden = forms.BooleanField(label=gettext_lazy("Hidden"), required=False)

    def public(self) -> dict[str, str]:
        return {field: self.cleaned_data[field] for field in services.PUBLIC_FIELDS}


def _publication_form(complaint, data=None):
    initial = {field: getattr(complaint, field) for field in services.PUBLIC_FIELDS}
    initial.update(
        published=complaint.published, highlighted=complaint.highlighted, hidden=complaint.hidden
    )
    return PublicationForm(data, auto_id="publication_%s", initial=initial)


@require_safe
def case(request, uuid):
    _require_handler(request)
    _case(request, uuid)
    return _render_case(request, uuid)


def _render_case(request, uuid, *, publication_form=None, findings=None, confirmed=(), status=200):
    complaint = selectors.staff_case(Complaint.objects.all(), uuid)
    leads = access.leads_case(request.user, complaint)
    if findings is None and leads:
        # What the check finds in the texts as saved: staff see it before they publish.
        texts = {field: getattr(complaint, field) for field in services.PUBLIC_FIELDS}
        findings = services.unconfirmed_findings(complaint, texts)
    return render(
        request,
        "complaints/admin/case.html",
        {
            "complaint": complaint,
            "evidence": [e for e in complaint.evidence.all() if e.note_id is None],
            "leads": leads,
            "status_form": StatusForm(complaint=complaint, auto_id="status_%s"),
            "assign_form": AssignForm(
                user=request.user,
                auto_id="assign_%s",
                initial={"team": complaint.team_id, "assignee": complaint.assignee_id},
            )
            if leads
            else None,
            "note_form": NoteForm(auto_id="note_%s"),
            "update_form": UpdateForm(auto_id="update_%s"),
            "publication_form": (publication_form or _publication_form(complaint))
            if leads
            else None,
            "findings": findings or [],
            "confirmed": set(confirmed),
        },
        status=status,
    )


def _back(complaint):
    return redirect("complaints_admin_case", uuid=complaint.uuid)


def _form_errors(request, form):
    for field, errors in form.errors.items():
        for error in errors:
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {error}" if label else error)


@require_POST
def action(request, uuid, name):
    _require_handler(request)
    complaint = _case(request, uuid)
    user = request.user
    try:
        if name == "status":
            form = StatusForm(request.POST, complaint=complaint)
            if not form.is_valid():
                _form_errors(request, form)
                return _back(complaint)
            services.change_status(
                complaint,
                form.cleaned_data["status"],
                user=user,
                close_reason=form.cleaned_data["close_reason"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Status changed."))
        elif name == "assign":
            _require_lead(request, complaint)
            form = AssignForm(request.POST, user=user)
            if not form.is_valid():
                services.log_refusal(
                    request, "admin_assign", "team or assignee not allowed", complaint
                )
                _form_errors(request, form)
                return _back(complaint)
            services.assign(complaint, user=user, **form.cleaned_data)
            messages.success(request, _("Assignment saved."))
        elif name == "note":
            form = NoteForm(request.POST, request.FILES)
            if not form.is_valid():
                _form_errors(request, form)
                return _back(complaint)
            services.add_note(
                complaint,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["attachments"],
                user=user,
            )
            messages.success(request, _("Internal note added."))
        elif name == "update":
            form = UpdateForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return _back(complaint)
            services.add_public_update(complaint, text=form.cleaned_data["text"], user=user)
            messages.success(request, _("Public update added and e-mailed to the complainant."))
        elif name == "publication":
            _require_lead(request, complaint)
            form = PublicationForm(request.POST)
            if not form.is_valid():
                _form_errors(request, form)
                return _back(complaint)
            data = form.cleaned_data
            confirmed = request.POST.getlist("confirmed")
            try:
                services.set_publication(
                    complaint,
                    published=data["published"],
                    public=form.public(),
                    confirmed=confirmed,
                    user=user,
                )
            except services.PersonalDataFound as error:
                # Nothing saved: the page again with what staff wrote and each finding to
                # clear (edit the text) or confirm (tick it).
                messages.error(request, str(error))
                return _render_case(
                    request,
                    complaint.uuid,
                    publication_form=form,
                    findings=error.findings,
                    confirmed=confirmed,
                    status=400,
                )
            services.set_flag(complaint, field="highlighted", value=data["highlighted"])
            services.set_flag(complaint, field="hidden", value=data["hidden"])
            messages.success(request, _("Publication saved."))
        elif name == "release":
            _require_lead(request, complaint)
            services.release_held(complaint, user=user)
            messages.success(request, _("The complaint is released."))
        elif name in ("accept", "refuse"):
            pending = complaint.cancellations.filter(
                decision=CancellationRequest.Decision.PENDING
            ).first()
            if pending is None:
                raise services.RuleError(_("There is no cancellation request to decide."))
            services.decide_cancellation(pending, accept=name == "accept", user=user)
            messages.success(request, _("Cancellation request decided."))
        else:
            raise Http404
    except services.RuleError as error:
        services.log_refusal(request, "admin_rule", str(error), complaint)
        messages.error(request, str(error))
    return _back(complaint)


@require_safe
def download(request, uuid, file):
    """Staff download of an evidence file or a note's attachment."""
    _require_handler(request)
    complaint = _case(request, uuid)
    evidence = (
        Evidence.objects.filter(uuid=file, complaint=complaint).select_related("complaint").first()
    )
    if evidence is None:
        raise Http404
    from .views import evidence_response

    return evidence_response(evidence)


@require_safe
def security_log(request):
    if not access.is_manager(request.user):
        services.log_refusal(request, "admin_security_log", "managers only")
        raise PermissionDenied
    page_obj = Paginator(
        SecurityEvent.objects.select_related("user", "complaint"), QUEUE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "complaints/admin/security_log.html", {"page_obj": page_obj})
