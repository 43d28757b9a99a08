"""Living drafts: the figures that changed, written into the draft a person is editing, as Word
tracked changes, in "<name> (cập nhật N).docx" beside it.

When the run keeps an edited draft (placement writes the fresh one as "(bản mới N)"), this
compares the anchors (pipeline.office.anchors) of the edited document with the fresh draft's:

- an anchor whose text is still what tongket wrote there (its bookmark's hash) and whose fresh
  text differs becomes a revision: old text deleted, new inserted, a comment naming the unit,
  the indicator, old → new and the submission file (pipeline.office.revisions);
- an anchor a person deleted or retyped is never touched: it is listed «không tự cập nhật được»
  with the document, the first words of its paragraph and the new value, when its figure changed.

The edited file itself is never written; the update copy goes through the placer (manifest,
never over a person's edit) and is made again only when the edited file or the fresh draft moved.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import urllib.parse
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree

from pipeline.formats.anchors import KINDS
from pipeline.formats.vnformat import so
from pipeline.model import summary_io
from pipeline.office.anchors import Anchor, find_anchors, name_parts, w
from pipeline.office.revisions import MAIN_PART, Revision, apply_revisions
from pipeline.office.rows import plan_rows
from pipeline.runs.manifest import fingerprint
from pipeline.runs.placement import Outcome, Placer

UPDATE_LABEL = "cập nhật"
_UPDATE_NAME = re.compile(rf"^(?P<stem>.*) \({UPDATE_LABEL} (?P<n>\d+)\)$")
_WORDS = 8
_ROW_LEFT = "(dòng không còn trong bản mới, nhưng tên đã được sửa: hãy xóa tay nếu cần)"
_ROW_NEW = "(dòng mới: hãy thêm tay)"  # how many first words of a paragraph name it in the change list


@dataclass
class Unresolved:
    """A figure tongket could not update itself: a person must."""

    paragraph: str  # the first words of the paragraph it is (or was) in
    what: str  # unit and indicator
    new: str


@dataclass
class DocumentUpdate:
    """What the update of one edited document did."""

    name: str  # the edited document
    copy: Path | None  # the update copy, when there were revisions
    applied: int = 0  # revisions written, rows included
    rows: int = 0  # of which rows inserted or deleted
    unresolved: list[Unresolved] = field(default_factory=list)


@dataclass
class Describe:
    """Names for a comment: units (code → name, submission file) and indicators (code → name)."""

    units: dict[str, tuple[str, str]] = field(default_factory=dict)
    indicators: dict[str, str] = field(default_factory=dict)
    changed: set[tuple[str, str]] = field(default_factory=set)  # (unit or "", indicator) that changed
    files_by_indicator: dict[str, list[str]] = field(default_factory=dict)

    def unit(self, code: str) -> str:
        return self.units.get(code, (code, ""))[0] if code else "Tổng cộng"

    def indicator(self, rest: str) -> tuple[str, str]:
        """(indicator code, its name) for the indicator part of a bookmark name."""
        for code in sorted(self.indicators, key=len, reverse=True):
            if rest == code or rest.startswith(code + "_"):
                return code, self.indicators[code]
        return rest, ""

    def label(self, ident: str) -> str:
        found = name_parts(ident + "_000000")
        if found is None or not found.indicator:
            return "số liệu"
        _, name = self.indicator(found.indicator)
        what = name or KINDS.get(found.kind, "số liệu")
        kind = "" if found.kind == "v" else f" ({KINDS.get(found.kind, '')})"
        return f"{self.unit(found.unit)}, {what}{kind}"

    def source(self, ident: str) -> str:
        found = name_parts(ident + "_000000")
        if found is None:
            return ""
        if found.unit:
            return self.units.get(found.unit, ("", ""))[1]
        code, _ = self.indicator(found.indicator)
        return ", ".join(self.files_by_indicator.get(code, [])[:5])

    def figure_changed(self, ident: str) -> bool:
        found = name_parts(ident + "_000000")
        if found is None or found.kind in ("n", "t", "r"):
            return bool(self.changed)  # counts, names and ranks move with any change
        code, _ = self.indicator(found.indicator)
        return (found.unit, code) in self.changed


def describe_from(summary_file: Path, changes: Iterable[tuple[tuple[str, ...], Any, Any]]) -> Describe:
    """Names from summary.json (read a member at a time) and the (path, old, new) of the changes."""
    describe = Describe()
    for where, key, raw in summary_io.iter_members(summary_file):
        if where == () and key == "unit_list" and raw != "null":
            for unit in summary_io.iter_array(raw):
                name = unit.get("short_name") or unit.get("name") or unit["code"]
                describe.units[unit["code"]] = (name, unit.get("source_file") or "")
        elif where == () and key == "indicators":
            describe.indicators = {c: i.get("name", c) for c, i in json.loads(raw).items()}
    for path, _, _ in changes:
        if path[0] == "units":
            describe.changed.add((path[1], path[2]))
            describe.changed.add(("", path[2]))
            source = describe.units.get(path[1], ("", ""))[1]
            if source:
                describe.files_by_indicator.setdefault(path[2], []).append(source)
        elif path[0] == "totals":
            describe.changed.add(("", path[1]))
        else:
            describe.changed.add(("", "*"))
    return describe


def update_name(name: str, number: int) -> str:
    """("bao-cao.docx", 1) → "bao-cao (cập nhật 1).docx"."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem} ({UPDATE_LABEL} {number}){path.suffix}"))


def update_edited_drafts(placer: Placer, describe: Describe, when: str | None = None) -> list[DocumentUpdate]:
    """An update copy for each edited DOCX this run kept (see the module doc)."""
    stamp = when or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    updates = []
    for placed in list(placer.placed):
        if placed.outcome != Outcome.KEPT or placed.beside is None or not placed.name.endswith(".docx"):
            continue
        update = update_document(placer, placed.name, placed.beside, describe, stamp)
        if update is not None:
            updates.append(update)
    return updates


def update_document(
    placer: Placer, name: str, fresh_path: Path, describe: Describe, when: str
) -> DocumentUpdate | None:
    """The update of the edited `name` from the fresh draft at `fresh_path`; None when nothing changed."""
    edited = (placer.folder / name).read_bytes()
    fresh = fresh_path.read_bytes()
    edited_root, fresh_root = _body(edited), _body(fresh)
    edited_anchors, fresh_anchors = find_anchors(edited_root), find_anchors(fresh_root)
    rows = plan_rows(edited_root, fresh_root, lambda i: edited_anchors[i].untouched)
    revisions, unresolved = plan(edited_anchors, fresh_anchors, describe, rows.covered())
    for ident, _ in rows.left:
        unresolved.append(Unresolved(_first_words(edited_anchors[ident]), describe.label(ident), _ROW_LEFT))
    if not revisions and not unresolved and not rows.changes:
        return None
    update = DocumentUpdate(name, None, unresolved=unresolved)
    if revisions or rows.changes:
        data, failed = apply_revisions(edited, revisions, when, rows.changes)
        by_ident = {r.ident: r.new_text for r in revisions} | {r.ident: _ROW_NEW for r in rows.changes}
        update.unresolved += [Unresolved("", describe.label(i), by_ident[i]) for i in failed]
        update.applied = len(revisions) + len(rows.changes) - len(failed)
        update.rows = len([r for r in rows.changes if r.ident not in failed])
        if update.applied:
            made_from = fingerprint("cap-nhat", _sha(edited), _sha(fresh))
            update.copy = place_update(placer, name, data, made_from)
    return update


def plan(
    edited: Mapping[str, Anchor],
    fresh: Mapping[str, Anchor],
    describe: Describe,
    rows: frozenset[str] | set[str] = frozenset(),
) -> tuple[list[Revision], list[Unresolved]]:
    """The revisions to make and the figures a person must update (see the module doc); the
    anchors in `rows` are in a row inserted or deleted whole (pipeline.office.rows)."""
    revisions: list[Revision] = []
    unresolved: list[Unresolved] = []
    for ident, new in fresh.items():
        if ident in rows:
            continue
        old = edited.get(ident)
        if old is None:
            if describe.figure_changed(ident):
                unresolved.append(Unresolved(_first_words(new), describe.label(ident), new.text))
            continue
        if old.text == new.text:
            continue
        if not old.untouched or not old.simple:
            unresolved.append(Unresolved(_first_words(old), describe.label(ident), new.text))
            continue
        source = describe.source(ident)
        comment = f"{describe.label(ident)}: {old.text.strip()} → {new.text.strip()}."
        if source:
            comment += f" Tệp báo cáo: {source}."
        revisions.append(Revision(ident, new.text, comment))
    for ident, old in edited.items():
        if ident not in fresh and ident not in rows and old.untouched:
            unresolved.append(
                Unresolved(_first_words(old), describe.label(ident), "(không còn trong bản mới)")
            )
    return revisions, unresolved


def _body(data: bytes) -> Any:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(MAIN_PART))


def _first_words(anchor: Anchor) -> str:
    node = anchor.start
    while node is not None and node.tag != w("p"):
        node = node.getparent()
    if node is None:
        return ""
    text = "".join(t.text or "" for t in node.iter(w("t"))).split()
    return " ".join(text[:_WORDS]) + (" …" if len(text) > _WORDS else "")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def place_update(placer: Placer, name: str, data: bytes, made_from: str) -> Path:
    """Write the update copy: again under the last update's name while no one edited that one."""
    copies = sorted(
        (int(m["n"]), other)
        for other, entry in placer.manifest.files.items()
        if entry.draft_of == name and (m := _UPDATE_NAME.match(PurePosixPath(other).stem))
    )
    for _, other in reversed(copies):
        entry = placer.manifest.files[other]
        state = placer.manifest.state(placer.folder, other)
        if state == "ours" and entry.fingerprint == made_from:
            return placer.folder / other  # the same update as last night: nothing to write
        if state == "ours":
            return placer.place(other, data, fingerprint=made_from, draft_of=name).path
        break
    taken = [n for n, _ in copies]
    target = update_name(name, max(taken, default=0) + 1)
    while (placer.folder / target).exists():
        taken.append(max(taken, default=0) + 1)
        target = update_name(name, max(taken) + 1)
    return placer.place(target, data, fingerprint=made_from, draft_of=name).path


def updates_html(updates: Iterable[DocumentUpdate], folder: Path) -> str:
    """The change list's section on the edited drafts: per document, how many figures were
    updated as revisions (with a link to the update copy) and which need a person."""
    e = html.escape
    blocks = []
    for update in updates:
        if update.copy is not None:
            link = urllib.parse.quote(update.copy.relative_to(folder).as_posix())
            copy = f'bản cập nhật: <a href="../{link}"><b>{e(update.copy.name)}</b></a>'
        else:
            copy = "không có số liệu nào tự cập nhật được"
        rows = "".join(
            f"<tr><td>{e(u.what)}</td><td>{e(u.paragraph) or '—'}</td><td>{e(u.new)}</td></tr>\n"
            for u in update.unresolved
        )
        table = (
            "<p>Không tự cập nhật được (số liệu đã bị xóa hoặc gõ lại trong bản đang sửa): hãy sửa tay.</p>\n"
            "<table>\n<tr><th>Số liệu</th><th>Đoạn văn (những chữ đầu)</th><th>Giá trị mới</th></tr>\n"
            f"{rows}</table>\n"
            if rows
            else ""
        )
        rows = f" (trong đó {so(update.rows)} dòng bảng thêm hoặc bớt)" if update.rows else ""
        blocks.append(
            f"<h3>{e(update.name)}</h3>\n<p>{so(update.applied)} số liệu đã cập nhật thành thay đổi "
            f"được theo dõi (Review → Accept){rows}, {so(len(update.unresolved))} số liệu cần người sửa; "
            f"{copy}.</p>\n{table}"
        )
    if not blocks:
        return ""
    return (
        "<h2>Cập nhật vào bản đang sửa</h2>\n"
        "<p>Bản cập nhật là chính văn bản đang sửa, mỗi số liệu đổi là một thay đổi được theo dõi "
        "kèm ghi chú; văn bản đang sửa được giữ nguyên. Cách duyệt: docs/huong-dan-su-dung.md, "
        "mục «Bản cập nhật».</p>\n" + "".join(blocks)
    )
