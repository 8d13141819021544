"""Validators for text that readers type and other readers see (display names, aliases, the
name on a complaint): no invisible characters that reorder or hide what is shown."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode's control (Cc), format (Cf, which holds the bidirectional controls U+200E/U+200F,
# U+202A–U+202E, U+2066–U+2069 and U+061C), surrogate, private-use and unassigned categories.
# A right-to-left override turns "Nguyễn gpj.exe" into something else on screen.
REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def invisible_characters(value: str) -> list[str]:
    """The refused characters of value, as U+XXXX codes, in order of appearance."""
    return [
        f"U+{ord(char):04X}"
        for char in dict.fromkeys(value or "")
        if unicodedata.category(char) in REFUSED_CATEGORIES
    ]


def validate_visible_text(value: str) -> None:
    """For a form or model field's `validators`: refuse control and formatting characters."""
    if found := invisible_characters(value):
        raise ValidationError(
            _(
                "Remove the invisible control characters (%(characters)s): they can change how "
                "the text is shown, for example its direction."
            ),
            code="invisible_character",
            params={"characters": ", ".join(found)},
        )
