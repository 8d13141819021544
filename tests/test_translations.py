"""Every interface string has a Vietnamese translation, and the compiled catalog matches."""

import gettext
from pathlib import Path

from babel.messages.pofile import read_po

import infofinance

LOCALE = Path(infofinance.__file__).resolve().parent / "locale" / "vi" / "LC_MESSAGES"


def catalog():
    with (LOCALE / "django.po").open("rb") as handle:
        return read_po(handle, locale="vi")


def test_every_message_is_translated():
    missing = [
        m.id
        for m in catalog()
        if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    assert missing == []


def test_compiled_catalog_matches_the_sources():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog():
        if message.id and not isinstance(message.id, tuple) and not message.context:
            assert compiled.gettext(message.id) == message.string, message.id
