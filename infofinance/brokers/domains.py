"""Normalizing what people type for domains and licence numbers, so comparisons are exact."""

import re
from urllib.parse import urlsplit

_SPACES = re.compile(r"\s+")
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")


def normalize_domain(value: str) -> str:
    """`https://WWW.Example.com:443/path` → `example.com`; a bare domain stays itself."""
    value = (value or "").strip().lower()
    if not value:
        return ""
    try:
        host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    except ValueError:  # e.g. an invalid IPv6 literal
        return ""
    host = host.rstrip(".")
    if not _HOST.fullmatch(host):
        return ""
    return host[4:] if host.startswith("www.") else host


def normalize_domains(text: str) -> list[str]:
    """Domains from text with one per line (commas and spaces also separate), deduplicated."""
    seen = []
    for item in re.split(r"[\s,;]+", text or ""):
        domain = normalize_domain(item)
        if domain and domain not in seen:
            seen.append(domain)
    return seen


def normalize_licence_number(value: str) -> str:
    """`  frn  583 263 ` → `FRN 583 263`."""
    return _SPACES.sub(" ", (value or "").strip()).upper()


def licence_number_key(value: str) -> str:
    """For duplicate detection: `FRN 583263` and `frn583263` are the same licence."""
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())


def domain_matches(domain: str, approved: list[str]) -> bool:
    """A site matches an approved domain exactly or as one of its subdomains."""
    return any(domain == a or domain.endswith("." + a) for a in approved)
