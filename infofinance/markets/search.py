"""The site search's indicators and assets: live public indicator and asset pages in their
language. An indicator page's document holds its title, summary and explainer, with the
indicator's names in both languages, its code, country and currency as keywords; an asset
page's its title, summary and text, with the instrument's symbol, code and names. The text is
folded for the index (search.text), so "lam phat" finds "lạm phát" and "vang" finds "vàng".
Registered from MarketsConfig.ready(); publishing, unpublishing and deleting a page reindex it
(search/signals.py), and so does a change of its shared row (a new name, a corrected code)."""

import html
import re
from typing import cast

from django.utils.translation import gettext_lazy as _

from infofinance.core.locales import language_of
from infofinance.core.restrictions import public
from infofinance.search import index
from infofinance.search.index import Document

from .models import AssetPage, Indicator, IndicatorPage, Instrument

_TAG = re.compile(r"<[^>]+>")


def rich_text(value) -> str:
    """A RichTextField's text without markup."""
    return " ".join(html.unescape(_TAG.sub(" ", str(value or ""))).split())


def live_public_indicator_pages():
    return public(IndicatorPage.objects.live()).select_related("indicator")


def live_public_asset_pages():
    return public(AssetPage.objects.live()).select_related("instrument")


def indicator_documents(page):
    indicator = page.indicator
    keywords = (
        indicator.name_vi,
        indicator.name_en,
        indicator.code.replace("-", " "),
        indicator.country,
        indicator.currency,
    )
    yield Document(
        kind="indicator",
        object_id=page.pk,
        language=language_of(page.locale_id),
        title=page.title,
        summary=page.summary or "",
        body=" ".join(
            part
            for part in (rich_text(page.what_it_measures), rich_text(page.why_it_matters))
            if part
        ),
        keywords=" ".join(part for part in keywords if part),
        published_at=page.last_published_at,
    )


def asset_documents(page):
    instrument = page.instrument
    keywords = (
        instrument.symbol,
        instrument.symbol.replace("/", " "),
        instrument.code.replace("-", " "),
        instrument.name_vi,
        instrument.name_en,
    )
    yield Document(
        kind="asset",
        object_id=page.pk,
        language=language_of(page.locale_id),
        title=page.title,
        summary=page.summary or "",
        body=rich_text(page.about),
        keywords=" ".join(part for part in keywords if part),
        published_at=page.last_published_at,
    )


def page_url(page, language):
    return page.url


def reindex_indicator(sender, instance, **kwargs):
    """The indicator's names and code are in its pages' documents."""
    index.update(
        "indicator", *IndicatorPage.objects.filter(indicator=instance).values_list("pk", flat=True)
    )


def reindex_instrument(sender, instance, **kwargs):
    index.update(
        "asset", *AssetPage.objects.filter(instrument=instance).values_list("pk", flat=True)
    )


def register() -> None:
    from django.db.models.signals import post_save

    index.register(
        "indicator",
        live_public_indicator_pages,
        indicator_documents,
        url=page_url,
        label=cast(str, _("Indicators")),  # a lazy string: translated when the tab is shown
        order_by=("path",),
    )
    index.register(
        "asset",
        live_public_asset_pages,
        asset_documents,
        url=page_url,
        label=cast(str, _("Assets")),
        order_by=("path",),
    )
    index.follow_pages(IndicatorPage, "indicator")
    index.follow_pages(AssetPage, "asset")
    post_save.connect(reindex_indicator, sender=Indicator, dispatch_uid="site-search-indicator-row")
    post_save.connect(
        reindex_instrument, sender=Instrument, dispatch_uid="site-search-instrument-row"
    )
