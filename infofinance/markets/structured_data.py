"""JSON-LD of an indicator page (docs/design/markets.md §5): a schema.org `Dataset` built from
Python data and serialized by `core.structured_data.to_script` (the template's
`{% structured_data %}`), beside the page's BreadcrumbList. Numbers and dates are plain
(ISO 8601, dot decimals), never localized."""

from datetime import date

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import override

from infofinance.core.structured_data import absolute, organization


def temporal_coverage(first: date | None, last: date | None) -> str:
    """`2023-01-01/2026-11-01`, one date alone, or "" without a figure."""
    if first is None and last is None:
        return ""
    if first is None or last is None or first == last:
        return (first or last).isoformat()
    return f"{first.isoformat()}/{last.isoformat()}"


def dataset(
    page,
    indicator,
    *,
    language: str,
    first_period: date | None,
    last_period: date | None,
    ics_url: str,
) -> dict:
    """`page`: the IndicatorPage in `language`; `indicator`: its shared row."""
    with override(language):
        unit = str(dict(indicator._meta.get_field("unit").choices).get(indicator.unit, ""))
        calendar_name = _("Release calendar (iCalendar)")
    description = (page.summary or "").strip() or strip_tags(page.what_it_measures or "").strip()
    creator = {"@type": "Organization", "name": indicator.source_name}
    if indicator.source_url:
        creator["url"] = indicator.source_url
    data = {
        "@type": "Dataset",
        "@id": absolute(page.url) + "#dataset",
        "name": indicator.name(language),
        "description": description[:5000],
        "url": absolute(page.url),
        "inLanguage": language,
        "isAccessibleForFree": True,
        "creator": creator,
        "publisher": {"@id": organization()["@id"]},
        "spatialCoverage": indicator.country,
        "variableMeasured": {
            "@type": "PropertyValue",
            "name": indicator.name(language),
            "unitText": unit,
        },
        "distribution": [
            {
                "@type": "DataDownload",
                "name": calendar_name,
                "encodingFormat": "text/calendar",
                "contentUrl": absolute(ics_url),
            }
        ],
    }
    coverage = temporal_coverage(first_period, last_period)
    if coverage:
        data["temporalCoverage"] = coverage
    return data
