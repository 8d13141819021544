"""Every read of the Brokers Hub: the directory with its filters, one broker, one regulator, a
comparison. Each runs a fixed number of queries whatever the number of brokers."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from infofinance.pagecache import tags
from infofinance.pagecache.store import depends_on
from infofinance.text.search_text import clean_query, fold

from . import scoring
from .models import Broker, BrokerAlias, Licence, Platform, Product, Regulator

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


def directory(filters: DirectoryFilters) -> QuerySet[Broker]:
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
    return card_queryset(queryset.order_by(*SORTS[filters.sort]))


def filter_options() -> dict:
    return {
        "countries": sorted(
            {c for c in visible_brokers().values_list("country", flat=True).distinct() if c}
        ),
        "regulators": list(Regulator.objects.only("slug", "abbreviation", "name", "country")),
        "products": list(Product.objects.all()),
        "platforms": list(Platform.objects.all()),
        "statuses": LICENCE_STATUSES,
    }


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


def regulator_brokers(regulator: Regulator) -> QuerySet[Broker]:
    depends_on(tags.BROKERS)
    return card_queryset(
        visible_brokers()
        .filter(Exists(Licence.objects.filter(broker=OuterRef("pk"), regulator=regulator)))
        .order_by("-total_score", "name")
    )


def comparison(slugs: list[str]) -> list[Broker]:
    """Two to four brokers in the order asked for; unknown slugs are dropped."""
    wanted = list(dict.fromkeys(s for s in slugs if s))[:4]
    depends_on(tags.BROKERS, tags.REGULATORS)
    brokers = {
        b.slug: b
        for b in card_queryset(visible_brokers().filter(slug__in=wanted)).prefetch_related(
            "products", "platforms"
        )
    }
    return [brokers[slug] for slug in wanted if slug in brokers]


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
    return list(Broker.objects.filter(pk__in=found[:limit]).order_by("name"))
