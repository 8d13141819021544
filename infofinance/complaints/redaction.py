"""The personal-data check staff pass before a complaint is published: e-mail addresses, phone
numbers, bank or trading account numbers, ID numbers (CCCD/CMND) and the complainant's own names
found in the public title and text. Each finding has a stable key that staff confirm by ticking
it (or they clear it by editing the text); services.set_publication refuses until all are."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from infofinance.text.search_text import fold

KINDS = {
    "email": _("e-mail address"),
    "phone": _("phone number"),
    "account": _("bank or trading account number"),
    "id_number": _("ID number (CCCD/CMND)"),
    "name": _("the complainant's name"),
}

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A run of at least six digits, possibly spaced, dotted or dashed, with an optional +.
DIGITS = re.compile(r"(?<![\w+])\+?\d(?:[ .\-]?\d){5,}(?!\w)")
# 2.000.000 or 1,500,000: an amount, not an account (unless it starts with 0).
AMOUNT = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})+")


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    field: str

    @property
    def key(self) -> str:
        """Stable across saves of the same text: what staff tick to confirm this finding."""
        value = re.sub(r"\D", "", self.text) if self.kind != "name" else fold(self.text)
        if self.kind == "email":
            value = self.text.lower()
        return f"{self.kind}:{value}"

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def _digit_kind(match: str) -> str | None:
    if AMOUNT.fullmatch(match):
        return None
    digits = re.sub(r"\D", "", match)
    international = match.startswith("+84") or (digits.startswith("84") and len(digits) == 11)
    if international or (digits.startswith("0") and len(digits) in (10, 11)):
        return "phone"
    if len(digits) in (9, 12):
        return "id_number"
    if len(digits) >= 8:
        return "account"
    return None


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """`text` folded character by character (so that a match maps back to the original), each
    run of whitespace one space."""
    out, positions = [], []
    for index, char in enumerate(text):
        folded = " " if char.isspace() else fold(char)
        if folded == " " and out and out[-1] == " ":
            continue
        for piece in folded:
            out.append(piece)
            positions.append(index)
    return "".join(out), positions


def name_variants(names) -> set[str]:
    """Folded forms to look for: every full name given, and every two consecutive words of one
    (`Nguyễn Văn An` → `nguyen van an`, `nguyen van`, `van an`, and `an nguyen` for the English
    order)."""
    variants = set()
    for name in names:
        words = fold(name or "").split()
        if not words:
            continue
        if len(words) == 1:
            if len(words[0]) >= 4:
                variants.add(words[0])
            continue
        variants.add(" ".join(words))
        variants.update(" ".join(words[i : i + 2]) for i in range(len(words) - 1))
        variants.add(f"{words[-1]} {words[0]}")
    return variants


def _names(text: str, names, field: str) -> list[Finding]:
    folded, positions = _folded_with_positions(text)
    found, covered = [], set()
    for variant in sorted(name_variants(names), key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + re.escape(variant) + r"(?!\w)")
        for match in pattern.finditer(folded):
            span = set(range(match.start(), match.end()))
            if span & covered:
                continue  # part of a longer form of the name already found
            covered |= span
            start, end = positions[match.start()], positions[match.end() - 1] + 1
            found.append(Finding("name", text[start:end], field))
    return found


def scan(text: str, *, field: str = "", names=()) -> list[Finding]:
    findings = [Finding("email", m.group(), field) for m in EMAIL.finditer(text or "")]
    without_emails = EMAIL.sub(" ", text or "")
    for match in DIGITS.finditer(without_emails):
        kind = _digit_kind(match.group())
        if kind:
            findings.append(Finding(kind, match.group().strip(), field))
    findings.extend(_names(text or "", names, field))
    return findings


def complainant_names(complaint) -> list[str]:
    names = [complaint.full_name]
    user = complaint.user
    if user is not None:
        names += [user.get_full_name(), getattr(user, "display_name", ""), user.username]
        names += [user.first_name, user.last_name]
    return [n for n in names if n and n.strip()]


def findings_for(complaint, texts: dict[str, str]) -> list[Finding]:
    """Every finding in `texts` (field name → text), one per key, in the order found."""
    names = complainant_names(complaint)
    seen, result = set(), []
    for field, text in texts.items():
        for finding in scan(text, field=field, names=names):
            if finding.key not in seen:
                seen.add(finding.key)
                result.append(finding)
    return result
