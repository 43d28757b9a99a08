"""Vietnamese alphabetical order, for lists of people and units.

PyICU has no wheel for this platform and building it needs a compiler, so the order is written
out here: the Vietnamese alphabet (Đ follows D, Ă and Â follow A) as the primary key, the tone
marks (none, huyền, hỏi, ngã, sắc, nặng — dictionary order) as the secondary key.
"""

from __future__ import annotations

import unicodedata

_ALPHABET = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a different letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

Key = tuple[tuple[int, ...], tuple[int, ...]]


def _word_key(word: str) -> Key:
    """(letters, tones) of one word; characters outside the alphabet sort after it by code point."""
    letters: list[int] = []
    tones: list[int] = []
    base = ""
    tone = 0

    def flush() -> None:
        if base:
            letter = unicodedata.normalize("NFC", base)
            letters.append(_RANK.get(letter, len(_ALPHABET) + ord(letter[0])))
            tones.append(tone)

    for char in unicodedata.normalize("NFD", word.casefold()):
        if char in _TONES:
            tone = _TONES[char]
        elif char in _LETTER_MARKS:
            base += char
        elif unicodedata.combining(char):
            continue  # other marks do not change the order
        else:
            flush()
            base, tone = char, 0
    flush()
    return tuple(letters), tuple(tones)


def vi_key(text: str) -> tuple[object, ...]:
    """Sort key for Vietnamese text, word by word: all letters first, then the tones."""
    keys = [_word_key(w) for w in text.split()]
    return (tuple(k[0] for k in keys), tuple(k[1] for k in keys), text)


def person_key(full_name: str) -> tuple[object, ...]:
    """Sort key for a person's name: by given name (the last word), then family and middle names."""
    words = full_name.split()
    if not words:
        return ((), (), full_name)
    ordered = [words[-1], *words[:-1]]
    keys = [_word_key(w) for w in ordered]
    return (tuple(k[0] for k in keys), tuple(k[1] for k in keys), full_name)
