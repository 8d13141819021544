"""The Vietnamese catalogues are the one source of the translations (docs/translations.md).

infofinance/locale/ is written by `make messages` (makemessages) from the code; this checks that
running it would change nothing, that every message is translated and none is fuzzy, and that the
committed .mo files are compiled from the .po files. infofinance/locale_thirdparty/ holds our
Vietnamese for other packages' strings; this checks that it covers what the installed allauth can
show, and that the order of LOCALE_PATHS makes our catalogue win over it and both over the
packages' own translations."""

import difflib
import gettext
import re
import shlex
import shutil
from fnmatch import fnmatch
from pathlib import Path

import allauth
import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
OURS = ROOT / "infofinance" / "locale"
THIRDPARTY = ROOT / "infofinance" / "locale_thirdparty"
CATALOGUES = {"ours": OURS, "thirdparty": THIRDPARTY}


def po_path(locale_dir: Path) -> Path:
    return locale_dir / "vi" / "LC_MESSAGES" / "django.po"


def catalog(locale_dir: Path):
    with po_path(locale_dir).open("rb") as handle:
        return read_po(handle, locale="vi")


def key(message) -> tuple[str | None, str]:
    return message.context, message.id[0] if isinstance(message.id, tuple) else message.id


def strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def translations(locale_dir: Path) -> dict:
    return {key(m): m for m in catalog(locale_dir) if m.id}


def makemessages_arguments() -> list[str]:
    """The arguments `make messages` passes to makemessages, read from the Makefile so that this
    test checks exactly what the target does."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    found = re.search(r"manage\.py makemessages (.*)", text)
    assert found, "the Makefile's messages target no longer runs manage.py makemessages"
    return shlex.split(found.group(1))


def without_creation_date(po: str) -> str:
    return re.sub(r'^"POT-Creation-Date: [^"]*"\n', "", po, flags=re.M)


@pytest.mark.parametrize("locale_dir", CATALOGUES.values(), ids=CATALOGUES.keys())
def test_every_message_is_translated_and_none_is_fuzzy(locale_dir):
    messages = catalog(locale_dir)
    assert not messages.fuzzy, "the header is marked fuzzy"
    untranslated = [key(m) for m in messages if m.id and not all(strings(m))]
    fuzzy = [key(m) for m in messages if m.id and m.fuzzy]
    assert untranslated == [], f"untranslated in {po_path(locale_dir)}"
    assert fuzzy == [], (
        f"fuzzy (check the translation, then remove the flag) in {po_path(locale_dir)}"
    )


@pytest.mark.parametrize("locale_dir", CATALOGUES.values(), ids=CATALOGUES.keys())
def test_compiled_catalogue_matches_the_po(locale_dir):
    expected = {}
    for message in catalog(locale_dir):
        if not message.id:
            continue
        prefix = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, tuple):
            for index, string in enumerate(message.string):
                expected[(prefix + message.id[0], index)] = string
        else:
            expected[prefix + message.id] = message.string
    with (po_path(locale_dir).with_suffix(".mo")).open("rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)
    compiled.pop("", None)  # the header
    assert compiled == expected, "the .mo is out of date: run `make messages`"


def test_makemessages_would_not_change_our_catalogue(tmp_path, settings, monkeypatch):
    """Runs makemessages as `make messages` does, in a copy of the tree, and compares."""
    missing = [p for p in ("xgettext", "msgmerge", "msguniq", "msgattrib") if not shutil.which(p)]
    assert missing == [], "makemessages needs GNU gettext: apt-get install gettext"
    arguments = makemessages_arguments()
    ignored = [arguments[i + 1] for i, a in enumerate(arguments) if a in ("-i", "--ignore")]
    ignored += [".git", ".venv", "__pycache__", "*.pyc", "*.mo"]
    for entry in ROOT.iterdir():
        if any(fnmatch(entry.name, pattern) for pattern in ignored):
            continue
        if entry.is_dir():
            shutil.copytree(entry, tmp_path / entry.name, ignore=shutil.ignore_patterns(*ignored))
        else:
            shutil.copy2(entry, tmp_path / entry.name)
    copy = {name: tmp_path / path.relative_to(ROOT) for name, path in CATALOGUES.items()}
    settings.LOCALE_PATHS = [copy["ours"], copy["thirdparty"]]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", *arguments)

    for name, locale_dir in CATALOGUES.items():
        committed = without_creation_date(po_path(locale_dir).read_text(encoding="utf-8"))
        written = without_creation_date(po_path(copy[name]).read_text(encoding="utf-8"))
        if written != committed:
            diff = difflib.unified_diff(
                committed.splitlines(), written.splitlines(), "committed", "makemessages", n=1
            )
            shown = "\n".join(list(diff)[:80])
            pytest.fail(f"`make messages` would change {po_path(locale_dir)}:\n{shown}")


def test_our_catalogue_wins_over_the_thirdparty_one_and_both_over_the_packages():
    assert [Path(p) for p in settings.LOCALE_PATHS] == [OURS, THIRDPARTY]
    ours, thirdparty = translations(OURS), translations(THIRDPARTY)
    with translation.override("vi"):
        for source in (thirdparty, ours):
            for (context, msgid), message in source.items():
                expected = ours.get((context, msgid), message).string
                if isinstance(message.id, tuple) and context:
                    shown, expected = translation.npgettext(context, *message.id, 1), expected[0]
                elif isinstance(message.id, tuple):
                    shown, expected = translation.ngettext(*message.id, 1), expected[0]
                elif context:
                    shown = translation.pgettext(context, msgid)
                else:
                    shown = translation.gettext(msgid)
                assert shown == expected, (context, msgid)


def allauth_messages_we_can_show() -> set[tuple[str | None, str]]:
    """allauth's msgids (its English catalogue, made from the installed version's sources) found
    in the allauth apps we install (accounts, social accounts, MFA; not its headless API, OpenID
    Connect provider or user sessions), their templates and allauth's shared layouts, and in the
    social providers we install (the others, such as OAuth 1's client, never run here)."""
    apps = [a for a in settings.INSTALLED_APPS if a.startswith("allauth.")]
    providers = [a.split(".")[-1] for a in apps if ".providers." in a]
    folders = [a.split(".", 1)[1] for a in apps if ".providers." not in a]
    allowed = [f"templates/{f}/" for f in [*folders, "allauth"]] + [f"{f}/" for f in folders]
    allowed_providers = [f"socialaccount/providers/{p}/" for p in providers]

    def shown(path: str) -> bool:
        if path.startswith("socialaccount/providers/"):
            return path.startswith(tuple(allowed_providers))
        return path.startswith(tuple(allowed))

    source = Path(allauth.__file__).resolve().parent / "locale/en/LC_MESSAGES/django.po"
    with source.open("rb") as handle:
        english = read_po(handle)
    return {key(m) for m in english if m.id and any(shown(p) for p, _ in m.locations)}


def test_thirdparty_catalogue_covers_the_allauth_messages_we_can_show():
    wanted = allauth_messages_we_can_show()
    assert len(wanted) > 200  # the selection above still finds allauth's strings
    thirdparty = translations(THIRDPARTY)
    missing = sorted(
        (k for k in wanted if k not in thirdparty or not all(strings(thirdparty[k]))), key=str
    )
    assert missing == [], (
        "allauth shows these msgids: translate them in infofinance/locale_thirdparty/vi/"
        "LC_MESSAGES/django.po, then `make messages`"
    )


def test_password_validators_speak_vietnamese():
    """Django's own Vietnamese translates most of the validators' messages; one whose msgid
    changed in Django 5.2 is in infofinance/locale_thirdparty/. Add any other the same way."""
    from django.contrib.auth import get_user_model, password_validation
    from django.core.exceptions import ValidationError

    user = get_user_model()(username="lan", email="lan.nguyen@example.com")  # never saved

    def texts():
        found = list(password_validation.password_validators_help_texts())
        for password in ["lan.nguyen@example.com", "1234567", "password"]:
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                found += error.messages
        return found

    with translation.override("en"):
        english = texts()
    with translation.override("vi"):
        vietnamese = texts()
    assert len(english) >= 8 and len(vietnamese) == len(english)
    assert [e for e, v in zip(english, vietnamese, strict=True) if e == v] == []
