"""Limits against floods of the complaint centre: per account and per client address, per day
(complaints, reviews, bytes of evidence), counted in the shared cache so that every web process
sees the same counts; and the site-wide cap on new complaints per hour from accounts younger
than a day, above which complaints are held for staff (services.save_complaint)."""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from infofinance.audit import counters
from infofinance.audit.clientip import client_network


@dataclass(frozen=True)
class Quota:
    kind: str
    account_setting: str
    address_setting: str
    message: object  # lazy: shown on the 429 page in the reader's language


COMPLAINTS = Quota(
    "complaints",
    "COMPLAINTS_PER_ACCOUNT_PER_DAY",
    "COMPLAINTS_PER_ADDRESS_PER_DAY",
    _(
        "You have reached today's limit of new complaints. Nothing was saved: try again "
        "tomorrow, or write to us if the matter cannot wait."
    ),
)
REVIEWS = Quota(
    "reviews",
    "REVIEWS_PER_ACCOUNT_PER_DAY",
    "REVIEWS_PER_ADDRESS_PER_DAY",
    _("You have reached today's limit of new reviews. Nothing was saved: try again tomorrow."),
)
EVIDENCE_BYTES = Quota(
    "evidence_bytes",
    "COMPLAINT_EVIDENCE_BYTES_PER_ACCOUNT_PER_DAY",
    "COMPLAINT_EVIDENCE_BYTES_PER_ADDRESS_PER_DAY",
    _(
        "You have reached today's limit on the size of evidence files. Nothing was saved: "
        "try again tomorrow with these files, or send fewer or smaller ones."
    ),
)


class LimitExceeded(Exception):
    def __init__(self, quota: Quota, scope: str):
        super().__init__(f"{quota.kind} per {scope}")
        self.quota, self.scope = quota, scope

    @property
    def message(self) -> str:
        return str(self.quota.message)


def _keys(quota: Quota, request) -> list[tuple[str, int, str]]:
    day = timezone.localdate().isoformat()
    keys = []
    user = getattr(request, "user", None)
    account_limit = getattr(settings, quota.account_setting, 0)
    if user is not None and user.is_authenticated and account_limit > 0:
        keys.append((f"limits:{quota.kind}:user:{user.pk}:{day}", account_limit, "account"))
    address_limit = getattr(settings, quota.address_setting, 0)
    if address_limit > 0:
        address = client_network(request) or "unknown"
        keys.append((f"limits:{quota.kind}:ip:{address}:{day}", address_limit, "address"))
    return keys


def _add(key: str, amount: int) -> int:
    return counters.add(key, amount, timeout=2 * 24 * 3600)  # outlives the day it counts


@dataclass
class Reservation:
    taken: list[tuple[str, int]]

    def release(self) -> None:
        counters.give_back(self.taken)
        self.taken = []


def reserve(request, *wanted: tuple[Quota, int]) -> Reservation:
    """Count `amount` of each quota against today's totals of the account and the address,
    atomically (cache increments); over a limit, nothing stays counted and LimitExceeded is
    raised."""
    reservation = Reservation([])
    for quota, amount in wanted:
        if amount <= 0:
            continue
        for key, limit, scope in _keys(quota, request):
            total = _add(key, amount)
            reservation.taken.append((key, amount))
            if total > limit:
                reservation.release()
                raise LimitExceeded(quota, scope)
    return reservation


@contextmanager
def within(request, *wanted: tuple[Quota, int]):
    """Reserve, run the block, and give the reservation back if the block fails (nothing was
    saved, so nothing is counted)."""
    reservation = reserve(request, *wanted)
    try:
        yield reservation
    except BaseException:
        reservation.release()
        raise


# The site-wide cap on complaints from new accounts.


def is_new_account(user) -> bool:
    joined = getattr(user, "date_joined", None)
    return joined is not None and joined > timezone.now() - timedelta(days=1)


def new_account_cap() -> int:
    return getattr(settings, "COMPLAINT_NEW_ACCOUNT_CAP_PER_HOUR", 0)


def new_account_complaints_last_hour() -> int:
    from .models import Complaint, Status

    now = timezone.now()
    return (
        Complaint.objects.exclude(status=Status.DRAFT)
        .filter(
            submitted_at__gte=now - timedelta(hours=1),
            user__date_joined__gt=now - timedelta(days=1),
        )
        .count()
    )
