"""Every read of the complaint centre: public listings (published, not hidden, never personal
data), a reader's own complaints with their timeline, and the staff queue with its filters."""

from dataclasses import dataclass
from datetime import timedelta
from itertools import chain

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from infofinance.pagecache import tags
from infofinance.pagecache.store import depends_on
from infofinance.text.search_text import clean_query

from .models import CATEGORY_SLUGS, Category, Complaint, Evidence, RetiredSlug, Status

PUBLIC_FIELDS = (
    "id",
    "uuid",
    "category",
    "status",
    "public_slug",
    "public_title_vi",
    "public_title_en",
    "public_text_vi",
    "public_text_en",
    "publication_consent_at",
    "publication_withdrawn_at",
    "full_name",
    "broker_name",
    "published_at",
    "submitted_at",
    "highlighted",
    "broker__id",
    "broker__name",
    "broker__slug",
)


def category_from_slug(slug: str, language: str) -> str | None:
    for category, value in CATEGORY_SLUGS.get(language, {}).items():
        if value == slug:
            return category
    return None


def category_slug(category: str, language: str) -> str:
    return CATEGORY_SLUGS[language][Category(category)]


def _published() -> QuerySet[Complaint]:
    return Complaint.objects.published().select_related("broker").only(*PUBLIC_FIELDS)


def public_complaints(*, category: str | None = None, broker=None) -> QuerySet[Complaint]:
    if broker is None:
        depends_on(tags.COMPLAINTS, tags.BROKERS)  # their cards name brokers
    else:
        depends_on(tags.complaints_of_broker(broker.pk), tags.broker(broker.pk))
    queryset = _published()
    if category:
        queryset = queryset.filter(category=category)
    if broker is not None:
        queryset = queryset.filter(broker=broker)
    return queryset.order_by("-published_at", "-pk")


def public_complaint(slug: str) -> Complaint | None:
    complaint = _published().filter(public_slug=slug).first()
    if complaint is not None:
        depends_on(tags.complaint(complaint.pk), tags.broker(complaint.broker_id))
    return complaint


def is_retired_slug(slug: str) -> bool:
    """A public address made from a reader's own title: gone for good (410)."""
    return RetiredSlug.objects.filter(slug=slug).exists()


@dataclass
class BrokerComplaints:
    count: int
    latest: list
    highlighted: list


def broker_complaints(broker, *, latest: int = 3) -> BrokerComplaints:
    """The broker page's block in two queries: the count, and the highlighted and latest."""
    queryset = public_complaints(broker=broker)
    count = queryset.count()
    if not count:
        return BrokerComplaints(0, [], [])
    rows = list(
        queryset.filter(Q(highlighted=True) | Q(pk__in=queryset.values("pk")[:latest])).order_by(
            "-highlighted", "-published_at", "-pk"
        )[: latest + 10]
    )
    highlighted = [c for c in rows if c.highlighted]
    newest = sorted(rows, key=lambda c: (c.published_at, c.pk), reverse=True)[:latest]
    return BrokerComplaints(count, newest, highlighted)


def latest_public(limit: int = 4) -> list[Complaint]:
    return list(public_complaints()[:limit])


# The complainant's side.


def my_complaints(user) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(user=user).select_related("broker").order_by("-created_at", "-pk")
    )


def my_complaint(user, uuid) -> Complaint | None:
    return (
        Complaint.objects.filter(user=user, uuid=uuid)
        .select_related("broker")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.filter(note=None)),
            "updates",
            "history",
            "cancellations",
        )
        .first()
    )


def sent_form(user, token) -> bool:
    """Whether this reader already sent the form of this one-time token."""
    return token is not None and Complaint.objects.filter(submit_token=token, user=user).exists()


def timeline(complaint: Complaint) -> list[tuple]:
    """Status changes and public updates, oldest first: (time, kind, object). Internal notes are
    never part of it."""
    entries = chain(
        (("status", h.changed_at, h) for h in complaint.history.all()),
        (("update", u.created_at, u) for u in complaint.updates.all()),
        (("cancellation", c.created_at, c) for c in complaint.cancellations.all()),
    )
    return sorted(entries, key=lambda e: e[1])


# The staff queue.

AGES = {"7": 7, "30": 30, "90": 90}


@dataclass
class QueueFilters:
    status: str = ""
    category: str = ""
    broker: str = ""
    team: str = ""
    assignee: str = ""
    age: str = ""
    q: str = ""
    held: bool = False

    @classmethod
    def from_query(cls, params) -> "QueueFilters":
        get = lambda key: clean_query(params.get(key) or "", 100).strip()  # noqa: E731
        status = get("status")
        return cls(
            status=status if status in Status.values or status == "open" else "",
            category=get("category") if get("category") in Category.values else "",
            broker=get("broker") if get("broker").isdigit() else "",
            team=get("team") if get("team").isdigit() else "",
            assignee=get("assignee")
            if get("assignee").isdigit() or get("assignee") == "none"
            else "",
            age=get("age") if get("age") in AGES else "",
            q=get("q"),
            held=get("held") == "1",
        )


def queue(queryset: QuerySet[Complaint], filters: QueueFilters) -> QuerySet[Complaint]:
    """`queryset` is what the staff member may see (access.visible_to_staff)."""
    queryset = queryset.exclude(status=Status.DRAFT)
    if filters.status == "open":
        queryset = queryset.filter(
            status__in=[Status.NEW, Status.UNDER_REVIEW, Status.CONTACTING_BROKER]
        )
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.held:
        queryset = queryset.filter(held=True)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.broker:
        queryset = queryset.filter(broker_id=int(filters.broker))
    if filters.team:
        queryset = queryset.filter(team_id=int(filters.team))
    if filters.assignee == "none":
        queryset = queryset.filter(assignee=None)
    elif filters.assignee:
        queryset = queryset.filter(assignee_id=int(filters.assignee))
    if filters.age:
        queryset = queryset.filter(
            submitted_at__lte=timezone.now() - timedelta(days=AGES[filters.age])
        )
    if filters.q:
        text = filters.q
        match = (
            Q(title__icontains=text)
            | Q(broker_name__icontains=text)
            | Q(broker__name__icontains=text)
            | Q(full_name__icontains=text)
            | Q(email__icontains=text)
        )
        if len(text) >= 8 and all(ch in "0123456789abcdefABCDEF-" for ch in text):
            match |= Q(uuid__istartswith=text.lower())  # the reference shown to the reader
        queryset = queryset.filter(match)
    return queryset.select_related("broker", "team", "assignee").order_by("-submitted_at", "-pk")


def held_count(queryset: QuerySet[Complaint]) -> int:
    """Complaints held by the cap on new accounts, waiting for staff to release them."""
    return queryset.filter(held=True).exclude(status=Status.DRAFT).count()


def staff_case(queryset: QuerySet[Complaint], uuid) -> Complaint | None:
    return (
        queryset.filter(uuid=uuid)
        .select_related("broker", "team__leader", "assignee", "user")
        .prefetch_related(
            "evidence",
            "history__changed_by",
            "notes__author",
            "notes__attachments",
            "updates__author",
            "cancellations",
        )
        .first()
    )
