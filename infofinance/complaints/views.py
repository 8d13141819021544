"""Readers' pages: public complaint listings and pages (cacheable: no form, no cookie), the form to
report a broker, "my complaints" with the timeline, evidence added later, cancellation requests,
and the permission-checked evidence download."""

import uuid as uuidlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from infofinance.brokers.models import Broker
from infofinance.core.structured_data import breadcrumb_list
from infofinance.core.urls import reverse_in
from infofinance.text.language import current_language

from . import access, limits, selectors, services, uploads
from .forms import CancellationForm, ComplaintForm, EvidenceForm
from .models import PUBLICATION_CONSENT_TEXT, Category, Complaint, Evidence, Status

PAGE_SIZE = 20


def _language() -> str:
    return current_language()


def _home():
    return ("Info Finance", "/en/" if _language() == "en" else "/")


def _alternates(name: str, **kwargs) -> dict[str, str]:
    return {language: reverse_in(language, name, **kwargs) for language in ("vi", "en")}


def category_links(active: str = "") -> list[dict]:
    language = _language()
    return [
        {
            "category": category,
            "label": label,
            "url": reverse(
                "complaints:category",
                kwargs={"category": selectors.category_slug(category, language)},
            ),
            "active": category == active,
        }
        for category, label in Category.choices
    ]


# Public pages.


def _listing(request, *, category: str = "", alternates: dict, title: str):
    broker = None
    broker_slug = (request.GET.get("broker") or "")[:100]
    if broker_slug:
        broker = Broker.objects.filter(slug=broker_slug, hidden=False).first()
    queryset = selectors.public_complaints(category=category or None, broker=broker)
    if broker_slug and broker is None:
        queryset = queryset.none()  # an unknown or hidden broker has no public complaints
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    index_url = reverse("complaints:index")
    crumbs = [_home()]
    if category:
        crumbs.append((_("Complaints"), index_url))
    return render(
        request,
        "complaints/index.html",
        {
            "page_obj": page_obj,
            "categories": category_links(category),
            "category": category,
            "broker": broker,
            "pagination_query": QueryDict.fromkeys(["broker"], broker.slug) if broker else None,
            "heading": title,
            "breadcrumbs": crumbs,
            "alternates": alternates,
            "noindex": broker_slug != "",
            "structured_data": [breadcrumb_list(crumbs, (title, request.path))],
        },
    )


@require_safe
def index(request):
    return _listing(request, alternates=_alternates("complaints:index"), title=_("Complaints"))


@require_safe
def category(request, category):
    language = _language()
    found = selectors.category_from_slug(category, language)
    if found is None:
        raise Http404
    alternates = {
        lang: reverse_in(lang, "complaints:category", category=selectors.category_slug(found, lang))
        for lang in ("vi", "en")
    }
    return _listing(request, category=found, alternates=alternates, title=Category(found).label)


@require_safe
def detail(request, slug):
    complaint = selectors.public_complaint(slug)
    if complaint is None:
        if selectors.is_retired_slug(slug):
            # Made from a reader's own title: gone for good, never redirected.
            return render(request, "complaints/gone.html", {"noindex": True}, status=410)
        raise Http404
    crumbs = [_home(), (_("Complaints"), reverse("complaints:index"))]
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "categories": category_links(complaint.category),
            "category_url": reverse(
                "complaints:category",
                kwargs={"category": selectors.category_slug(complaint.category, _language())},
            ),
            "breadcrumbs": crumbs,
            "alternates": _alternates("complaints:detail", slug=slug),
            "structured_data": [breadcrumb_list(crumbs, (complaint.public_title, request.path))],
        },
    )


# Reporting a broker.


def _initial(user, request) -> dict:
    initial = {
        "full_name": getattr(user, "display_name", "") or user.get_full_name(),
        "email": user.email,
        "phone": getattr(user, "phone", "") or "",
        "token": uuidlib.uuid4(),
    }
    slug = (request.GET.get("broker") or "")[:100]
    if slug:
        initial["broker"] = Broker.objects.filter(slug=slug, hidden=False).first()
    return initial


def too_many(request, error: limits.LimitExceeded) -> HttpResponse:
    """Over a daily limit: nothing was saved; a localized 429 page says which limit and when."""
    services.log_refusal(request, "rate_limited", f"{error.quota.kind} per {error.scope}")
    return render(
        request,
        "complaints/too_many.html",
        {"message": error.message, "noindex": True},
        status=429,
    )


def _evidence_bytes(files) -> int:
    return sum(len(clean.content) for clean in files or ())


def _log_upload_refusals(request, form):
    problems = form.errors.get("evidence")
    if problems or getattr(request, "oversized_uploads", None):
        services.log_refusal(request, "unsafe_upload", "; ".join(problems or []))


def _limit_uploads(request) -> HttpResponse | None:
    """Before anything reads the body: refuse a request larger than the form could ever be,
    and cut off each oversized file as it arrives."""
    try:
        length = int(request.headers.get("content-length") or 0)
    except ValueError:
        length = 0
    if length > uploads.max_request_bytes():
        services.log_refusal(request, "upload_too_large", f"{length} bytes")
        return render(request, "complaints/too_large.html", status=413)
    request.upload_handlers.insert(0, uploads.LimitedUploadHandler(request))
    return None


@csrf_exempt  # checked by csrf_protect below, once our upload handler is in place
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method == "POST" and (refusal := _limit_uploads(request)):
        return refusal
    return _submit(request)


@csrf_protect
def _submit(request, complaint: Complaint | None = None):
    if request.method == "POST":
        form = ComplaintForm(
            request.POST,
            request.FILES,
            instance=complaint,
            oversized=getattr(request, "oversized_uploads", ()),
        )
        if form.is_valid():
            send = "send" in request.POST
            data = {k: v for k, v in form.cleaned_data.items() if k in services.COMPLAINT_FIELDS}
            files = form.cleaned_data["evidence"]
            wanted = [(limits.EVIDENCE_BYTES, _evidence_bytes(files))]
            if complaint is None:
                wanted.append((limits.COMPLAINTS, 1))
                if selectors.sent_form(request.user, form.cleaned_data["token"]):
                    wanted = []  # the same form again: it finds the first complaint, saves nothing
            try:
                with limits.within(request, *wanted) as reservation:
                    saved, created = services.save_complaint(
                        user=request.user,
                        data=data,
                        files=files,
                        send=send,
                        token=form.cleaned_data["token"],
                        complaint=complaint,
                        language=_language(),
                        publication_consent=form.cleaned_data["publication_consent"],
                    )
                    if complaint is None and not created:
                        reservation.release()  # the same form again: nothing new was saved
            except limits.LimitExceeded as error:
                return too_many(request, error)
            except services.TokenTaken as error:
                services.log_refusal(request, "foreign_form_token", "")
                form.data = form.data.copy()
                form.data["token"] = str(uuidlib.uuid4())  # a fresh form for this account
                form.add_error(None, str(error))
            except services.RuleError as error:
                form.add_error(None, str(error))
            else:
                if complaint is None and not created:
                    services.log_refusal(request, "double_submit", "", saved)
                    messages.info(request, _("This form was already sent; here is your complaint."))
                elif send:
                    messages.success(
                        request,
                        _("Your complaint %(reference)s was sent. We will answer by e-mail.")
                        % {"reference": saved.reference},
                    )
                else:
                    messages.success(request, _("Your draft was saved. Send it when it is ready."))
                return redirect("complaints:mine_detail", uuid=saved.uuid)
        _log_upload_refusals(request, form)
    else:
        form = ComplaintForm(
            instance=complaint,
            initial=_initial(request.user, request)
            if complaint is None
            else {"token": uuidlib.uuid4()},
        )
    return render(
        request,
        "complaints/submit.html",
        {
            "form": form,
            "complaint": complaint,
            "alternates": _alternates("complaints:submit")
            if complaint is None
            else _alternates("complaints:mine_edit", uuid=complaint.uuid),
            "noindex": True,
            "max_files": uploads.max_files(),
        },
        status=200 if request.method == "GET" or form.is_valid() else 400,
    )


# The complainant's side.


def _own(request, uuid) -> Complaint:
    """The reader's own complaint, or a 404 that is logged when the complaint exists."""
    complaint = selectors.my_complaint(request.user, uuid)
    if complaint is None:
        other = Complaint.objects.filter(uuid=uuid).first()
        services.log_refusal(
            request, "foreign_complaint" if other else "unknown_complaint", "", other
        )
        raise Http404
    return complaint


@never_cache
@login_required
@require_safe
def mine(request):
    page_obj = Paginator(selectors.my_complaints(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "complaints/mine.html",
        {"page_obj": page_obj, "alternates": _alternates("complaints:mine"), "noindex": True},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mine_detail(request, uuid):
    complaint = _own(request, uuid)
    if request.method == "POST":
        return _publication_consent(request, complaint)
    pending = any(c.decision == "pending" for c in complaint.cancellations.all())
    return render(
        request,
        "complaints/mine_detail.html",
        {
            "complaint": complaint,
            "timeline": selectors.timeline(complaint),
            "evidence_form": EvidenceForm() if not complaint.is_final else None,
            "cancel_form": CancellationForm()
            if complaint.status != Status.DRAFT and not complaint.is_final and not pending
            else None,
            "pending_cancellation": pending,
            "publication_consent_text": PUBLICATION_CONSENT_TEXT,
            "alternates": _alternates("complaints:mine_detail", uuid=uuid),
            "noindex": True,
        },
    )


def _publication_consent(request, complaint):
    """The complainant gives or withdraws their consent to publication (POST, CSRF-checked by
    the middleware); withdrawing unpublishes the complaint at once."""
    choice = request.POST.get("publication")
    try:
        if choice == "withdraw":
            services.withdraw_publication_consent(complaint)
            messages.success(
                request,
                _("You withdrew your consent: the complaint is no longer published."),
            )
        elif choice == "give":
            services.give_publication_consent(complaint, language=_language())
            messages.success(
                request,
                _("Thank you: staff may publish this complaint, without your personal details."),
            )
        else:
            return HttpResponse(status=400)
    except services.RuleError as error:
        messages.error(request, str(error))
    return redirect("complaints:mine_detail", uuid=complaint.uuid)


@csrf_exempt
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mine_edit(request, uuid):
    complaint = _own(request, uuid)
    if complaint.status != Status.DRAFT:
        messages.error(request, _("This complaint has already been sent."))
        return redirect("complaints:mine_detail", uuid=uuid)
    if request.method == "POST" and (refusal := _limit_uploads(request)):
        return refusal
    return _submit(request, complaint)


@csrf_exempt
@never_cache
@login_required
@require_POST
def add_evidence(request, uuid):
    if refusal := _limit_uploads(request):
        return refusal
    return _add_evidence(request, uuid)


@csrf_protect
def _add_evidence(request, uuid):
    complaint = _own(request, uuid)
    form = EvidenceForm(request.POST, request.FILES, oversized=request.oversized_uploads)
    if form.is_valid():
        files = form.cleaned_data["evidence"]
        try:
            with limits.within(request, (limits.EVIDENCE_BYTES, _evidence_bytes(files))):
                services.add_evidence(complaint, files, request.user)
        except limits.LimitExceeded as error:
            return too_many(request, error)
        except services.RuleError as error:
            services.log_refusal(request, "rule", str(error), complaint)
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your evidence was added."))
        return redirect("complaints:mine_detail", uuid=uuid)
    _log_upload_refusals(request, form)
    for error in form.errors.get("evidence", []):
        messages.error(request, error)
    return redirect("complaints:mine_detail", uuid=uuid)


@never_cache
@login_required
@require_POST
def cancel(request, uuid):
    complaint = _own(request, uuid)
    form = CancellationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason for cancelling."))
        return redirect("complaints:mine_detail", uuid=uuid)
    try:
        services.request_cancellation(complaint, **form.cleaned_data)
    except services.RuleError as error:
        services.log_refusal(request, "rule", str(error), complaint)
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request was sent; staff will accept or refuse it."))
    return redirect("complaints:mine_detail", uuid=uuid)


@never_cache
@login_required
@require_safe
def evidence_file(request, uuid, file):
    evidence = (
        Evidence.objects.select_related("complaint__team")
        .filter(uuid=file, complaint__uuid=uuid)
        .first()
    )
    if evidence is None or not access.can_download(request, evidence):
        services.log_refusal(
            request, "evidence_download", "", evidence.complaint if evidence else None
        )
        raise Http404
    return evidence_response(evidence)


def evidence_response(evidence: Evidence) -> FileResponse:
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=evidence.content_type,
        as_attachment=not evidence.is_image,
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
