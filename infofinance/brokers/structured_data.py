"""JSON-LD of a broker's page: an Organization that describes the broker without promoting it.

A broker without any warning is linked to its own site (`url`, `sameAs`) and shown with its
logo; a broker under a warning has neither link (`@id` is our page's, so search engines still
know which page describes it): we never send readers or ranking to a firm we warn against."""

from infofinance.core.structured_data import absolute


def broker_organization(broker, path: str, rating=None) -> dict:
    """`rating`: the readers' summary the slot value "broker.rating" gives (the reviews app),
    shown as an AggregateRating when there are reviews."""
    data = {
        "@type": "Organization",
        "@id": absolute(path) + "#broker",
        "name": broker.name,
        "description": broker.intro,
        "mainEntityOfPage": absolute(path),
    }
    if not broker.warnings:
        if broker.website:
            data["url"] = broker.website
            data["sameAs"] = [broker.website]
        if broker.logo_id:
            logo = broker.logo  # selected with the broker: its original file, no query
            data["logo"] = {
                "@type": "ImageObject",
                "url": absolute(logo.file.url),
                "width": logo.width,
                "height": logo.height,
            }
    if broker.abbreviation:
        data["alternateName"] = [broker.abbreviation, *(a.name for a in broker.aliases.all())]
    if rating is not None and rating.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(rating.average),
            "ratingCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data
