"""What every value a template sees goes through: safe text, and lists made entry by entry.

Every text is made safe once, in `clean`: NFC, and no control characters, which are invalid in
the DOCX XML. A national body has 130.000 units, so every per-unit variable is a `LazyList`
whose entries are made (and cleaned) when a template reaches them and not kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar, overload

# Tabs and newlines are kept (docxtpl turns them into tabs and line breaks); other controls break XML.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

T = TypeVar("T")


def safe_text(value: object) -> object:
    """Text as NFC without control characters; other values unchanged."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


# Subtrees that hold only numbers and fixed words (figures by indicator code): nothing to clean.
_NUMBERS_ONLY = frozenset({"so_lieu", "ket_qua"})


def clean(value: Any) -> Any:
    """The value with every text made safe (a LazyList cleans each entry as it makes it)."""
    if isinstance(value, dict):
        return {k: v if k in _NUMBERS_ONLY else clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return safe_text(value)


class LazyList(Sequence[Any]):
    """A read-only list of `make(item)` for each item, each entry made (and cleaned) when read.

    Templates use it as a list: `for`, `|length`, `[0]`, `|map(...)`, `|first`, `|last`. Entries
    are not kept: a loop over 130.000 units holds one unit's dict at a time.
    """

    def __init__(self, items: Sequence[T], make: Callable[[T], Any]) -> None:
        self._items = items
        self._make = make

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._entry(item) for item in self._items[index]]
        return self._entry(self._items[index])

    def __iter__(self) -> Iterator[Any]:
        return map(self._entry, self._items)

    def __eq__(self, other: object) -> bool:
        """Equal to a list (or LazyList) of the same entries, as the list it stands for would be."""
        if not isinstance(other, Sequence) or isinstance(other, str) or len(other) != len(self):
            return False
        return all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # like a list

    def __repr__(self) -> str:
        return f"LazyList({len(self)} entries)"

    def _entry(self, item: Any) -> Any:
        return clean(self._make(item))
