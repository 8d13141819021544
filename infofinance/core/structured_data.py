"""JSON-LD built from Python data and serialized with a JSON encoder, never by string templates.
Generic pieces live here (organization, website, breadcrumbs); page types add their own."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

ORGANIZATION_NAME = "Info Finance"


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def organization() -> dict:
    return {
        "@type": "Organization",
        "@id": absolute("/#organization"),
        "name": ORGANIZATION_NAME,
        "url": absolute("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static("img/logo.png")),
            "width": 512,
            "height": 512,
        },
    }


def website(*, language: str, home_url: str, search_url: str) -> dict:
    return {
        "@type": "WebSite",
        "@id": absolute(home_url) + "#website",
        "name": ORGANIZATION_NAME,
        "url": absolute(home_url),
        "inLanguage": language,
        "publisher": {"@id": absolute("/#organization")},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(search_url) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_list(trail: list[tuple[str, str]], current: tuple[str, str]) -> dict:
    """The same trail as the visible breadcrumb: [(name, url), …] then the page itself."""
    items = [*trail, current]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": absolute(url)}
            for position, (name, url) in enumerate(items, start=1)
        ],
    }


def to_script(*blocks: dict) -> str:
    """`<script type="application/ld+json">` safe to embed whatever the strings hold."""
    data = {"@context": "https://schema.org", "@graph": [b for b in blocks if b]}
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(  # noqa: S308 - <, > and & are escaped as \u003C etc.
        f'<script type="application/ld+json">{text.translate(_json_script_escapes)}</script>'
    )
