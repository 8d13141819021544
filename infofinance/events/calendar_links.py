""" "Add to calendar" links for Google Calendar and Outlook (docs/design/events.md §7.3): plain
links that open the calendar's own form with the event filled in, times in UTC. The `.ics`
attachment and download cover Apple Calendar and every other client. Public data only: the
query string goes to another company's servers, so the join link stays in the private file."""

from urllib.parse import quote, urlencode

from . import ics


def _details(event, page, language: str) -> tuple[str, str, str]:
    return page.title, ics.description(event, page, language), ics.location(event, language)


def google_url(event, page, language: str) -> str:
    """`https://calendar.google.com/calendar/render?action=TEMPLATE&text=…&dates=…Z/…Z&…`."""
    text, details, location = _details(event, page, language)
    starts, ends = (
        ics.utc(value).strftime("%Y%m%dT%H%M%SZ") for value in (event.starts_at, event.ends_at)
    )
    query = {
        "action": "TEMPLATE",
        "text": text,
        "dates": f"{starts}/{ends}",
        "details": details,
        "location": location,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query, quote_via=quote)


def outlook_url(event, page, language: str) -> str:
    """`https://outlook.live.com/calendar/0/action/compose?subject=…&startdt=…Z&enddt=…Z&…`."""
    subject, body, location = _details(event, page, language)
    starts, ends = (
        ics.utc(value).strftime("%Y-%m-%dT%H:%M:%SZ") for value in (event.starts_at, event.ends_at)
    )
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": subject,
        "startdt": starts,
        "enddt": ends,
        "body": body,
        "location": location,
    }
    return "https://outlook.live.com/calendar/0/action/compose?" + urlencode(query, quote_via=quote)
