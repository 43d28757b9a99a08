"""Word tracked changes and comments, written into a DOCX a person edited (pure OOXML).

python-docx has no API for revisions (python-openxml/python-docx#340, open since 2016), so this
writes the markup itself: the old text of a figure becomes a `w:del` (its `w:t` renamed
`w:delText`), the new text a `w:ins` run with the old run's formatting, both by author
«tongket» at the run's date, and a comment anchored on the pair (`word/comments.xml`, added with
its relationship and content type when the document has none). Everything else of the document
— the part's other elements, every other part of the zip — is copied as it was.

`accept_all` gives what Word's Review → Accept All gives, for the markup written here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from pipeline.office.anchors import Anchor, bookmark_name, find_anchors, w
from pipeline.office.rows import RowChange, apply_rows, keyed_rows

AUTHOR = "tongket"
MAIN_PART = "word/document.xml"
COMMENTS_PART = "word/comments.xml"
_RELS = "word/_rels/document.xml.rels"
_TYPES = "[Content_Types].xml"
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass
class Revision:
    """One figure to change: the anchor's identity, the new text, and the comment to attach."""

    ident: str
    new_text: str
    comment: str


def read_anchors(data: bytes) -> dict[str, Anchor]:
    """The anchors of a DOCX's body, by identity."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read(MAIN_PART))
    return find_anchors(root)


def apply_revisions(
    data: bytes, revisions: Iterable[Revision], when: str, rows: Sequence[RowChange] = ()
) -> tuple[bytes, list[str]]:
    """The document with each revision as a tracked change and a comment, and each row change as
    a tracked row insertion or deletion (pipeline.office.rows); also the identities that could
    not be changed (the anchor is no longer a run of one paragraph, the row's neighbour is gone)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        contents = {info.filename: archive.read(info) for info in infos}
    root = etree.fromstring(contents[MAIN_PART])
    anchors = find_anchors(root)
    comments_root = _comments_root(contents.get(COMMENTS_PART))
    ids = _Ids(root, comments_root)
    failed: list[str] = []
    applied = 0
    for revision in revisions:
        anchor = anchors.get(revision.ident)
        if anchor is None or not anchor.simple or not anchor.runs:
            failed.append(revision.ident)
            continue
        _track(anchor, revision, when, ids, comments_root)
        applied += 1
    if rows:
        made = apply_rows(root, rows, {w("author"): AUTHOR, w("date"): when}, ids.revision)
        applied += made
        failed += [] if made == len(rows) else _unplaced(root, rows)
    if not applied:
        return data, failed
    contents[MAIN_PART] = _xml(root)
    contents[COMMENTS_PART] = _xml(comments_root)
    if not any(i.filename == COMMENTS_PART for i in infos):
        contents[_RELS] = _with_comments_rel(contents[_RELS])
        contents[_TYPES] = _with_comments_type(contents[_TYPES])
        infos.append(zipfile.ZipInfo(COMMENTS_PART, infos[0].date_time))
    return _zip(infos, contents), failed


def _unplaced(root: Any, rows: Sequence[RowChange]) -> list[str]:
    present = keyed_rows(root)
    return [r.ident for r in rows if r.row is not None and r.ident not in present]


def _track(anchor: Anchor, revision: Revision, when: str, ids: _Ids, comments_root: Any) -> None:
    first = anchor.runs[0]
    props = first.find(w("rPr"))
    stamp = {w("author"): AUTHOR, w("date"): when}
    deleted = etree.Element(w("del"), {w("id"): ids.revision(), **stamp})
    first.addprevious(deleted)
    for run in anchor.runs:
        if run.getparent().tag == w("ins"):  # an earlier insertion of ours, not yet accepted
            continue
        for t in run.iter(w("t")):
            t.tag = w("delText")
        deleted.append(run)
    inserted = etree.Element(w("ins"), {w("id"): ids.revision(), **stamp})
    new_run = etree.SubElement(inserted, w("r"))
    if props is not None:
        new_run.append(etree.fromstring(etree.tostring(props)))
    new_t = etree.SubElement(new_run, w("t"), {_XML_SPACE: "preserve"})
    new_t.text = revision.new_text
    deleted.addnext(inserted)
    comment_id = ids.comment()
    deleted.addprevious(etree.Element(w("commentRangeStart"), {w("id"): comment_id}))
    inserted.addnext(etree.Element(w("commentRangeEnd"), {w("id"): comment_id}))
    reference = etree.Element(w("r"))
    reference_props = etree.SubElement(reference, w("rPr"))
    etree.SubElement(reference_props, w("rStyle"), {w("val"): "CommentReference"})
    etree.SubElement(reference, w("commentReference"), {w("id"): comment_id})
    anchor.end.addnext(reference)
    # The bookmark now names the new text: once accepted, the next update sees it untouched.
    anchor.start.set(w("name"), bookmark_name(anchor.ident, revision.new_text))
    _add_comment(comments_root, comment_id, revision.comment, when)


def _add_comment(comments_root: Any, comment_id: str, text: str, when: str) -> None:
    comment = etree.SubElement(
        comments_root,
        w("comment"),
        {w("id"): comment_id, w("author"): AUTHOR, w("date"): when, w("initials"): "TK"},
    )
    paragraph = etree.SubElement(comment, w("p"))
    run = etree.SubElement(paragraph, w("r"))
    t = etree.SubElement(run, w("t"), {_XML_SPACE: "preserve"})
    t.text = text


class _Ids:
    """Fresh ids for revisions and comments, above any the document already uses."""

    def __init__(self, root: Any, comments_root: Any) -> None:
        used = [el.get(w("id")) for el in root.iter(w("ins"), w("del"))]
        self._revision = max((int(i) for i in used if i and i.isdigit()), default=0) + 1000
        taken = [el.get(w("id")) for el in comments_root.iter(w("comment"))]
        self._comment = max((int(i) for i in taken if i and i.isdigit()), default=-1) + 1

    def revision(self) -> str:
        self._revision += 1
        return str(self._revision)

    def comment(self) -> str:
        self._comment += 1
        return str(self._comment - 1)


def _comments_root(data: bytes | None) -> Any:
    if data:
        return etree.fromstring(data)
    return etree.Element(w("comments"), nsmap={"w": w("")[1:-1]})


def _with_comments_rel(data: bytes) -> bytes:
    root = etree.fromstring(data)
    taken = {el.get("Id") for el in root}
    number = 1
    while f"rIdTk{number}" in taken:
        number += 1
    etree.SubElement(
        root,
        f"{{{_PKG_RELS}}}Relationship",
        {"Id": f"rIdTk{number}", "Type": _COMMENTS_REL, "Target": "comments.xml"},
    )
    return _xml(root)


def _with_comments_type(data: bytes) -> bytes:
    root = etree.fromstring(data)
    etree.SubElement(
        root, f"{{{_CT_NS}}}Override", {"PartName": "/" + COMMENTS_PART, "ContentType": _COMMENTS_TYPE}
    )
    return _xml(root)


def _xml(root: Any) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _zip(infos: list[zipfile.ZipInfo], contents: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            fixed = zipfile.ZipInfo(info.filename, info.date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, contents[info.filename])
    return buffer.getvalue()


def accept_all(data: bytes) -> bytes:
    """The document with every tracked change accepted (insertions kept, deletions dropped) and
    every comment mark removed, as Word's Accept All and Delete All Comments leave it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        contents = {info.filename: archive.read(info) for info in infos}
    root = etree.fromstring(contents[MAIN_PART])
    for deleted in list(root.iter(w("del"))):
        parent = deleted.getparent()
        if parent.tag == w("trPr"):  # a deleted row: the whole row goes
            row = parent.getparent()
            if row.getparent() is not None:
                row.getparent().remove(row)
            continue
        parent.remove(deleted)
    for inserted in list(root.iter(w("ins"))):
        parent = inserted.getparent()
        if parent.tag == w("rPr"):  # a paragraph mark's insertion: only its property goes
            parent.remove(inserted)
            continue
        for child in list(inserted):
            inserted.addprevious(child)
        parent.remove(inserted)
    marks = (w("commentRangeStart"), w("commentRangeEnd"))
    for mark in list(root.iter(*marks)):
        mark.getparent().remove(mark)
    for reference in list(root.iter(w("commentReference"))):
        run = reference.getparent()
        run.getparent().remove(run)
    contents[MAIN_PART] = _xml(root)
    return _zip(infos, contents)
