"""Every read of the Brokers Hub: the directory with its filters, one broker, one regulator, a
comparison. Each runs a fixed number of queries whatever the number of brokers."""

import datetime
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from babel import Locale
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from infofinance.pagecache import tags
from infofinance.pagecache.store import depends_on
from infofinance.text.collation import collation_key, sort_by_name
from infofinance.text.language import current_language
from infofinance.text.search_text import clean_query, fold

from . import scoring
from .models import Broker, BrokerAlias, Licence, LicenceStatus, Platform, Product, Regulator
from .warnings import EXPLANATIONS, LABELS, WarningCode

SORTS = {
    "score": ("-total_score", "name"),
    "name": ("name",),
    "newest": ("-created_at", "name"),
}
LICENCE_STATUSES = ("active", "expired", "suspended", "revoked", "clone", "none")


def _decimal(value, default=None):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return default
    return min(max(number, Decimal(0)), Decimal(10)) if number.is_finite() else default


# The directory's filters, as query parameters: a filter is active when its value is set.
FILTERS = (
    "q",
    "country",
    "regulator",
    "status",
    "product",
    "platform",
    "score_min",
    "score_max",
    "warnings",
)


@dataclass
class DirectoryFilters:
    """The directory's query string, validated: unknown values are ignored, never an error."""

    q: str = ""
    country: str = ""
    regulator: str = ""
    status: str = ""
    product: str = ""
    platform: str = ""
    score_min: Decimal | None = None
    score_max: Decimal | None = None
    warnings: str = ""  # "", "yes", "no"
    sort: str = "score"
    view: str = "grid"
    active: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, params) -> "DirectoryFilters":
        get = lambda key: clean_query(params.get(key) or "", 100)  # noqa: E731
        filters = cls(
            q=" ".join(get("q").split())[:100],
            country=get("country").upper()[:2],
            regulator=get("regulator"),
            status=get("status") if get("status") in LICENCE_STATUSES else "",
            product=get("product"),
            platform=get("platform"),
            score_min=_decimal(get("score_min")),
            score_max=_decimal(get("score_max")),
            warnings=get("warnings") if get("warnings") in {"yes", "no"} else "",
            sort=get("sort") if get("sort") in SORTS else "score",
            view="list" if get("view") == "list" else "grid",
        )
        filters.active = [name for name in FILTERS if getattr(filters, name) not in ("", None)]
        return filters


def visible_brokers() -> QuerySet[Broker]:
    return Broker.objects.filter(hidden=False)


def card_queryset(queryset: QuerySet[Broker]) -> QuerySet[Broker]:
    """Brokers as cards: logo, and their licences with regulators in one more query."""
    return queryset.select_related("logo").prefetch_related(
        Prefetch("licences", queryset=Licence.objects.select_related("regulator"))
    )


def directory(filters: DirectoryFilters) -> "QuerySet[Broker] | NameOrdered":
    depends_on(tags.BROKERS)
    queryset = visible_brokers()
    if filters.q:
        for word in fold(filters.q).split():
            queryset = queryset.filter(search_text__contains=word)
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    if filters.regulator:
        queryset = queryset.filter(
            Exists(Licence.objects.filter(broker=OuterRef("pk"), regulator__slug=filters.regulator))
        )
    if filters.status:
        queryset = queryset.filter(licence_status=filters.status)
    if filters.product:
        queryset = queryset.filter(
            Exists(
                Broker.products.through.objects.filter(
                    broker_id=OuterRef("pk"), product__slug=filters.product
                )
            )
        )
    if filters.platform:
        queryset = queryset.filter(
            Exists(
                Broker.platforms.through.objects.filter(
                    broker_id=OuterRef("pk"), platform__slug=filters.platform
                )
            )
        )
    if filters.score_min is not None:
        queryset = queryset.filter(total_score__gte=filters.score_min)
    if filters.score_max is not None:
        queryset = queryset.filter(total_score__lte=filters.score_max)
    if filters.warnings:
        queryset = queryset.filter(has_warnings=filters.warnings == "yes")
    if filters.sort == "name":
        return NameOrdered(queryset)
    return card_queryset(queryset.order_by(*SORTS[filters.sort]))


class NameOrdered:
    """Brokers by name the Vietnamese way (case, diacritics and đ as a reader expects, which no
    database collation guarantees): the names and ids of the matching brokers are sorted here,
    and only the page's brokers are fetched, as cards. Sliced and counted like a queryset by
    the paginator."""

    def __init__(self, queryset: QuerySet[Broker]):
        rows = queryset.order_by().values_list("pk", "name")
        self._ids = [pk for pk, _name in sorted(rows, key=lambda row: collation_key(row[1]))]

    def count(self) -> int:
        return len(self._ids)

    def count_up_to(self, limit: int) -> int:
        return min(len(self._ids), limit)

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, item):
        ids = self._ids[item] if isinstance(item, slice) else [self._ids[item]]
        found = card_queryset(Broker.objects.filter(pk__in=ids)).in_bulk()
        brokers = [found[pk] for pk in ids if pk in found]
        return brokers if isinstance(item, slice) else brokers[0]


def country_name(code: str, language: str | None = None) -> str:
    """A country's name in the reader's language (Babel's territory names), the code when
    Babel does not know it."""
    territories = Locale.parse(language or current_language()).territories
    return territories.get((code or "").upper(), code)


def filter_options() -> dict:
    codes = {c for c in visible_brokers().values_list("country", flat=True).distinct() if c}
    language = current_language()
    countries = [(code, country_name(code, language)) for code in codes]
    return {
        "countries": sort_by_name(countries, lambda row: row[1]),
        "regulators": sort_by_name(
            Regulator.objects.only("slug", "abbreviation", "name", "country"),
            lambda r: r.abbreviation,
        ),
        "products": sort_by_name(Product.objects.all(), lambda p: p.name),
        "platforms": sort_by_name(Platform.objects.all(), lambda p: p.name),
        "statuses": LICENCE_STATUSES,
    }


def regulators_by_name() -> list[Regulator]:
    depends_on(tags.REGULATORS)
    return sort_by_name(
        Regulator.objects.select_related("logo"), lambda r: f"{r.abbreviation} {r.name}"
    )


def suggestions(query: str, limit: int = 8) -> list[Broker]:
    """As-you-type matches by name, abbreviation or alias, best scores first."""
    words = fold(clean_query(query, 100)).split()
    if not words:
        return []
    queryset = visible_brokers()
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return list(
        queryset.order_by("-total_score", "name").only("name", "slug", "total_score")[:limit]
    )


def broker_detail(slug: str) -> Broker | None:
    broker = (
        visible_brokers()
        .filter(slug=slug)
        .select_related("logo")
        .prefetch_related(
            "aliases",
            "products",
            "platforms",
            Prefetch(
                "licences",
                queryset=Licence.objects.select_related("regulator", "document").order_by(
                    "regulator__tier", "-expiry_date"
                ),
            ),
        )
        .first()
    )
    if broker is not None:
        # Its licences name regulators; reviews and licences move the broker's own tag.
        depends_on(tags.broker(broker.pk), tags.REGULATORS)
    return broker


def score_parts(broker: Broker) -> dict[str, Decimal]:
    return {
        "licence": broker.licence_score,
        "market": broker.market_score,
        "business": broker.business_score,
        "risk": broker.risk_score,
        "software": broker.software_score,
    }


def score_breakdown(broker: Broker) -> list[dict]:
    return scoring.breakdown(score_parts(broker))


def regulator_detail(slug: str) -> Regulator | None:
    depends_on(tags.REGULATORS, tags.BROKERS)
    return Regulator.objects.filter(slug=slug).select_related("logo").first()


# A regulator's brokers, grouped by the status of the licence it gave them, in this order.
REGULATOR_GROUPS = {
    "licensed": gettext_lazy("Licensed brokers"),
    "licensed_warned": gettext_lazy("Licensed, but the broker is under a warning"),
    "expired": gettext_lazy("Licence expired"),
    "suspended": gettext_lazy("Licence suspended"),
    "revoked": gettext_lazy("Licence revoked"),
    "clone": gettext_lazy("Clone warnings: firms using this regulator's name or a licence number"),
}


def regulator_group(broker: Broker, regulator: Regulator, today: date | None = None) -> str:
    """Which group of `regulator`'s page `broker` belongs to: its licence from that
    regulator (the best, when it holds several) and, for a current one, its warnings."""
    today = today or timezone.localdate()
    order = list(REGULATOR_GROUPS)
    groups = []
    for licence in broker.licences.all():
        if licence.regulator_id != regulator.pk:
            continue
        status = licence.effective_status(today)
        if status == LicenceStatus.CLONE or licence.regulator_flagged:
            groups.append("clone")
        elif status == LicenceStatus.ACTIVE:
            groups.append("licensed_warned" if broker.warnings else "licensed")
        else:
            groups.append(status)
    return min(groups, key=order.index) if groups else "clone"


def regulator_brokers(regulator: Regulator) -> list[dict]:
    """The regulator's brokers in headed groups (only the groups that have brokers), each by
    score then by name."""
    depends_on(tags.BROKERS)
    brokers = card_queryset(
        visible_brokers().filter(
            Exists(Licence.objects.filter(broker=OuterRef("pk"), regulator=regulator))
        )
    )
    today = timezone.localdate()
    grouped: dict[str, list[Broker]] = {key: [] for key in REGULATOR_GROUPS}
    for broker in brokers:
        grouped[regulator_group(broker, regulator, today)].append(broker)
    return [
        {
            "key": key,
            "heading": REGULATOR_GROUPS[key],
            "brokers": sorted(members, key=lambda b: (-b.total_score, collation_key(b.name))),
        }
        for key, members in grouped.items()
        if members
    ]


@dataclass(frozen=True)
class WarningDetail:
    """One warning as a reader should see it before leaving for the broker's site: what it
    is, which regulator it concerns, since when, and the regulator's own words when known."""

    code: str
    label: str
    explanation: str
    regulator: Regulator | None = None
    date: datetime.date | None = None
    note: str = ""
    note_lang: str = ""  # set when the note is in the other language than the page's


def _note(licence: Licence) -> tuple[str, str]:
    """The regulator's warning in the page's language, else in the other one with its code."""
    language = current_language()
    other = "vi" if language == "en" else "en"
    if text := getattr(licence, f"flag_note_{language}", ""):
        return text, ""
    text = getattr(licence, f"flag_note_{other}", "")
    return text, other if text else ""


def warning_details(broker: Broker, today: date | None = None) -> list[WarningDetail]:
    """The broker's stored warnings, each with the licences behind it (prefetched with their
    regulators)."""
    today = today or timezone.localdate()
    licences = list(broker.licences.all())
    details: list[WarningDetail] = []
    for code in broker.warnings or []:
        label, explanation = str(LABELS[code]), str(EXPLANATIONS[code])
        before = len(details)
        if code == WarningCode.EXPIRED:
            details += [
                WarningDetail(code, label, explanation, lic.regulator, lic.expiry_date)
                for lic in licences
                if lic.effective_status(today) == LicenceStatus.EXPIRED
            ]
        elif code == WarningCode.FLAGGED:
            details += [
                WarningDetail(code, label, explanation, lic.regulator, lic.flag_date, *_note(lic))
                for lic in licences
                if lic.regulator_flagged or lic.status == LicenceStatus.CLONE
            ]
        elif code == WarningCode.CLONE_DOMAIN:
            approved = ", ".join(dict.fromkeys(d for lic in licences for d in lic.domains))
            note = _("This site: %(site)s. Domains its regulators approved: %(approved)s.") % {
                "site": broker.domain,
                "approved": approved or "—",
            }
            regulator = next((lic.regulator for lic in licences if lic.is_current(today)), None)
            details.append(WarningDetail(code, label, explanation, regulator, None, note))
        else:
            details.append(WarningDetail(code, label, explanation))
        if len(details) == before:  # stored warnings are the truth, even when no licence is found
            details.append(WarningDetail(code, label, explanation))
    return details


def comparison(slugs: list[str]) -> list[Broker]:
    """Two to four brokers in the order asked for; unknown slugs are dropped (see
    `comparison_request` for what the reader is told about them)."""
    return comparison_request(slugs).brokers


@dataclass
class ComparisonRequest:
    brokers: list[Broker]
    unknown: list[str]  # slugs asked for that name no visible broker
    dropped: list[Broker]  # known brokers past the maximum, left out


MAX_COMPARED = 4


def comparison_request(slugs: list[str]) -> ComparisonRequest:
    """The brokers asked for, in order, up to MAX_COMPARED; and what was left out."""
    wanted = list(dict.fromkeys(s.strip() for s in slugs if s and s.strip()))[:20]
    depends_on(tags.BROKERS, tags.REGULATORS)
    found = {
        b.slug: b
        for b in card_queryset(visible_brokers().filter(slug__in=wanted)).prefetch_related(
            "products", "platforms"
        )
    }
    known = [found[slug] for slug in wanted if slug in found]
    unknown = [slug for slug in wanted if slug not in found]
    return ComparisonRequest(known[:MAX_COMPARED], unknown, known[MAX_COMPARED:])


def articles_mentioning(broker: Broker, *, locale_id: int, limit: int = 6):
    from infofinance.news.models import ArticlePage
    from infofinance.news.selectors import card_queryset as article_cards

    depends_on(tags.mentions_broker(broker.pk))
    return list(
        article_cards(ArticlePage.objects.filter(locale_id=locale_id, broker_links__broker=broker))[
            :limit
        ]
    )


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def brokers_named_in(text: str, limit: int = 10) -> list[Broker]:
    """Brokers whose name or alias appears in `text` as whole words (case and diacritics
    ignored), or whose abbreviation appears as written (upper case), for the editor's
    suggestions. Short abbreviations must match exactly: "DAI" is not the word "dài"."""
    haystack = f" {_words(text)} "
    tokens = set(re.findall(r"[A-Z0-9]{2,}", text))
    aliases: dict[int, list[str]] = {}
    for broker_id, alias in BrokerAlias.objects.values_list("broker_id", "name"):
        aliases.setdefault(broker_id, []).append(alias)
    found = []
    for broker_id, name, abbreviation in visible_brokers().values_list(
        "pk", "name", "abbreviation"
    ):
        names = [_words(n) for n in (name, *aliases.get(broker_id, []))]
        if any(len(n) >= 3 and f" {n} " in haystack for n in names) or (
            abbreviation and abbreviation.upper() == abbreviation and abbreviation in tokens
        ):
            found.append(broker_id)
    return sort_by_name(Broker.objects.filter(pk__in=found[:limit]), lambda b: b.name)
