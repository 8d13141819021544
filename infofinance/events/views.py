"""The events' reader views beside the page tree (docs/design/events.md §6.2): registration, the
ticket page (changes by POST only: mail scanners prefetch the links of e-mails), the attendee's
calendar file, the reader's own registrations, and the public calendar feed (feeds.py). Every
one but the feed is private: `never_cache` and `noindex`."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from infofinance.core.context_processors import HOME_URLS
from infofinance.core.pagination import CappedPaginator
from infofinance.core.urls import reverse_in
from infofinance.text.language import current_language

from . import dates, selectors, services, tickets
from .forms import RegistrationForm, field_name
from .models import ACTIVE, EVENT_INDEX_SLUGS, EventPage, Source, Status

MINE_PAGE_SIZE = 20
NOINDEX = "noindex, nofollow"


def calendar_feed(request):
    """The public iCalendar feed (feeds.py, cacheable); imported when asked so that the
    URLconf does not depend on the feeds module's imports."""
    from . import feeds

    return feeds.calendar_feed(request)


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = NOINDEX
    return response


def _home() -> tuple[str, str]:
    return ("Info Finance", HOME_URLS.get(current_language(), "/"))


def events_url(language: str) -> str:
    """The events index of `language` (its slug is fixed, EVENT_INDEX_SLUGS)."""
    return HOME_URLS.get(language, "/") + EVENT_INDEX_SLUGS.get(language, "su-kien") + "/"


def too_many(request, error) -> HttpResponse:
    """Over a limit: nothing was saved, nothing queued; a localized 429 page."""
    response = render(
        request,
        "events/too_many.html",
        {"message": error.message, "noindex": True},
        status=429,
    )
    return _private(response)


# -- registration --------------------------------------------------------------------------------


def _page_and_event(slug: str):
    page = selectors.event_page_by_slug(language=current_language(), slug=slug)
    event = page.shared_event() if page is not None else None
    if event is None:
        raise Http404
    return page, event


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug):
    page, event = _page_and_event(slug)
    language = current_language()
    reader = request.user if request.user.is_authenticated else None
    labels = {question.key: question for question in page.questions.all()}
    now = timezone.now()
    seats_left = selectors.seats_left(event=event, now=now)
    state = selectors.registration_state(event, seats_left=seats_left, now=now)
    existing = selectors.active_registration(event=event, user=reader) if reader else None
    status, refusal = 200, ""
    form = RegistrationForm(event=event, labels=labels, reader=reader)
    if request.method == "POST" and existing is None:
        from . import limits

        email = reader.email if reader is not None else request.POST.get("email", "")
        try:
            limits.consume(request, email=email)
        except limits.LimitExceeded as error:
            return too_many(request, error)
        form = RegistrationForm(request.POST, event=event, labels=labels, reader=reader)
        if form.is_valid():
            try:
                outcome = services.register(
                    event,
                    user=reader,
                    name=reader_name(reader) if reader else form.cleaned_data["name"],
                    email=reader.email if reader else form.cleaned_data["email"],
                    language=language,
                    answers=form.cleaned_data["answers"],
                    source=Source.READER if reader else Source.GUEST,
                )
            except services.RegistrationError as error:
                status, refusal = 409, str(error.message)
            except ValidationError as error:
                status = 400
                for key, problems in getattr(error, "error_dict", {}).items():
                    name = key if key in form.fields else field_name(key)
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, problem)
            else:
                return _registered(request, page, outcome, reader)
        else:
            status = 400
    index = page.get_parent()
    breadcrumbs = [_home(), (index.title, index.url), (page.title, page.url)]
    context = {
        "event_page": page,
        "event": event,
        "form": form,
        "reader": reader,
        "reader_name": reader_name(reader) if reader else "",
        "existing": existing,
        "existing_url": _ticket_url(existing, language) if existing else "",
        "state": state,
        "seats_left": seats_left,
        "refusal": refusal,
        "when": dates.when(event, language),
        "opens_text": dates.moment(event.opens_at(), language),
        "closes_text": dates.moment(event.closes_at(), language),
        "breadcrumbs": breadcrumbs,
        "alternates": _register_alternates(page),
        "noindex": True,
        "hold_minutes": settings.EVENTS_GUEST_HOLD_MINUTES,
    }
    return _private(render(request, "events/register.html", context, status=status))


def reader_name(user) -> str:
    return (
        getattr(user, "display_name", "")
        or user.get_full_name()
        or user.get_username().split("@")[0]
    )


def _register_alternates(page: EventPage) -> dict:
    return {
        language: reverse_in(language, "events:register", slug=url.rstrip("/").rsplit("/", 1)[-1])
        for language, url in page.live_translations().items()
    }


def _ticket_url(registration, language: str) -> str:
    return reverse_in(language, "events:ticket", token=tickets.manage_token(registration))


def _registered(request, page, outcome, reader) -> HttpResponse:
    language = current_language()
    if reader is not None:
        messages.success(request, str(outcome.message))
        return redirect(_ticket_url(outcome.registration, language), permanent=False)
    context = {
        "event_page": page,
        "outcome": outcome,
        "registration": outcome.registration,
        "noindex": True,
    }
    return _private(render(request, "events/register_done.html", context))


# -- the ticket page -----------------------------------------------------------------------------


ACTIONS = {
    "confirm": lambda registration, user: services.confirm(registration),
    "cancel": lambda registration, user: services.cancel(registration, by=user, reason="reader"),
    "accept": lambda registration, user: services.accept_offer(registration),
    "decline": lambda registration, user: services.decline_offer(registration),
}


def _invalid(request) -> HttpResponse:
    return _private(
        render(
            request,
            "events/ticket_invalid.html",
            {"noindex": True, "events_url": events_url(current_language())},
            status=404,
        )
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def ticket(request, token):
    registration = selectors.registration_by_token(token=token)
    if registration is None:
        return _invalid(request)
    status, refusal = 200, ""
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            status, refusal = 400, ""
        else:
            user = request.user if request.user.is_authenticated else None
            try:
                outcome = action(registration, user)
            except services.RegistrationError as error:
                status, refusal = 409, str(error.message)
                registration.refresh_from_db()
            else:
                messages.success(request, str(outcome.message))
                # After a change, a plain GET of the same page: a reload repeats nothing.
                return redirect(request.path)
    context = ticket_context(registration, token=token, language=current_language())
    context["refusal"] = refusal
    return _private(render(request, "events/ticket.html", context, status=status))


def ticket_context(registration, *, token: str, language: str) -> dict:
    from . import calendar_links

    event = registration.event
    page = selectors.ticket_page_for(event=event, language=language)
    status = registration.status
    confirmed = status == Status.CONFIRMED
    context = {
        "registration": registration,
        "event": event,
        "event_page": page,
        "when": dates.when(event, language),
        "code": tickets.format_code(registration.ticket_code),
        "qr": tickets.qr_svg(registration.ticket_code) if confirmed else "",
        "join_url": event.online_url if confirmed and event.is_online else "",
        "position": selectors.waiting_position(registration=registration),
        "hold_until": dates.moment(registration.hold_expires_at, language),
        "offer_until": dates.moment(registration.offer_expires_at, language),
        "active": status in ACTIVE,
        "ended": event.ends_at <= timezone.now(),
        "ics_url": reverse_in(language, "events:ticket_ics", token=token),
        "register_url": (
            reverse_in(language, "events:register", slug=page.slug) if page is not None else ""
        ),
        "noindex": True,
    }
    if confirmed and page is not None:
        context["google_url"] = calendar_links.google_url(event, page, language)
        context["outlook_url"] = calendar_links.outlook_url(event, page, language)
    return context


@never_cache
@require_safe
def ticket_ics(request, token):
    from . import ics

    registration = selectors.registration_by_token(token=token)
    if registration is None or registration.status not in (Status.CONFIRMED, Status.OFFERED):
        return _invalid(request)
    page = selectors.ticket_page_for(event=registration.event, language=registration.language)
    if page is None:
        return _invalid(request)
    response = HttpResponse(
        ics.registration_calendar(registration, page), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{registration.event_id}.ics"'
    return _private(response)


# -- the reader's own registrations --------------------------------------------------------------


@never_cache
@login_required
@require_safe
def mine(request):
    language = current_language()
    page_obj = CappedPaginator(selectors.mine(user=request.user), MINE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    registrations = list(page_obj.object_list)
    keys = {registration.event.translation_key for registration in registrations}
    pages = selectors.pages_by_key(keys, language=language)
    now = timezone.now()
    rows = [
        {
            "registration": registration,
            "page": pages.get(registration.event.translation_key),
            "when": dates.when(registration.event, language),
            "ticket_url": _ticket_url(registration, language),
            "upcoming": registration.event.ends_at > now,
        }
        for registration in registrations
    ]
    title_crumbs = [_home()]
    context = {
        "rows": rows,
        "page_obj": page_obj,
        "breadcrumbs": title_crumbs,
        "alternates": {code: reverse_in(code, "events:mine") for code in ("vi", "en")},
        "events_url": events_url(language),
        "noindex": True,
    }
    return _private(render(request, "events/mine.html", context))
