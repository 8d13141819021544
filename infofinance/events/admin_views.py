"""The events' staff pages in the Wagtail admin (docs/design/events.md §9): the events with
their counts, the attendee list with its actions and CSV export, status changes told to
attendees, and the door check-in on a phone. Every view asks access.py first (a refusal is
logged); the writes are the services'."""

import contextlib
import csv
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from wagtail.log_actions import log

from infofinance.audit.services import record_security_event
from infofinance.text.spreadsheet import formula_safe
from infofinance.webheaders.policy import allow_features

from . import access, selectors, services, tickets
from .forms_admin import CheckInForm, StaffAddForm, StatusForm
from .models import CheckInResult, CheckInSource, Event, Registration, Source, Status

PAGE_SIZE = 50
RECENT_SCANS = 10
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CSV_COLUMNS = [
    "ticket_code",
    "status",
    "name",
    "email",
    "language",
    "source",
    "registered_at",
    "confirmed_at",
    "checked_in_at",
]
# The banner's colour per result: green, amber, red.
LEVELS: dict[str, str] = {CheckInResult.OK: "ok", CheckInResult.ALREADY: "warning"}


def _refuse(request, action: str, detail: str):
    record_security_event(request, f"events_admin_{action}", detail, aggregate=True)
    raise PermissionDenied


def _require(request, allowed: bool, action: str, detail: str) -> None:
    if not allowed:
        _refuse(request, action, detail)


def _event(pk: int) -> Event:
    event = selectors.event_for_staff(pk)
    if event is None:
        raise Http404
    return event


def _title(event: Event) -> str:
    page = event.source_page
    return page.title if page is not None else _("Event %(id)s") % {"id": event.pk}


# -- the events ---------------------------------------------------------------------------


@require_safe
def index(request):
    _require(request, access.sees_events(request), "index", "not events staff")
    now = timezone.now()
    rows = [
        {"event": event, "title": _title(event), "counts": selectors.counts(event=event)}
        for event in selectors.staff_event_list(now=now)
    ]
    return render(
        request,
        "events/admin/index.html",
        {
            "rows": rows,
            "now": now,
            "can_manage": access.manages(request),
            "can_check_in": access.checks_in(request),
        },
    )


# -- attendees ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendeeFilters:
    status: str = ""
    checked_in: str = ""  # "yes" | "no" | ""
    source: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> "AttendeeFilters":
        """Only known values: anything else filters nothing (never an error page)."""
        status = query.get("status", "")
        source = query.get("source", "")
        checked_in = query.get("checked_in", "")
        return cls(
            status=status if status in Status.values else "",
            checked_in=checked_in if checked_in in ("yes", "no") else "",
            source=source if source in Source.values else "",
            q=" ".join(query.get("q", "").split())[:100],
        )

    def selector_kwargs(self) -> dict:
        return {
            "status": self.status or None,
            "checked_in": {"yes": True, "no": False}.get(self.checked_in),
            "source": self.source or None,
            "q": self.q,
        }

    def query(self) -> QueryDict:
        query = QueryDict(mutable=True)
        for name in ("status", "checked_in", "source", "q"):
            if getattr(self, name):
                query[name] = getattr(self, name)
        return query


def _attendees_url(event: Event, filters: AttendeeFilters, page: str = "") -> str:
    query = filters.query()
    if page:
        query["page"] = page
    url = reverse("events_admin_attendees", args=[event.pk])
    return f"{url}?{query.urlencode()}" if query else url


@require_http_methods(["GET", "HEAD", "POST"])
def attendees(request, pk):
    _require(request, access.manages(request), "attendees", "not an event manager")
    event = _event(pk)
    filters = AttendeeFilters.from_query(request.GET)
    add_form = StaffAddForm(auto_id="add_%s")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "add":
            add_form = StaffAddForm(request.POST, auto_id="add_%s")
            if add_form.is_valid():
                _add(request, event, add_form)
                return redirect(_attendees_url(event, filters, request.GET.get("page", "")))
            messages.error(request, _("The attendee was not added: correct the form below."))
        else:
            _row_action(request, event, action)
            return redirect(_attendees_url(event, filters, request.GET.get("page", "")))
    page_obj = Paginator(selectors.attendees(event=event, **filters.selector_kwargs()), PAGE_SIZE)
    page_obj = page_obj.get_page(request.GET.get("page"))
    for registration in page_obj:
        registration.code_display = tickets.format_code(registration.ticket_code)
        # One per row and render: a double submit checks in once, two rows twice.
        registration.check_in_nonce = str(uuid.uuid4())
    return render(
        request,
        "events/admin/attendees.html",
        {
            "event": event,
            "title": _title(event),
            "counts": selectors.counts(event=event),
            "filters": filters,
            "page_obj": page_obj,
            "pagination_query": filters.query(),
            "export_query": filters.query().urlencode(),
            "statuses": Status.choices,
            "sources": Source.choices,
            "add_form": add_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _add(request, event: Event, form: StaffAddForm) -> None:
    data = form.cleaned_data
    try:
        outcome = services.staff_add(
            event,
            name=data["name"],
            email=data["email"],
            language=data["language"],
            by=request.user,
        )
    except (services.RegistrationError, services.RuleError) as error:
        messages.error(request, str(error))
        return
    name = outcome.registration.name
    if outcome.kind == "confirmed":
        messages.success(
            request, _("%(name)s is registered; the ticket is on its way.") % {"name": name}
        )
    elif outcome.kind == "waiting":
        messages.warning(
            request,
            _("The event is full: %(name)s is on the waiting list.") % {"name": name},
        )
    elif outcome.kind == "already":
        messages.warning(request, _("%(name)s is already registered.") % {"name": name})
    else:
        messages.success(request, _("%(name)s is registered.") % {"name": name})


def _row_action(request, event: Event, action: str) -> None:
    key = _uuid(request.POST.get("registration"))
    registration = selectors.event_registration(event=event, key=key)
    if registration is None:
        raise Http404
    name = registration.name
    try:
        if action == "cancel":
            outcome = services.cancel(registration, by=request.user, reason="staff")
            if outcome.kind == "already":
                messages.warning(request, _("This registration was already cancelled."))
            else:
                messages.success(
                    request, _("The registration of %(name)s is cancelled.") % {"name": name}
                )
        elif action == "promote":
            services.staff_promote(registration, by=request.user)
            messages.success(request, _("%(name)s now has a seat.") % {"name": name})
        elif action == "resend":
            if services.resend_ticket(registration, by=request.user):
                messages.success(
                    request, _("The ticket is sent again to %(name)s.") % {"name": name}
                )
            else:
                messages.warning(request, _("Only a confirmed registration has a ticket to send."))
        elif action == "check_in":
            result = services.check_in(
                event,
                registration.ticket_code,
                by=request.user,
                nonce=_nonce(request.POST.get("nonce")),
                source=CheckInSource.LIST,
            )
            answer = scan_answer(event, result)
            level = {"ok": messages.SUCCESS, "warning": messages.WARNING}.get(
                answer["level"], messages.ERROR
            )
            messages.add_message(request, level, answer["message"])
        else:
            raise Http404
    except (services.RegistrationError, services.RuleError) as error:
        messages.error(request, str(error))


def _uuid(value) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def _nonce(value) -> str:
    """The form's nonce (a double submit checks in once), or a new one."""
    return _uuid(value) or str(uuid.uuid4())


# -- CSV export ---------------------------------------------------------------------------


def _iso(value: datetime | None) -> str:
    return value.astimezone(VIETNAM).isoformat(timespec="seconds") if value else ""


def _answer(value) -> str:
    """A text as typed, choices joined, a consent as "yes" and the time it was given."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        if not value.get("accepted"):
            return ""
        at = value.get("at") or ""
        with contextlib.suppress(ValueError):  # a malformed time stays as it was stored
            at = _iso(datetime.fromisoformat(at)) if at else ""
        return f"yes {at}".strip()
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


def csv_rows(event: Event, registrations):
    keys = [spec["key"] for spec in event.questions or [] if spec.get("key")]
    yield CSV_COLUMNS + keys
    for r in registrations:
        answers = r.answers or {}
        yield [
            tickets.format_code(r.ticket_code),
            r.status,
            r.name,
            r.email,
            r.language,
            r.source,
            _iso(r.created_at),
            _iso(r.confirmed_at),
            _iso(r.checked_in_at),
            *(_answer(answers.get(key)) for key in keys),
        ]


class _Echo:
    def write(self, value):
        return value


@require_safe
def export(request, pk):
    _require(request, access.manages(request), "export", "not an event manager")
    event = _event(pk)
    filters = AttendeeFilters.from_query(request.GET)
    registrations = selectors.attendees(event=event, **filters.selector_kwargs())
    writer = csv.writer(_Echo())

    def stream():
        # A byte-order mark first: Excel then reads the file as UTF-8 (Vietnamese names).
        yield "\ufeff"
        for row in csv_rows(event, registrations.iterator(chunk_size=500)):
            yield writer.writerow([formula_safe(str(cell)) for cell in row])

    log(instance=event, action="events.export", user=request.user)
    slug = event.source_page.slug if event.source_page is not None else str(event.pk)
    day = timezone.now().astimezone(VIETNAM).date().isoformat()
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in stream()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="attendees-{slug}-{day}.csv"'
    response["Cache-Control"] = "no-store"
    return response


# -- status -------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def status(request, pk):
    _require(request, access.manages(request), "status", "not an event manager")
    event = _event(pk)
    form = StatusForm(request.POST or None, event=event, auto_id="status_%s")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                event,
                data["status"],
                by=request.user,
                message_vi=data["message_vi"],
                message_en=data["message_en"],
                new_starts_at=data["new_starts_at"],
                new_ends_at=data["new_ends_at"],
            )
        except (services.RegistrationError, services.RuleError) as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The status is changed; everyone registered or waiting is told by e-mail."),
            )
            return redirect("events_admin_index")
    return render(
        request,
        "events/admin/status.html",
        {"event": event, "title": _title(event), "form": form},
        status=400 if request.method == "POST" else 200,
    )


# -- door check-in ------------------------------------------------------------------------


def _time(value: datetime | None) -> str:
    """09:12 / 9:12 AM, Vietnam time; with the date when it is not today."""
    if value is None:
        return ""
    language = (translation.get_language() or "vi")[:2]
    language = language if language in ("vi", "en") else "vi"
    local = value.astimezone(VIETNAM)
    today = timezone.now().astimezone(VIETNAM).date()
    if local.date() == today:
        pattern = "HH:mm" if language == "vi" else "h:mm a"
    else:
        pattern = "HH:mm, dd/MM" if language == "vi" else "h:mm a, MMM d"
    return format_datetime(local, pattern, tzinfo=VIETNAM, locale=language)


def _result_of(result) -> tuple[str, Registration | None]:
    """The service's answer (a ScanOutcome) or a logged CheckIn row: both have `result` and
    `registration`."""
    code = getattr(result, "result", result)
    return str(getattr(code, "value", code)), getattr(result, "registration", None)


def scan_answer(event: Event, result) -> dict:
    """What the door's banner says about one scan (and the row of the recent scans)."""
    code, registration = _result_of(result)
    name = registration.name if registration is not None else ""
    at = by = ""
    if code == CheckInResult.OK:
        message = _("Checked in: %(name)s") % {"name": name}
    elif code == CheckInResult.ALREADY:
        # The first check-in's time and staff member (the outcome's, else the row's).
        first_at = getattr(result, "checked_in_at", None) or (
            registration.checked_in_at if registration is not None else None
        )
        first_by = getattr(result, "checked_in_by", None) or (
            registration.checked_in_by if registration is not None else None
        )
        at = _time(first_at)
        by = str(first_by) if first_by else ""
        if by:
            message = _("%(name)s: already checked in at %(time)s by %(staff)s") % {
                "name": name,
                "time": at,
                "staff": by,
            }
        else:
            message = _("%(name)s: already checked in at %(time)s") % {"name": name, "time": at}
    elif code == CheckInResult.OTHER_EVENT:
        other = registration.event if registration is not None else None
        message = _("This ticket is for another event: %(event)s") % {
            "event": _title(other) if other is not None else "?"
        }
        name = ""  # not this door's attendee
    elif code == CheckInResult.UNKNOWN:
        message = _("No ticket with this code")
    elif code == CheckInResult.CANCELLED:
        message = _("%(name)s: this registration is cancelled") % {"name": name}
    elif code == CheckInResult.NOT_CONFIRMED:
        message = _("%(name)s: this registration is not confirmed (no seat)") % {"name": name}
    elif code == CheckInResult.EVENT_CANCELLED:
        message = _("The event is cancelled")
    else:
        message = str(code)
    return {
        "result": code,
        "level": LEVELS.get(code, "error"),
        "message": message,
        "name": name,
        "at": at,
        "by": by,
    }


def _counts(event: Event) -> dict:
    counts = selectors.counts(event=event)
    return {
        "checked_in": int(counts.get("checked_in", 0)),
        "confirmed": int(counts.get("confirmed", 0)),
    }


def _row(event: Event, scan, answer: dict | None = None) -> dict:
    """One line of the recent scans: time, code, what the banner said."""
    answer = answer or scan_answer(event, scan)
    code = scan.code
    return {
        "time": _time(scan.at),
        "code": tickets.format_code(code) if len(code) == 8 else code,
        "label": answer["message"],
        "level": answer["level"],
    }


def _recent(event: Event) -> list[dict]:
    return [_row(event, scan) for scan in selectors.recent_scans(event=event, limit=RECENT_SCANS)]


@never_cache
@allow_features(camera="self")
@require_http_methods(["GET", "HEAD", "POST"])
def checkin(request, pk):
    """The door page. Without JavaScript the typed code posts here and the page comes back
    with the banner; with it, checkin.js posts camera scans and typed codes to `scan`."""
    _require(request, access.checks_in(request), "checkin", "not door staff")
    event = _event(pk)
    answer = None
    status_code = 200
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            result = services.check_in(
                event,
                form.cleaned_data["code"],
                by=request.user,
                nonce=form.cleaned_data["nonce"],
                source=CheckInSource.TYPED,
            )
            answer = scan_answer(event, result)
        else:
            answer = {"level": "error", "message": _("Type the ticket code.")}
            status_code = 400
    form = CheckInForm()  # a new nonce for the next code
    return render(
        request,
        "events/admin/checkin.html",
        {
            "event": event,
            "title": _title(event),
            "form": form,
            "answer": answer,
            "counts": _counts(event),
            "recent": _recent(event),
            "can_manage": access.manages(request),
        },
        status=status_code,
    )


def _json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"result": "error", "level": "error", "message": message}, status=status)


@never_cache
@require_POST
def scan(request, pk):
    """POST JSON `{code, nonce, source}` → `{result, level, message, name, at, by, counts,
    row}`. The nonce makes a repeated request (a retry, a double tap) one check-in."""
    if not access.checks_in(request):
        record_security_event(request, "events_admin_scan", "not door staff", aggregate=True)
        return _json_error(_("You may not check tickets in."), 403)
    event = _event(pk)
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _json_error(_("The scan could not be read: try again."), 400)
    if not isinstance(body, dict):
        return _json_error(_("The scan could not be read: try again."), 400)
    code = str(body.get("code") or "").strip()[:32]
    nonce = _uuid(body.get("nonce"))
    source = body.get("source")
    if not code:
        return _json_error(_("Type the ticket code."), 400)
    if nonce is None:
        return _json_error(_("The scan could not be read: try again."), 400)
    if source not in (CheckInSource.SCAN, CheckInSource.TYPED):
        source = CheckInSource.TYPED
    result = services.check_in(event, code, by=request.user, nonce=nonce, source=source)
    answer = scan_answer(event, result)
    answer["counts"] = _counts(event)
    logged = getattr(result, "checkin", None)
    answer["row"] = _row(event, logged, answer) if logged is not None else None
    return JsonResponse(answer)


def page_event(page) -> Event | None:
    """The operational event of an event page (the header button in the page editor)."""
    return selectors.event_for_page(page)
