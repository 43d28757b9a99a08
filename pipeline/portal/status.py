"""Where each unit stands: the state the unit sees and the office's matrix counts and filters.

A unit is «chưa nộp» until a file of it is in submissions/ (through the portal or copied there by
the office), then «có lỗi» or «đã nhận» by its last accepted upload's findings, until the office
approves it («đã duyệt») or returns it with a note («trả lại»); a new upload clears the decision.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from pipeline.inputs.catalog import RegistryUnit
from pipeline.portal.placement import UPLOAD_SUFFIXES, submission_name

STATES = {
    "chua-nop": "Chưa nộp",
    "da-nhan": "Đã nhận",
    "co-loi": "Có lỗi",
    "da-duyet": "Đã duyệt",
    "tra-lai": "Trả lại",
}
FILTERS = {**STATES, "nop-muon": "Nộp muộn"}


@dataclass
class UnitState:
    key: str  # one of STATES
    late: bool
    received_at: str
    note: str = ""

    @property
    def label(self) -> str:
        return STATES[self.key]


def unit_state(record: dict[str, Any], has_file: bool, deadline: object) -> UnitState:
    decision = record.get("decision") or {}
    received_at = str(record.get("received_at") or "")
    late = bool(received_at and isinstance(deadline, dt.date) and _after(received_at, deadline))
    if decision.get("state") == "approved":
        return UnitState("da-duyet", late, received_at, decision.get("note", ""))
    if decision.get("state") == "returned":
        return UnitState("tra-lai", late, received_at, decision.get("note", ""))
    if not has_file and not record.get("file"):
        return UnitState("chua-nop", False, "")
    return UnitState("co-loi" if record.get("errors") else "da-nhan", late, received_at)


def _after(received_at: str, deadline: dt.date) -> bool:
    day_end = dt.datetime.combine(deadline, dt.time(23, 59, 59))
    arrived = dt.datetime.fromisoformat(received_at)
    return arrived.replace(tzinfo=None) > day_end


@dataclass
class MatrixRow:
    unit: RegistryUnit
    state: UnitState
    errors: int
    warnings: int
    file: str


def matrix(
    units: dict[str, RegistryUnit],
    records: dict[str, dict[str, Any]],
    submissions: os.PathLike[str] | str,
    year: int,
    deadline: object,
) -> list[MatrixRow]:
    """Every active unit's row; a file the office copied in by hand counts as received."""
    try:
        with os.scandir(submissions) as entries:
            present = {e.name for e in entries if e.is_file()}
    except FileNotFoundError:
        present = set()
    rows = []
    for code, unit in units.items():
        record = records.get(code, {})
        has_file = any(submission_name(code, year, s) in present for s in UPLOAD_SUFFIXES)
        state = unit_state(record, has_file, deadline)
        file = str(record.get("file") or next((n for n in sorted(present) if n.startswith(f"{code}_")), ""))
        rows.append(
            MatrixRow(unit, state, int(record.get("errors") or 0), int(record.get("warnings") or 0), file)
        )
    return rows


def counts(rows: list[MatrixRow]) -> dict[str, int]:
    found = {key: 0 for key in FILTERS}
    for row in rows:
        found[row.state.key] += 1
        found["nop-muon"] += row.state.late
    return found


def keep(rows: list[MatrixRow], wanted: str) -> list[MatrixRow]:
    """The rows a filter shows; an unknown filter shows every row."""
    if wanted == "nop-muon":
        return [r for r in rows if r.state.late]
    if wanted in STATES:
        return [r for r in rows if r.state.key == wanted]
    return rows
