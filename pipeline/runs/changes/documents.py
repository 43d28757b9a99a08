"""Which drafts show a change: by the sources each document was made from, or by searching its text.

A national annex is hundreds of MB of XML and there may be thousands of changes, so a document is
read a piece at a time and every needle is looked for in one pass over each piece.
"""

from __future__ import annotations

import codecs
import html
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from pipeline.runs.changes.listing import Change


def mark_documents(changes: Iterable[Change], documents: Mapping[str, Iterable[str]]) -> None:
    """Fill each change's `documents`: those whose sources (summary keys, or key paths such as
    "figures/CB") cover the change's path."""
    for change in changes:
        change.documents = sorted(
            name for name, sources in documents.items() if _covers(sources, change.path)
        )


def _covers(sources: Iterable[str], path: tuple[str, ...]) -> bool:
    # A figure lives under units/figures, a total under totals/total_figures: either key covers it.
    twins = {"units": "figures", "figures": "units", "totals": "total_figures", "total_figures": "totals"}
    paths = [path, (twins[path[0]], *path[1:])] if path[0] in twins else [path]
    for source in sources:
        parts = tuple(p for p in source.split("/") if p)
        if any(parts == p[: len(parts)] for p in paths):
            return True
    return False


def find_in_documents(changes: Sequence[Change], documents: Mapping[str, Path]) -> None:
    """Fill each change's `documents` with the drafts whose text shows it: a figure or a total by
    its new value as written (339.739, or 339739 in a spreadsheet cell), anything else by the
    unit's or the recipient's name.

    One document at a time, read a piece at a time, every needle looked for in one pass over the
    piece: a national annex is hundreds of MB of XML, and there may be thousands of changes.
    A number counts where it stands whole: 1.000 is not shown by 11.000.
    """
    numbers: dict[str, list[int]] = {}  # needle → the changes (their places in `changes`) it shows
    names: dict[str, list[int]] = {}
    for i, change in enumerate(changes):
        change.documents = []
        if change.path[0] in ("units", "totals") and change.new != "—":
            for needle in {_bare_number(change.new), _bare_number(change.new.replace(".", ""))}:
                numbers.setdefault(needle, []).append(i)
        elif change.unit:
            names.setdefault(change.unit, []).append(i)
    finder = _NameFinder(names)
    for document, path in sorted(documents.items()):
        for i in sorted(_shown_in(path, numbers, names, finder)):
            changes[i].documents.append(document)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")  # 339.739, 339739, 96,5: what a document writes a figure as


def _bare_number(text: str) -> str:
    """A figure as _NUMBER finds it in a document: no sign, no percent sign."""
    return text.strip().lstrip("-−").rstrip("%").strip()


def _shown_in(
    path: Path, numbers: Mapping[str, list[int]], names: Mapping[str, list[int]], finder: _NameFinder
) -> set[int]:
    """The changes a document shows, read a piece at a time. Stops once each change is found:
    a figure has two needles (339.739 in text, 339739 in a cell) and one of them is enough."""
    shown: set[int] = set()
    pending = set(numbers)
    found_names: set[str] = set()
    for piece in document_pieces(path):
        found = pending.intersection(_NUMBER.findall(piece)) if pending else set()
        for needle in found:
            shown.update(numbers[needle])
        if found:
            pending = {n for n in pending if not shown.issuperset(numbers[n])}
        if len(found_names) < finder.size:
            for name in finder.find(piece) - found_names:
                shown.update(names[name])
                found_names.add(name)
        if not pending and len(found_names) == finder.size:
            break
    return shown


class _NameFinder:
    """Finds which of many names a text contains, in one pass: the names as a trie-shaped regex
    (a shared beginning such as "CĐCS Công ty " is matched once, not once per name)."""

    _END = ""  # marks a trie node where a name ends (no character is empty)

    def __init__(self, names: Iterable[str]) -> None:
        self.trie: dict[str, Any] = {}
        unique = {name for name in names if name}
        for name in unique:
            node = self.trie
            for character in name:
                node = node.setdefault(character, {})
            node[self._END] = {}
        self.size = len(unique)
        self.pattern = re.compile(self._regex(self.trie)) if self.size else None

    def find(self, text: str) -> set[str]:
        """Every name that occurs in `text`, overlapping ones included."""
        found: set[str] = set()
        if self.pattern is None:
            return found
        position = 0
        while (match := self.pattern.search(text, position)) is not None:
            # The regex takes the longest name starting here; the shorter ones are its prefixes.
            found.update(self._prefixes(match.group()))
            position = match.start() + 1  # a name may also start inside this one
        return found

    def _prefixes(self, matched: str) -> Iterator[str]:
        node = self.trie
        for i, character in enumerate(matched):
            node = node[character]
            if self._END in node:
                yield matched[: i + 1]

    def _regex(self, node: dict[str, Any]) -> str:
        """The names below `node` as a regex; a run of single children stays one literal, so the
        nesting (and the recursion) goes only as deep as the places where names part."""
        literal = []
        while self._END not in node and len(node) == 1:
            [(character, node)] = node.items()
            literal.append(re.escape(character))
        branches = [re.escape(c) + self._regex(child) for c, child in node.items() if c != self._END]
        rest = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})" if branches else ""
        if self._END in node and rest:
            rest = f"(?:{rest})?"
        return "".join(literal) + rest


_PIECE = 1 << 22  # read 4 MiB at a time
_PIECE_MAX = 1 << 25  # a piece with no paragraph or cell end in it is searched once this long
_XML_ENDS = ("</w:p>", "</c>", "</si>")  # a paragraph, a cell, a shared string: a number never spans them


def document_pieces(path: Path) -> Iterator[str]:
    """The visible text of a draft, a piece at a time: enough to search for a number or a name.
    No piece ends inside a paragraph or a cell, so "339.739" is never cut in two."""
    try:
        if path.suffix.lower() in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as archive:
                for part in archive.namelist():
                    if part.endswith(".xml") and not part.startswith("docProps/"):
                        with archive.open(part) as xml:
                            yield from (_visible(piece) for piece in _pieces(xml, _XML_ENDS))
        else:
            with path.open("rb") as handle:
                yield from _pieces(handle, ("\n",))
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError):
        return


_ENDS = re.compile("|".join(_XML_ENDS))
_TAG = re.compile(r"<[^>]+>")


def _visible(xml: str) -> str:
    # Word splits text into runs; joining runs of a paragraph keeps "339.739" whole.
    text = _TAG.sub("", _ENDS.sub(" ", xml))
    return html.unescape(text) if "&" in text else text  # "&amp;", and "&#272;" as openpyxl writes Đ


def _pieces(stream: IO[bytes], ends: tuple[str, ...]) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    carry = ""
    while block := stream.read(_PIECE):
        text = carry + decoder.decode(block)
        cut = max((i + len(end) for end in ends if (i := text.rfind(end)) >= 0), default=0)
        if not cut and len(text) >= _PIECE_MAX:
            cut = text.rfind(">") + 1 or len(text)  # never inside a tag, at least
        carry = text[cut:]
        if cut:
            yield text[:cut]
    carry += decoder.decode(b"", final=True)
    if carry:
        yield carry
