"""Anchors: what a figure in a document shows, carried from the context to the DOCX text.

A living draft is updated in place (pipeline.office.revisions), so tongket must find again, in a
document a person edited, each figure and each phrase made from figures it wrote there. The
context gives such values an anchor key — `kind:indicator:unit`, e.g. `v:doan_vien:*` (the total's
value), `c:doan_vien:CB` (Cao Bằng's change phrase), `n:khen_thuong.co_thi_dua:*` (a count), `t::CB`
(a unit's name) — by wrapping them in the `Anchored*` types below. They behave as the plain value
(a float compares and adds as a float), so templates and filters need not know.

The jinja environment of the DOCX drafts (`make_env(anchored=True)`) keeps the key through the
filters and, when the value is printed, surrounds its text with `mark`: invisible characters of
Unicode's supplementary private-use plane A, which no unit's text or number uses. The DOCX
writer (pipeline.office.anchors) turns each marked span into a Word bookmark and removes the
marks, so the fresh render's text is exactly what it was without anchors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

KINDS = {
    "v": "số liệu",
    "c": "so sánh với năm trước",
    "p": "tỷ lệ đạt chỉ tiêu",
    "n": "số lượng",
    "r": "xếp hạng",
    "t": "tên",
}
TOTAL = "*"  # the unit part of a key that stands for the whole body's total

START, SEP, END = "\U000f0000", "\U000f0001", "\U000f0002"
_KEY_BASE = 0xF0100  # a key's characters are shifted here, so a marked text holds no ASCII of its own
MARKED = re.compile(f"{START}([\U000f0100-\U000f01ff]+){SEP}([^{START}{END}]*){END}")
ANY_MARK = re.compile(f"[{START}{SEP}{END}\U000f0100-\U000f01ff]")


def key(kind: str, indicator: str = "", unit: str = TOTAL) -> str:
    return f"{kind}:{indicator}:{unit}"


def parts(anchor_key: str) -> tuple[str, str, str]:
    """(kind, indicator, unit) of a key."""
    kind, _, rest = anchor_key.partition(":")
    indicator, _, unit = rest.rpartition(":")
    return kind, indicator, unit


class AnchoredFloat(float):
    anchor: str

    def __new__(cls, value: float, anchor: str) -> AnchoredFloat:
        made = super().__new__(cls, value)
        made.anchor = anchor
        return made


class AnchoredInt(int):
    anchor: str

    def __new__(cls, value: int, anchor: str) -> AnchoredInt:
        made = super().__new__(cls, value)
        made.anchor = anchor
        return made


class AnchoredStr(str):
    anchor: str

    def __new__(cls, value: str, anchor: str) -> AnchoredStr:
        made = super().__new__(cls, value)
        made.anchor = anchor
        return made


class AnchoredDict(dict[str, Any]):
    """A figure's dict (`so_lieu.doan_vien`) given whole to a filter such as `so_sanh`."""

    anchor: str = ""


def anchored(value: Any, anchor_key: str) -> Any:
    """`value` carrying `anchor_key`; None, booleans and other types stay as they are."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return AnchoredInt(value, anchor_key)
    if isinstance(value, float):
        return AnchoredFloat(value, anchor_key) if value == value else value  # NaN: a blank
    if isinstance(value, str):
        return AnchoredStr(value, anchor_key) if value else value
    if isinstance(value, dict):
        made = AnchoredDict(value)
        made.anchor = anchor_key
        return made
    return value


def anchor_of(value: object) -> str:
    return getattr(value, "anchor", "") or ""


def encode(anchor_key: str) -> str:
    return "".join(chr(_KEY_BASE + b) for b in anchor_key.encode("utf-8"))


def decode(encoded: str) -> str:
    return bytes(ord(c) - _KEY_BASE for c in encoded).decode("utf-8")


def mark(text: str, anchor_key: str) -> str:
    """`text` between the marks of `anchor_key`; text that already holds marks is left alone."""
    if not text or ANY_MARK.search(text):
        return text
    return f"{START}{encode(anchor_key)}{SEP}{text}{END}"


def strip_marks(text: str) -> str:
    """The text without any anchor mark (what a reader sees)."""
    return ANY_MARK.sub("", MARKED.sub(lambda m: m.group(2), text)) if START in text else text


def keep_anchor(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose text result carries the anchor of the value it was given."""

    def filtered(value: Any, *args: Any, **kwargs: Any) -> Any:
        result = function(value, *args, **kwargs)
        found = anchor_of(value)
        return AnchoredStr(result, found) if found and isinstance(result, str) and result else result

    filtered.__name__ = getattr(function, "__name__", "filter")
    filtered.__doc__ = function.__doc__
    return filtered


def anchored_filters(filters: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """The filters for DOCX drafts: each keeps its value's anchor; `length` counts with one; `liet_ke`
    anchors each name it joins."""
    made = {name: keep_anchor(f) for name, f in filters.items()}
    if "liet_ke" in filters:
        made["liet_ke"] = _joined_names(filters["liet_ke"])
    made["length"] = _length
    return made


def _length(value: Any) -> Any:
    """jinja's `length`, and a count anchored as `n:` when the list carries an anchor."""
    count = len(value)
    found = anchor_of(value)
    return AnchoredInt(count, found) if found else count


def _joined_names(liet_ke: Callable[..., str]) -> Callable[..., str]:
    def joined(items: Iterable[object], noi: str = "và") -> str:
        listed = [mark(str(item), anchor_of(item)) if anchor_of(item) else item for item in items]
        return liet_ke(listed, noi)

    joined.__doc__ = liet_ke.__doc__
    return joined


def finalize_marking(value: object) -> object:
    """The environment's `finalize` step for DOCX drafts: an anchored value is printed marked."""
    found = anchor_of(value)
    if not found:
        return value
    return mark(str(value) if isinstance(value, str) else str(_plain(value)), found)


def _plain(value: object) -> object:
    """The value as its plain type, so it prints exactly as an unanchored one would."""
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int):
        return int(value)
    return value
