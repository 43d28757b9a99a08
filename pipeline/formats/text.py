"""Vietnamese text normalisation: NFC everywhere, and keys for matching names."""

from __future__ import annotations

import re
import unicodedata

# Abbreviations that units write instead of the full name, expanded before matching.
_ABBREVIATIONS = {
    "lđlđ": "liên đoàn lao động",
    "cđcs": "công đoàn cơ sở",
    "cđ": "công đoàn",
    "tp.": "thành phố",
    "tp": "thành phố",
}
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC: NFD and NFC text look the same but compare unequal."""
    return unicodedata.normalize("NFC", text)


def clean(text: object) -> str:
    """A cell or field as tidy NFC text: stripped, inner whitespace collapsed."""
    if text is None:
        return ""
    return _SPACES.sub(" ", nfc(str(text))).strip()


def name_key(name: str) -> str:
    """A key under which spellings of one unit's name compare equal.

    Case, spacing, NFD/NFC and the usual abbreviations ("LĐLĐ tỉnh Cao Bằng") do not matter.
    """
    words = clean(name).casefold().split(" ")
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)
