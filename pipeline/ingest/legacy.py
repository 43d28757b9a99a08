"""Text typed in the legacy Vietnamese encodings TCVN3 (ABC, fonts .VnTime) and VNI (VNI-Times).

Old spreadsheets store such text as Latin-1 letters: "Liªn ®oµn" (TCVN3) or "Lieân ñoaøn" (VNI)
for "Liên đoàn". A text is converted only when it contains letters that Unicode Vietnamese never
uses and exactly one of the two conversions yields Vietnamese syllables; otherwise it is kept
and, if it looked legacy, flagged as unsure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TONES = {"sac": "\u0301", "huyen": "\u0300", "hoi": "\u0309", "nga": "\u0303", "nang": "\u0323"}
_TONE_ORDER = ("", "huyen", "sac", "hoi", "nga", "nang")

# TCVN3: one byte per letter. Per base vowel, the codes for: no tone, huyền, sắc, hỏi, ngã, nặng.
_TCVN3_VOWELS = {
    "a": "aµ¸¶·¹",
    "ă": "¨»¾¼½Æ",
    "â": "©ÇÊÈÉË",
    "e": "eÌÐÎÏÑ",
    "ê": "ªÒÕÓÔÖ",
    "i": "i×ÝØÜÞ",
    "o": "oßãáâä",
    "ô": "«åèæçé",
    "ơ": "¬êíëìî",
    "u": "uïóñòô",
    "ư": "\xadõøö÷ù",
    "y": "yúýûüþ",
}
_TCVN3_OTHERS = {"đ": "®", "Ă": "¡", "Â": "¢", "Đ": "§", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦"}

# VNI: a base letter followed by mark characters. Tone marks after a plain vowel:
_VNI_TONE = {"": "", "sac": "ù", "huyen": "ø", "hoi": "û", "nga": "õ", "nang": "ï"}
# Circumflex and breve carry the tone in one character: â+tone, ă+tone.
_VNI_CIRCUMFLEX = {"": "â", "sac": "á", "huyen": "à", "hoi": "å", "nga": "ã", "nang": "ä"}
_VNI_BREVE = {"": "ê", "sac": "é", "huyen": "è", "hoi": "ú", "nga": "ü", "nang": "ë"}
_VNI_I = {"": "i", "sac": "í", "huyen": "ì", "hoi": "æ", "nga": "ó", "nang": "ò"}


def _compose(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + (_TONES[tone] if tone else ""))


def _tcvn3_table() -> dict[str, str]:
    table = {}
    for base, codes in _TCVN3_VOWELS.items():
        for tone, code in zip(_TONE_ORDER, codes, strict=True):
            if code != _compose(base, tone):
                table[code] = _compose(base, tone)
    table.update({code: letter for letter, code in _TCVN3_OTHERS.items()})
    return table


def _vni_table() -> dict[str, str]:
    lower: dict[str, str] = {"ñ": "đ", "ô": "ơ", "ö": "ư", "î": "ỵ"}  # single-character letters
    for tone in _TONES:
        lower[_VNI_I[tone]] = _compose("i", tone)
    for base in "aeouy":
        for tone in _TONES:
            lower[base + _VNI_TONE[tone]] = _compose(base, tone)
    lower.pop("yï")  # ỵ is the single character î
    for base, hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for tone, mark in _VNI_CIRCUMFLEX.items():
            lower[base + mark] = _compose(hat, tone)
    for tone, mark in _VNI_BREVE.items():
        lower["a" + mark] = _compose("ă", tone)
    for base, horn in (("ô", "ơ"), ("ö", "ư")):
        for tone in _TONES:
            lower[base + _VNI_TONE[tone]] = _compose(horn, tone)
    table = dict(lower)
    table.update({code.upper(): letter.upper() for code, letter in lower.items()})
    return table


_TCVN3 = _tcvn3_table()
_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))

# Letters that only Unicode Vietnamese text has: their presence means the text is already Unicode.
_UNICODE_ONLY = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9\u0300-\u0323]")
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Characters of legacy text that Unicode Vietnamese never uses: the trigger for a closer look.
_MARKERS = frozenset(
    (set(_TCVN3) | {c for code in _VNI for c in code if not c.isascii()}) - _VIETNAMESE_LATIN1
)

_ONSETS = [
    "ngh",
    "ch",
    "gh",
    "gi",
    "kh",
    "ng",
    "nh",
    "ph",
    "qu",
    "th",
    "tr",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "q",
    "r",
    "s",
    "t",
    "v",
    "x",
    "",
]
# Nuclei ending in a glide take no final consonant; the closed ones always take one.
_OPEN_NUCLEI = {
    "ai",
    "ao",
    "au",
    "ay",
    "âu",
    "ây",
    "eo",
    "êu",
    "ia",
    "iu",
    "oi",
    "ôi",
    "ơi",
    "ua",
    "ui",
    "ưa",
    "ưi",
    "ưu",
    "iêu",
    "yêu",
    "oai",
    "oao",
    "oay",
    "oeo",
    "uây",
    "uôi",
    "ươi",
    "ươu",
    "uya",
    "uyu",
}
_CLOSED_NUCLEI = {"ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ"}
_NUCLEI = sorted(
    _OPEN_NUCLEI
    | _CLOSED_NUCLEI
    | {"a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "oo", "uê", "uơ", "uy"}
)
_CODAS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
# -nh and -ch follow only a, ê, i/y (anh, ênh, inh, oanh, uênh, uynh); -c -ch -p -t take sắc or nặng.
_BEFORE_NH_CH = {"a", "ê", "i", "y", "oa", "uê", "uy"}
_STOP_CODAS = {"c", "ch", "p", "t"}
_STOP_TONES = {_TONES["sac"], _TONES["nang"]}
_WORD_SPLIT = re.compile(r"[\s0-9.,;:!?()\[\]{}/\\\-–—\"'“”‘’%+*=<>|&#@_]+")
_ABBREVIATION = re.compile(r"^[A-ZĐ]{2,10}$")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str | None = None  # "TCVN3" or "VNI" when converted
    unsure: bool = False  # looked legacy but no conversion was clean


def to_unicode(text: str) -> Decoded:
    """`text` as Unicode Vietnamese, converted from TCVN3 or VNI when that is clearly what it is."""
    if text.isascii() or _UNICODE_ONLY.search(text):
        return Decoded(text)
    return _decode(text)


@lru_cache(maxsize=4096)
def _decode(text: str) -> Decoded:
    looks_legacy = bool(_MARKERS.intersection(text))
    if not looks_legacy and _is_vietnamese(text):
        return Decoded(text)  # "Hà Giang": Latin-1 letters only, and already Vietnamese
    candidates = []
    for name, converted in (("TCVN3", _from_tcvn3(text)), ("VNI", _from_vni(text))):
        if converted != text and _is_vietnamese(converted):
            candidates.append(Decoded(converted, name))
    if len(candidates) == 1:
        return candidates[0]
    return Decoded(text, unsure=looks_legacy)


def _from_tcvn3(text: str) -> str:
    converted = "".join(_TCVN3.get(ch, ch) for ch in text)
    # .VnTimeH shows lower-case codes as capitals: "LIªN" means "LIÊN".
    return " ".join(w.upper() if _mostly_upper(w) else w for w in converted.split(" "))


def _from_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: _VNI[m.group(0)], text)


def _mostly_upper(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    ascii_letters = [c for c in letters if c.isascii()]
    return len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters)


def _is_vietnamese(text: str) -> bool:
    """Every word with a non-ASCII letter is a Vietnamese syllable (abbreviations aside)."""
    words = [w for w in _WORD_SPLIT.split(text) if w and not w.isascii()]
    return bool(words) and all(_is_syllable(w) for w in words)


def _is_syllable(word: str) -> bool:
    if _ABBREVIATION.match(word):
        return True
    if word not in (word.lower(), word.upper(), word.capitalize()):
        return False  # "xuÊt": a capital inside a word is how TCVN3's ấ looks in Unicode
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = [c for c in decomposed if c in _TONES.values()]
    if len(tones) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES.values()))
    return any(_fits(nucleus, coda, tones) for nucleus, coda in _splits(toneless))


def _splits(toneless: str) -> list[tuple[str, str]]:
    """Every way to read a toneless word as onset + nucleus + coda: (nucleus, coda)."""
    found = []
    for onset in _ONSETS:
        if toneless.startswith(onset):
            rest = toneless[len(onset) :]
            found += [(n, rest[len(n) :]) for n in _NUCLEI if rest.startswith(n) and rest[len(n) :] in _CODAS]
    return found


def _fits(nucleus: str, coda: str, tones: list[str]) -> bool:
    if (coda and nucleus in _OPEN_NUCLEI) or (not coda and nucleus in _CLOSED_NUCLEI):
        return False
    if coda in ("nh", "ch") and nucleus not in _BEFORE_NH_CH:
        return False
    return not (coda in _STOP_CODAS and tones and tones[0] not in _STOP_TONES)


_ENCODERS = {
    "TCVN3": {letter: code for code, letter in _TCVN3.items()},
    "VNI": {letter: code for code, letter in sorted(_VNI.items(), key=lambda item: len(item[0]))},
}


def from_unicode(text: str, encoding: str) -> str:
    """`text` as an old spreadsheet in TCVN3 or VNI stores it: for test fixtures and demo data."""
    table = _ENCODERS[encoding]
    # TCVN3 has no toned capitals: the .VnTimeH font draws the lower-case codes as capitals.
    return "".join(table.get(ch, table.get(ch.lower(), ch)) for ch in unicodedata.normalize("NFC", text))
