"""The site search's brokers (by name, abbreviation and alias; visible ones only) and
regulators, both indexed in every language, and the brokers of the as-you-type suggestions.
Registered from BrokersConfig.ready()."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from infofinance.core.urls import reverse_in
from infofinance.search import index
from infofinance.search.index import Document
from infofinance.search.sources import LANGUAGES

from . import selectors
from .models import Broker, BrokerAlias, Regulator


def brokers():
    return Broker.objects.filter(hidden=False).prefetch_related("aliases", "licences__regulator")


def _supervision(broker, language: str) -> str:
    """The supervision line a reader sees on the broker's page, in `language`."""
    with translation.override(language):
        status = broker.supervision
        return " ".join([str(status.label), *status.regulators])


def broker_documents(broker):
    keywords = " ".join([broker.abbreviation, *(alias.name for alias in broker.aliases.all())])
    for language in LANGUAGES:
        yield Document(
            kind="broker",
            object_id=broker.pk,
            language=language,
            title=broker.name,
            keywords=keywords,
            summary=getattr(broker, f"intro_{language}") or "",
            body=_supervision(broker, language),
            weight=float(broker.total_score or 0) / 10,
        )


def broker_url(broker, language):
    return reverse_in(language, "brokers:detail", slug=broker.slug)


def regulators():
    return Regulator.objects.all()


def regulator_documents(regulator):
    keywords = " ".join(
        [
            regulator.abbreviation,
            regulator.country,
            regulator.country_name_vi,
            regulator.country_name_en,
        ]
    )
    for language in LANGUAGES:
        yield Document(
            kind="regulator",
            object_id=regulator.pk,
            language=language,
            title=regulator.name,
            keywords=keywords,
            summary=getattr(regulator, f"description_{language}") or "",
            weight=(5 - regulator.tier) / 10,
        )


def regulator_url(regulator, language):
    return reverse_in(language, "brokers:regulator", slug=regulator.slug)


def broker_suggestions(query, language, limit):
    """As-you-type: brokers by name, abbreviation or alias."""
    return [
        {"name": b.name, "url": broker_url(b, language)}
        for b in selectors.suggestions(query.text, limit=limit)
    ]


def register() -> None:
    index.register(
        "broker",
        brokers,
        broker_documents,
        url=broker_url,
        label=_("Brokers"),
        per_language=False,
        order_by=("id",),
    )
    index.register(
        "regulator",
        regulators,
        regulator_documents,
        url=regulator_url,
        label=_("Regulators"),
        per_language=False,
        order_by=("id",),
    )
    index.follow(Broker, "broker")
    index.follow(BrokerAlias, "broker", object_id=lambda alias: alias.broker_id)
    index.follow(Regulator, "regulator")
    index.register_suggestions("brokers", broker_suggestions, position=10)
