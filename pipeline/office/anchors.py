"""Anchors in DOCX: the marked figures of a rendered draft become hidden Word bookmarks.

Why bookmarks and not content controls: tested with LibreOffice 7.4 (soffice --convert-to docx of
a python-docx document, before and after python-docx edits: text typed before and after a figure,
the paragraph's style and the run's font changed, the paragraph moved to the end, split before and
after the figure; and a second LibreOffice trip, and one through .odt), bookmarks kept their names
and exactly the figure's text every time, while `w:sdt` content controls lost their `w:tag` on the
first trip — and python-docx's `paragraph.text` does not even read the text inside a `w:sdt`.

A bookmark name says what the figure shows and what tongket wrote there:
`_tk<kind>_<unit>_<indicator>_<n>_<hash>` — kind as in pipeline.formats.anchors.KINDS, unit empty
for the body's total, n the occurrence of that figure in the document, hash six hex digits of the
text written. The leading underscore makes it a hidden bookmark (Word's Insert → Bookmark list
does not show it); Word allows 40 characters, so a longer name gives a hash of the key instead.
Bookmarks do not print and do not change the text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from pipeline.formats.anchors import ANY_MARK, MARKED, START, decode, parts

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PREFIX = "_tk"
NAME_MAX = 40  # Word's limit for a bookmark name
_NAME = re.compile(
    r"^_tk(?P<kind>[a-z])_(?P<unit>[A-Za-z0-9]*)_(?P<rest>.*)_(?P<n>\d+)_(?P<hash>[0-9a-f]{6})$"
)
_SAFE = re.compile(r"[^A-Za-z0-9_]")
_UNIT_SAFE = re.compile(r"[^A-Za-z0-9]")


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def identity(anchor_key: str, occurrence: int) -> str:
    """The bookmark name without its text hash: the same figure in every render."""
    kind, indicator, unit = parts(anchor_key)
    unit_part = "" if unit == "*" else _UNIT_SAFE.sub("", unit)
    name = f"{PREFIX}{kind}_{unit_part}_{_SAFE.sub('_', indicator)}_{occurrence}"
    if len(name) + 7 > NAME_MAX:
        name = f"{PREFIX}{kind}_{hashlib.sha1(anchor_key.encode()).hexdigest()[:12]}_h_{occurrence}"
    return name


def bookmark_name(ident: str, text: str) -> str:
    return f"{ident}_{text_hash(text)}"


@dataclass
class NameParts:
    kind: str
    unit: str  # "" for the body's total
    indicator: str  # "" when the name holds a hash of the key


def name_parts(name: str) -> NameParts | None:
    found = _NAME.match(name)
    if not found:
        return None
    rest = found["rest"]
    if rest == "h" and len(found["unit"]) == 12:  # a long key, named by its hash
        return NameParts(found["kind"], "", "")
    return NameParts(found["kind"], found["unit"], rest)


def split_identity(name: str) -> tuple[str, str] | None:
    """(identity, hash) of a tongket bookmark name, None for any other bookmark."""
    if not name.startswith(PREFIX) or len(name) < 8 or name[-7] != "_":
        return None
    ident, digest = name[:-7], name[-6:]
    if not re.fullmatch(r"[0-9a-f]{6}", digest):
        return None
    return ident, digest


# -- writing: marks → bookmarks -----------------------------------------------------------------


def bookmark_marks(root: Any) -> int:
    """Turn every marked span in `root` (a part's XML element) into a bookmark; return how many.

    A span must lie inside one `w:t` (a figure is one value printed by one tag); marks anywhere
    else are removed, so the text is always exactly the unanchored text.
    """
    texts = [t for t in root.iter(w("t")) if t.text and START in t.text]
    if not texts:
        return 0
    next_id = _max_bookmark_id(root) + 1
    seen: dict[str, int] = {}
    made = 0
    for t in texts:
        run = t.getparent()
        if run is None or run.tag != w("r") or run.getparent() is None:
            t.text = _unmarked(t.text)
            continue
        for piece_run, anchor_key in _split_run(run, t):
            if anchor_key is None:
                continue
            piece_text = "".join(x.text or "" for x in piece_run.iter(w("t")))
            occurrence = seen[anchor_key] = seen.get(anchor_key, 0) + 1
            name = bookmark_name(identity(anchor_key, occurrence), piece_text)
            start = etree.Element(w("bookmarkStart"), {w("id"): str(next_id), w("name"): name})
            end = etree.Element(w("bookmarkEnd"), {w("id"): str(next_id)})
            piece_run.addprevious(start)
            piece_run.addnext(end)
            next_id += 1
            made += 1
    for t in root.iter(w("t")):  # marks that were not a whole span (split by a line break, say)
        if t.text and ANY_MARK.search(t.text):
            t.text = _unmarked(t.text)
    return made


def bookmark_marks_in_body(head: str, body: str) -> str:
    """`body` (the XML inside `<w:body>`, as a string) with its marks made bookmarks; `head` is
    the document's XML up to and including `<w:body>`, whose namespaces the body uses."""
    if START not in body:
        return body
    root = etree.fromstring((head + body + "</w:body></w:document>").encode("utf-8"))
    bookmark_marks(root.find(w("body")))
    xml = etree.tostring(root, encoding="unicode")
    opening = re.search(r"<w:body(?:\s[^>]*)?>", xml)
    return xml[opening.end() : xml.rfind("</w:body>")] if opening else body


def _unmarked(text: str) -> str:
    return ANY_MARK.sub("", MARKED.sub(lambda m: m.group(2), text))


def _split_run(run: Any, t: Any) -> list[tuple[Any, str | None]]:
    """Split `run` around the marked spans of its `t`: [(run, anchor key or None)], in order."""
    text = t.text
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for found in MARKED.finditer(text):
        if found.start() > at:
            pieces.append((text[at : found.start()], None))
        pieces.append((found.group(2), decode(found.group(1))))
        at = found.end()
    if at < len(text):
        pieces.append((text[at:], None))
    pieces = [(_unmarked(s), k) for s, k in pieces if s]
    if not pieces:
        t.text = ""
        return []
    children = list(run)
    index = children.index(t)
    props = run.find(w("rPr"))
    before = [c for c in children[:index] if c is not props]
    after = children[index + 1 :]
    made: list[tuple[Any, str | None]] = []
    for number, (piece, anchor_key) in enumerate(pieces):
        new_run = etree.Element(w("r"), run.attrib)
        if props is not None:
            new_run.append(_copy(props))
        if number == 0:
            for child in before:
                new_run.append(child)
        new_t = etree.SubElement(new_run, w("t"))
        new_t.text = piece
        if piece != piece.strip():
            new_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        if number == len(pieces) - 1:
            for child in after:
                new_run.append(child)
        made.append((new_run, anchor_key))
    for new_run, _ in made:
        run.addprevious(new_run)
    run.getparent().remove(run)
    return made


def _copy(element: Any) -> Any:
    return etree.fromstring(etree.tostring(element))


def _max_bookmark_id(root: Any) -> int:
    ids = [el.get(w("id")) for el in root.iter(w("bookmarkStart"))]
    return max((int(i) for i in ids if i and i.isdigit()), default=0)


# -- reading: the anchors of a document ------------------------------------------------------------


@dataclass
class Anchor:
    """One tongket bookmark found in a document."""

    name: str
    ident: str
    written_hash: str  # the hash of what tongket wrote there
    text: str = ""  # the text it holds now (inserted text counts, deleted text does not)
    start: Any = None
    end: Any = None
    runs: list[Any] = field(default_factory=list)
    simple: bool = True  # start and end in one paragraph with only runs between them

    @property
    def untouched(self) -> bool:
        return text_hash(self.text) == self.written_hash


def find_anchors(root: Any) -> dict[str, Anchor]:
    """tongket's bookmarks in a part, by identity (the first one when a person copied one)."""
    found: dict[str, Anchor] = {}
    open_by_id: dict[str, Anchor] = {}
    for el in root.iter(w("bookmarkStart"), w("bookmarkEnd"), w("t")):
        if el.tag == w("bookmarkStart"):
            split = split_identity(el.get(w("name")) or "")
            if split and split[0] not in found:
                anchor = Anchor(el.get(w("name")), split[0], split[1], start=el)
                found[anchor.ident] = anchor
                open_by_id[el.get(w("id")) or ""] = anchor
        elif el.tag == w("bookmarkEnd"):
            done = open_by_id.pop(el.get(w("id")) or "", None)
            if done is not None:
                done.end = el
        else:
            for anchor in open_by_id.values():
                anchor.text += el.text or ""
    for anchor in found.values():
        _locate_runs(anchor)
    return found


def _locate_runs(anchor: Anchor) -> None:
    """The runs between start and end, when they are siblings in one paragraph (else not simple)."""
    start, end = anchor.start, anchor.end
    if end is None or start.getparent() is not end.getparent() or start.getparent().tag != w("p"):
        anchor.simple = False
        return
    runs = []
    node = start.getnext()
    allowed = {w("r"), w("proofErr"), w("bookmarkStart"), w("bookmarkEnd"), w("ins"), w("del")}
    while node is not None and node is not end:
        if node.tag not in allowed:
            anchor.simple = False
            return
        if node.tag == w("r"):
            runs.append(node)
        node = node.getnext()
    if node is None:
        anchor.simple = False
        return
    anchor.runs = runs


def iter_text_parts(names: list[str]) -> Iterator[str]:
    """The parts of a DOCX that hold text tongket anchors: the body, headers and footers."""
    for name in names:
        if name == "word/document.xml" or re.fullmatch(r"word/(header|footer)\d*\.xml", name):
            yield name
