"""Tracked row insertions and deletions in the tables tongket owns (lists, annex, signature grid).

A row of such a table names one unit or one person: its first name anchor (a bookmark of kind
`t`, pipeline.office.anchors) is the row's identity, the same in every render whoever else is in
the list. Comparing the edited document's rows with the fresh draft's by that identity:

- a row only the fresh draft has is copied into the edited table, after the row of the entry
  before it in the fresh table (before the next one's when it comes first), as a tracked row
  insertion: `w:ins` in its `w:trPr` and each of its runs inside a `w:ins`;
- a row only the edited document has, whose name is still what tongket wrote, becomes a tracked
  row deletion: `w:del` in its `w:trPr` and its runs inside a `w:del`.

A fresh table none of whose rows is in the edited document, a row whose neighbours are all gone,
and a row whose name a person retyped are not guessed at: they are returned for the change list.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pipeline.office.anchors import find_anchors, w

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass
class RowChange:
    """A row to insert (`row` is the fresh row, placed `after` or `before` an edited row's
    identity) or to delete (`row` is None)."""

    ident: str
    row: Any = None
    after: str = ""
    before: str = ""
    covers: set[str] = field(default_factory=set)  # every anchor in the row


@dataclass
class RowPlan:
    changes: list[RowChange] = field(default_factory=list)
    left: list[tuple[str, Any]] = field(default_factory=list)  # (identity, fresh row) not placed

    def covered(self) -> set[str]:
        """The anchors a row change takes care of: not revisions, not «không tự cập nhật được»."""
        return {ident for change in self.changes for ident in change.covers} | {i for i, _ in self.left}


def keyed_rows(root: Any) -> dict[str, Any]:
    """The rows of `root`'s tables that name a unit or a person, by identity."""
    rows: dict[str, Any] = {}
    for anchor in find_anchors(root).values():
        if not anchor.ident.startswith("_tkt"):
            continue
        row = _row_of(anchor.start)
        if row is not None and row not in rows.values():
            rows[anchor.ident] = row
    return rows


def _row_of(element: Any) -> Any:
    node = element.getparent()
    while node is not None and node.tag != w("tr"):
        if node.tag == w("tbl"):
            return None
        node = node.getparent()
    return node


def _anchors_in(row: Any) -> set[str]:
    return set(find_anchors(row))


def plan_rows(edited: Any, fresh: Any, untouched: Callable[[str], bool]) -> RowPlan:
    """The row insertions and deletions that bring `edited`'s tables to `fresh`'s (see the doc)."""
    old, new = keyed_rows(edited), keyed_rows(fresh)
    plan = RowPlan()
    for table in _tables(new):
        present = [ident for ident in table if ident in old]
        if not present:
            continue  # a table the edited document does not have: for a person
        for index, ident in enumerate(table):
            if ident in old:
                continue
            after = next((i for i in reversed(table[:index]) if i in old), "")
            before = "" if after else next((i for i in table[index + 1 :] if i in old), "")
            row = new[ident]
            plan.changes.append(RowChange(ident, row, after, before, _anchors_in(row)))
    for ident, row in old.items():
        if ident not in new and _table_matched(row, old, new):
            if untouched(ident):
                plan.changes.append(RowChange(ident, covers=_anchors_in(row)))
            else:
                plan.left.append((ident, None))
    return plan


def _tables(rows: dict[str, Any]) -> list[list[str]]:
    """The keyed rows' identities grouped by table, in document order."""
    by_table: dict[int, list[str]] = {}
    order: list[int] = []
    for ident, row in rows.items():
        table = id(row.getparent())
        if table not in by_table:
            by_table[table] = []
            order.append(table)
        by_table[table].append(ident)
    return [by_table[t] for t in order]


def _table_matched(row: Any, old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether `row`'s table still has a row the fresh draft also has (else it is not ours to cut)."""
    table = row.getparent()
    return any(other.getparent() is table and ident in new for ident, other in old.items())


def apply_rows(root: Any, changes: Iterable[RowChange], stamp: dict[str, str], ids: Callable[[], str]) -> int:
    """Write the row changes into `root` as tracked changes; return how many were written."""
    rows = keyed_rows(root)
    done = 0
    next_bookmark = _max_bookmark_id(root) + 1
    for change in changes:
        if change.row is None:
            row = rows.get(change.ident)
            if row is not None:
                _mark_row(row, "del", stamp, ids)
                done += 1
            continue
        neighbour = rows.get(change.after or change.before)
        if neighbour is None:
            continue
        made = copy.deepcopy(change.row)
        for bookmark in made.iter(w("bookmarkStart"), w("bookmarkEnd")):
            bookmark.set(w("id"), str(next_bookmark + int(bookmark.get(w("id")) or 0)))
        _mark_row(made, "ins", stamp, ids)
        if change.after:
            neighbour.addnext(made)
        else:
            neighbour.addprevious(made)
        rows[change.ident] = made
        done += 1
    return done


def _mark_row(row: Any, how: str, stamp: dict[str, str], ids: Callable[[], str]) -> None:
    """The row as a tracked insertion or deletion: the mark in its properties and on its runs."""
    props = row.find(w("trPr"))
    if props is None:
        props = row.makeelement(w("trPr"), {})
        table_props = row.find(w("tblPrEx"))
        (table_props.addnext if table_props is not None else lambda e: row.insert(0, e))(props)
    props.append(row.makeelement(w(how), {w("id"): ids(), **stamp}))
    for run in list(row.iter(w("r"))):
        parent = run.getparent()
        if parent.tag in (w("ins"), w("del")):
            continue
        if how == "del":
            for t in run.iter(w("t")):
                t.tag = w("delText")
        wrapper = run.makeelement(w(how), {w("id"): ids(), **stamp})
        run.addprevious(wrapper)
        wrapper.append(run)
    for paragraph in row.iter(w("p")):  # the paragraph marks too, as Word writes a row's change
        p_props = paragraph.find(w("pPr"))
        if p_props is None:
            p_props = paragraph.makeelement(w("pPr"), {})
            paragraph.insert(0, p_props)
        mark_props = p_props.find(w("rPr"))
        if mark_props is None:
            mark_props = p_props.makeelement(w("rPr"), {})
            p_props.append(mark_props)
        mark_props.insert(0, row.makeelement(w(how), {w("id"): ids(), **stamp}))


def _max_bookmark_id(root: Any) -> int:
    found = [el.get(w("id")) for el in root.iter(w("bookmarkStart"))]
    return max((int(i) for i in found if i and i.isdigit()), default=0)
