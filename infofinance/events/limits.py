"""Limits against floods of the registration form (docs/design/events.md §4.7): fixed one-hour
windows counted in the shared cache (every web process sees the same counts), per client
network (`audit.clientip.client_network`: honours TRUSTED_PROXY_COUNT), per account, and per
target address, so that a guest form cannot be used to mail-bomb someone. And the cap on the
events' e-mails to one recipient per day, which the mail handlers ask before a message that a
reader can trigger again (a re-sent ticket)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infofinance.audit import counters
from infofinance.audit.clientip import client_network
from infofinance.wiring.personal_data import normalise_address

HOUR, DAY = 3600, 24 * 3600
MESSAGE = _(
    "Too many registrations were sent from here in the last hour. Nothing was saved: "
    "please try again later."
)


class LimitExceeded(Exception):
    """`message` (lazy) is shown on the 429 page in the reader's language; `scope` says which
    count ("address", "account" or "recipient")."""

    def __init__(self, message, scope: str = "address"):
        super().__init__(f"events registrations per {scope}")
        self.message = message
        self.scope = scope


def _window(seconds: int) -> int:
    return int(timezone.now().timestamp()) // seconds


def _keys(request, email: str) -> list[tuple[str, int, str]]:
    window = _window(HOUR)
    keys = []
    address_limit = settings.EVENTS_REGISTRATIONS_PER_ADDRESS_PER_HOUR
    if address_limit > 0:
        network = client_network(request) or "unknown"
        keys.append((f"events:limits:ip:{network}:{window}", address_limit, "address"))
    account_limit = settings.EVENTS_REGISTRATIONS_PER_ACCOUNT_PER_HOUR
    if account_limit > 0:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            keys.append((f"events:limits:user:{user.pk}:{window}", account_limit, "account"))
        target = normalise_address(email)
        if target:
            # As many as an account may make: each may send the address a message.
            keys.append((f"events:limits:to:{target}:{window}", account_limit, "recipient"))
    return keys


def consume(request, *, email: str = "") -> None:
    """Count one registration attempt of `request` for `email` in this hour's windows; over a
    limit nothing stays counted and LimitExceeded is raised (the view answers 429, before
    anything is saved or queued)."""
    taken: list[str] = []
    for key, limit, scope in _keys(request, email):
        taken.append(key)
        if counters.add(key, timeout=2 * HOUR) > limit:
            counters.give_back((taken_key, 1) for taken_key in taken)
            raise LimitExceeded(MESSAGE, scope)


def allow_mail(address: str) -> bool:
    """Whether one more events e-mail may go to `address` today (counted when True);
    EVENTS_MAILS_PER_RECIPIENT_PER_DAY, 0 for no cap."""
    limit = settings.EVENTS_MAILS_PER_RECIPIENT_PER_DAY
    target = normalise_address(address)
    if limit <= 0 or not target:
        return True
    key = f"events:limits:mail:{target}:{_window(DAY)}"
    if counters.add(key, timeout=2 * DAY) > limit:
        counters.give_back([(key, 1)])
        return False
    return True
