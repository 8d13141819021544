"""Build the Vietnamese catalogue of allauth's own messages from infofinance.accounts.allauth_vi:
allauth's msgids (its English catalogue) with our translations, written as .po and compiled to
.mo with Babel into infofinance/accounts/allauth_locale/ (second entry of LOCALE_PATHS).
`--check` fails when the committed catalogue is out of date or a reachable msgid is missing."""

import io
import re
from pathlib import Path

import allauth
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.core.management.base import BaseCommand, CommandError

from infofinance.accounts import allauth_vi

TARGET = Path(__file__).resolve().parents[2] / "allauth_locale" / "vi" / "LC_MESSAGES"
SOURCE = Path(allauth.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
# What readers and staff can reach here: accounts, MFA, social login (not headless, OIDC
# provider, user sessions or the dummy provider).
REACHABLE = re.compile(
    r"^(account|mfa|socialaccount|templates/(account|mfa|socialaccount|allauth))/"
)


def reachable(message) -> bool:
    return any(
        REACHABLE.match(path) and "providers/" not in path for path, _line in message.locations
    )


def build() -> tuple[bytes, bytes, list[str]]:
    with SOURCE.open("rb") as handle:
        source = read_po(handle)
    catalog = Catalog(locale="vi", project="Info Finance (allauth)", version="1", fuzzy=False)
    missing = []
    for message in source:
        if not message.id or not reachable(message):
            continue
        plural = isinstance(message.id, tuple | list)
        key = message.id[0] if plural else message.id
        if message.context and (message.context, key) in allauth_vi.CONTEXTS:
            string = allauth_vi.CONTEXTS[(message.context, key)]
        elif plural and key in allauth_vi.PLURALS:
            string = tuple(allauth_vi.PLURALS[key])
        elif not plural and key in allauth_vi.VI:
            string = allauth_vi.VI[key]
        else:
            missing.append(key)
            continue
        catalog.add(message.id, string, context=message.context)
    po, mo = io.BytesIO(), io.BytesIO()
    write_po(po, catalog, width=100, omit_header=False, sort_output=True)
    write_mo(mo, catalog)
    return po.getvalue(), mo.getvalue(), missing


def _strip_dates(po: bytes) -> bytes:
    return re.sub(rb'"(POT-Creation|PO-Revision)-Date: [^"]*"\n', b"", po)


class Command(BaseCommand):
    help = "Compile the Vietnamese catalogue of allauth's messages."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if out of date.")

    def handle(self, *args, check=False, **options):
        po, mo, missing = build()
        po_path, mo_path = TARGET / "django.po", TARGET / "django.mo"
        if check:
            current = po_path.read_bytes() if po_path.exists() else b""
            if missing or _strip_dates(current) != _strip_dates(po) or not mo_path.exists():
                raise CommandError(
                    f"allauth catalogue out of date ({len(missing)} untranslated: {missing[:5]});"
                    " run manage.py allauth_messages"
                )
            self.stdout.write("allauth catalogue up to date")
            return
        TARGET.mkdir(parents=True, exist_ok=True)
        if _strip_dates(po_path.read_bytes() if po_path.exists() else b"") != _strip_dates(po):
            po_path.write_bytes(po)
            mo_path.write_bytes(mo)
        self.stdout.write(f"{len(missing)} untranslated")
        for key in missing:
            self.stdout.write(f"   {key!r}")
