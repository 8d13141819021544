"""Demo data of the Brokers Hub: real regulators, fictional brokers (every name is invented) and
licences covering every status and warning (content/brokers.json). Dates are relative to the day
it is loaded."""

import json
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from infofinance.brokers.models import Broker, BrokerAlias, Licence, Platform, Product, Regulator
from infofinance.brokers.services import refresh_broker, save_broker

from .services import CONTENT_DIR

# Regulators, products, platforms and brokers, each broker with its licences (expiry in days
# from the day of the load, approved domains, a regulator's flag); one hidden broker; the
# analysts' justifications by part and score band, and the text of a regulator's warning.
DATA = json.loads((CONTENT_DIR / "brokers.json").read_text(encoding="utf-8"))
PARTS = ("market", "business", "risk", "software")


def _band(score: Decimal) -> str:
    return "high" if score >= 7.5 else "mid" if score >= 5 else "low"


def _notes(scores: list[Decimal], only_in: str = "") -> dict[str, str]:
    """Each analyst score's written justification in both languages (or one, for the brokers
    whose analysts wrote in one language only)."""
    notes = {}
    for part, score in zip(PARTS, scores, strict=True):
        text = DATA["score_notes"][part][_band(score)]
        for language in ("vi", "en"):
            notes[f"{part}_note_{language}"] = (
                "" if only_in and language != only_in else text[language]
            )
    return notes


def has_brokers() -> bool:
    return Broker.objects.exists()


@transaction.atomic
def load_brokers(today=None) -> int:
    today = today or timezone.localdate()
    regulators = {}
    for row in DATA["regulators"]:
        name, country_vi, country_en = row["name"], row["country_vi"], row["country_en"]
        regulators[row["abbreviation"]], _ = Regulator.objects.get_or_create(
            abbreviation=row["abbreviation"],
            country=row["country"],
            defaults={
                "name": name,
                "country_name_vi": country_vi,
                "country_name_en": country_en,
                "tier": row["tier"],
                "website": row["website"],
                "description_vi": f"{name}: cơ quan quản lý tài chính ({country_vi}).",
                "description_en": f"{name}: financial regulator ({country_en}).",
            },
        )
    products = {
        row["slug"]: Product.objects.get_or_create(
            slug=row["slug"], defaults={"name_vi": row["vi"], "name_en": row["en"]}
        )[0]
        for row in DATA["products"]
    }
    platforms = {
        row["slug"]: Platform.objects.get_or_create(
            slug=row["slug"], defaults={"name_vi": row["vi"], "name_en": row["en"]}
        )[0]
        for row in DATA["platforms"]
    }
    created = timezone.now()
    for number, row in enumerate(DATA["brokers"]):
        name, abbr = row["name"], row["abbreviation"]
        licences, scores = row["licences"], [Decimal(str(score)) for score in row["scores"]]
        broker = Broker(
            name=name,
            abbreviation=abbr,
            country=row["country"],
            website=row["website"],
            founded_year=2005 + number % 15,
            intro_vi=f"{name} là sàn giao dịch hư cấu dùng cho dữ liệu minh họa của Info Finance.",
            intro_en=f"{name} is a fictional broker used for Info Finance's demo data.",
            **dict(zip((f"{part}_score" for part in PARTS), scores, strict=True)),
            **_notes(scores, row.get("notes_only_in", "")),
            created_at=created - timedelta(days=number * 9),
        )
        broker.aliases = [BrokerAlias(name=alias) for alias in row["aliases"]]
        broker.save()
        broker.products.set([products[s] for s in row["products"]])
        broker.platforms.set([platforms[s] for s in row["platforms"]])
        for position, licence in enumerate(licences):
            abbr_reg, expiry_days = licence["regulator"], licence["expiry_days"]
            flagged = licence.get("flagged", False)
            expiry = today + timedelta(days=expiry_days) if expiry_days is not None else None
            Licence.objects.create(
                broker=broker,
                regulator=regulators[abbr_reg],
                status=licence["status"],
                sort_order=position,
                number=f"{abbr_reg}-{100000 + number * 37 + position}",
                licence_type_vi="Giấy phép môi giới",
                licence_type_en="Brokerage licence",
                licensee_name=f"{name} Ltd",
                approved_domains=licence["domains"],
                effective_date=(expiry or today) - timedelta(days=1800),
                expiry_date=expiry,
                regulator_flagged=flagged,
                flag_date=today - timedelta(days=40) if flagged else None,
                flag_note_vi=DATA["flag_note"]["vi"] if flagged else "",
                flag_note_en=DATA["flag_note"]["en"] if flagged else "",
            )
        refresh_broker(broker.pk, today)
    hidden = Broker(**DATA["hidden"], hidden=True)
    save_broker(hidden)
    return len(DATA["brokers"]) + 1


@transaction.atomic
def link_articles_to_named_brokers() -> int:
    """Link every live article to the brokers its text names, as an editor would after the
    editor's suggestions."""
    from infofinance.brokers.models import ArticleBroker
    from infofinance.brokers.selectors import brokers_named_in
    from infofinance.news.models import ArticlePage

    links = 0
    for article in ArticlePage.objects.live():
        text = " ".join([article.title, article.lead, str(article.body)])
        for broker in brokers_named_in(text):
            _, created = ArticleBroker.objects.get_or_create(page=article, broker=broker)
            links += created
    return links
