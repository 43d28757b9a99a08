"""Validate: which units' figures aggregation may use, and every finding a person must look at.

A file with a blocking finding (unreadable, unknown unit, two differing files, wrong year) makes
its unit "excluded"; a bad cell only drops that figure. Every active unit ends up "received",
"missing" or "excluded", with the reason in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.catalog import Registry, RegistryUnit
from pipeline.findings import CATALOGUE, Finding, Report
from pipeline.form_layout import AWARD_FORMS
from pipeline.ingest import BLOCKING_CODES, FIGURE_COLUMNS, IngestResult
from pipeline.ingest.collector import FigureRow
from pipeline.ingest.context import COMPUTED_METHODS
from pipeline.ingest.numbers import is_whole
from pipeline.model import Indicator
from pipeline.outputs import write_text_atomic
from pipeline.settings import DEFAULT_TEMPLATES, FINDINGS_FILE, VALID_FILE

# Codes this stage produces; a report read back from findings.json is stripped of them first,
# so that validating again does not repeat them.
VALIDATION_CODES = frozenset(
    {
        "so-am",
        "so-le",
        "trung-chi-tieu",
        "thieu-chi-tieu",
        "khong-khop-tong",
        "moi-lon-hon-tong",
        "bien-dong-lon",
        "thieu-bao-cao",
        "nop-muon",
    }
)
PARTS_OF_TOTAL = {"cdcs": ("cdcs_sxkd", "cdcs_hcsn")}  # total = sum of parts, where all are given
NEW_WITHIN_TOTAL = {"cdcs_moi": "cdcs", "doan_vien_moi": "doan_vien"}  # new <= total
JUMP_MIN_BASE = 10.0  # 2 -> 5 hội nghị is +150% but not news: compare only when either year reaches this


@dataclass
class ValidationResult:
    valid: pd.DataFrame  # the figures aggregation may use (columns of IngestResult.figures)
    report: Report  # ingest findings + validation findings
    status: dict[str, str]  # every active unit -> "received" | "missing" | "excluded"
    notes: dict[str, str]  # unit -> why it is missing or excluded, in Vietnamese
    late: dict[str, str] = field(default_factory=dict)  # unit -> when its file arrived, if after the deadline
    files: dict[str, str] = field(default_factory=dict)  # submission file -> unit (from ingest)
    received_at: dict[str, str] = field(default_factory=dict)  # submission file -> ISO time
    nominations: pd.DataFrame | None = None  # nominations of received units with a known form


Key = tuple[str, str]  # (unit, indicator)


def validate(
    ingested: IngestResult,
    registry: Registry,
    catalog: dict[str, Indicator],
    year: int,
    previous: pd.DataFrame | None = None,
    jump_threshold_pct: float = 50.0,
    deadline: dt.date | None = None,
) -> ValidationResult:
    """Check the ingested figures of `year`; `previous` is last year's figures for the jump warning."""
    report = Report([f for f in ingested.report.findings if f.code not in VALIDATION_CODES])
    active = {u.code: u for u in registry.active(year)}
    blocked = {f.file for f in report.findings if f.code in BLOCKING_CODES and f.file}
    status, notes, usable = _unit_status(ingested, report, active, blocked, year)
    figures = ingested.figures
    keep = (
        figures["file"].isin(usable)
        & figures["ma_don_vi"].isin([u for u, s in status.items() if s == "received"])
        & figures["ma_chi_tieu"].isin([c for c, i in catalog.items() if i.method not in COMPUTED_METHODS])
    )
    figures = figures[keep]
    blank = figures["gia_tri"].isna()
    columns = ["ma_don_vi", "ma_chi_tieu", "file", "sheet", "cell"]
    empty_cells = {
        (unit, code): (file, sheet, cell)
        for unit, code, file, sheet, cell in _tuples(figures[blank], columns)
    }
    figures = figures[~blank]
    checks = _FigureChecks(figures, catalog, report)
    checks.run()
    unit_file = {unit: file for file, unit in sorted(ingested.files.items()) if file in usable}
    checks.missing(sorted(u for u, s in status.items() if s == "received"), empty_cells, unit_file)
    valid = (
        figures[checks.kept].sort_values(["ma_don_vi", "ma_chi_tieu"]).reset_index(drop=True)[FIGURE_COLUMNS]
    )
    if previous is not None and not previous.empty:
        _year_on_year(valid, previous, registry, catalog, year, jump_threshold_pct, report)
    late = _late_units(ingested, status, usable, deadline, report)
    nominations = ingested.nominations
    received = [u for u, s in status.items() if s == "received"]
    from_form = nominations["file"].isin(usable) & nominations["ma_don_vi"].isin(received)
    from_office = ~nominations["file"].isin(ingested.files) & nominations["ma_don_vi"].isin(status)
    nominations = nominations[(from_form | from_office) & nominations["hinh_thuc"].isin(AWARD_FORMS)]
    return ValidationResult(
        valid,
        report,
        status,
        notes,
        late,
        dict(ingested.files),
        dict(ingested.received_at),
        nominations.reset_index(drop=True),
    )


def _unit_status(
    ingested: IngestResult, report: Report, active: dict[str, RegistryUnit], blocked: set[str], year: int
) -> tuple[dict[str, str], dict[str, str], set[str]]:
    files_of: dict[str, list[str]] = defaultdict(list)
    for file, unit in ingested.files.items():
        files_of[unit].append(file)
    first_block: dict[str, Finding] = {}
    for finding in report.findings:
        if finding.code in BLOCKING_CODES and finding.file:
            first_block.setdefault(finding.file, finding)
    status, notes, usable = {}, {}, set()
    for code in active:
        files = sorted(files_of.get(code, []))
        good = [f for f in files if f not in blocked]
        if good:
            status[code] = "received"
            usable.update(good)
        elif files:
            status[code] = "excluded"
            notes[code] = _why([first_block[f] for f in files if f in first_block])
        else:
            status[code] = "missing"
            notes[code] = f"Chưa gửi báo cáo năm {year}."
            report.add(
                "thieu-bao-cao", unit=code, detail=f"Không có tệp nào của đơn vị {code} trong submissions."
            )
    return status, notes, usable


def _why(blocks: list[Finding]) -> str:
    """Why a unit's files are unusable, one sentence per distinct reason: "Tệp A, B: ..."."""
    reasons: dict[str, list[str]] = defaultdict(list)
    for finding in blocks:
        detail = f" {finding.detail}" if finding.detail else ""
        reasons[f"{CATALOGUE[finding.code].rule}{detail}"].append(finding.file or "")
    return " ".join(f"Tệp {', '.join(files)}: {reason}" for reason, files in reasons.items())


def _tuples(frame: pd.DataFrame, columns: list[str]) -> Iterator[tuple[Any, ...]]:
    """The rows of `frame` as plain tuples: ~4x faster than itertuples on pandas' str columns."""
    return zip(*(frame[c].tolist() for c in columns), strict=True)


# The indicators the per-unit cross-checks compare: the only ones looked up by (unit, indicator).
_CROSS_CHECKED = {c for total, parts in PARTS_OF_TOTAL.items() for c in (total, *parts)} | {
    c for pair in NEW_WITHIN_TOTAL.items() for c in pair
}


def _fractional(values: np.ndarray) -> np.ndarray:
    """`not is_whole(value)` for a whole column at once."""
    return np.abs(values - np.round(values)) >= 1e-9 * np.maximum(1.0, np.abs(values))


class _FigureChecks:
    """Per-figure and per-unit rules; a figure that breaks one is reported and not kept.

    Works on the figures' columns: a Python object per figure row (a tuple, a list in a dict) costs
    ~400 bytes a row, 1,3 GB for the 3 million figures of a national run.
    """

    def __init__(self, figures: pd.DataFrame, catalog: dict[str, Indicator], report: Report) -> None:
        self.figures = figures.reset_index(drop=True)
        self.values = self.figures["gia_tri"].to_numpy(dtype="float64")
        self.catalog, self.report = catalog, report
        self.kept = np.ones(len(self.figures), dtype=bool)
        cross = self.figures["ma_chi_tieu"].isin(_CROSS_CHECKED).to_numpy()
        self.by_key: dict[Key, list[int]] = defaultdict(list)
        for i, key in zip(np.flatnonzero(cross).tolist(), self._keys(cross), strict=True):
            self.by_key[key].append(i)

    def _keys(self, rows: np.ndarray) -> Iterator[Key]:
        return zip(
            self.figures["ma_don_vi"][rows].tolist(), self.figures["ma_chi_tieu"][rows].tolist(), strict=True
        )

    def _row(self, i: int) -> FigureRow:
        return FigureRow._make(self.figures[c].iat[i] for c in FIGURE_COLUMNS)

    def _add(self, code: str, i: int, detail: str = "") -> None:
        row = self._row(i)
        self.report.add(
            code,
            unit=row.ma_don_vi,
            file=row.file,
            sheet=row.sheet,
            cell=row.cell,
            value=vn_number(float(row.gia_tri)),
            indicator=row.ma_chi_tieu,
            detail=detail,
        )
        self.kept[i] = False

    def run(self) -> None:
        negative = self.values < 0
        counts = self.figures["ma_chi_tieu"].isin([c for c, i in self.catalog.items() if i.kind == "so_dem"])
        fractional = counts.to_numpy() & _fractional(self.values)
        for i in np.flatnonzero(negative | fractional).tolist():
            self._add("so-am" if negative[i] else "so-le", i)
        repeated = self.figures.duplicated(["ma_don_vi", "ma_chi_tieu"], keep=False).to_numpy()
        repeats: dict[Key, list[int]] = defaultdict(list)
        for i, key in zip(np.flatnonzero(repeated).tolist(), self._keys(repeated), strict=True):
            repeats[key].append(i)
        for (_, code), indexes in repeats.items():
            cells = ", ".join(self._row(i).cell for i in indexes)
            for i in indexes:
                self._add("trung-chi-tieu", i, f"Chỉ tiêu {code} có ở các ô {cells}.")
        for unit in sorted({unit for unit, _ in self.by_key}):
            self._parts(unit)
            self._new_within_total(unit)

    def _value(self, unit: str, code: str) -> tuple[int, float] | None:
        indexes = [i for i in self.by_key.get((unit, code), []) if self.kept[i]]
        return (indexes[0], float(self.values[indexes[0]])) if len(indexes) == 1 else None

    def _parts(self, unit: str) -> None:
        for total_code, part_codes in PARTS_OF_TOTAL.items():
            total = self._value(unit, total_code)
            parts = [p for p in (self._value(unit, c) for c in part_codes) if p is not None]
            if total is None or len(parts) < len(part_codes):
                continue
            values = [value for _, value in parts]
            if abs(sum(values) - total[1]) > 1e-9:
                sums = " + ".join(f"{c} {vn_number(v)}" for c, v in zip(part_codes, values, strict=True))
                detail = f"{sums} = {vn_number(sum(values))}, khác {total_code} {vn_number(total[1])}."
                self._add("khong-khop-tong", total[0], detail)
                for i, _ in parts:
                    self.kept[i] = False

    def _new_within_total(self, unit: str) -> None:
        for new_code, total_code in NEW_WITHIN_TOTAL.items():
            new, total = self._value(unit, new_code), self._value(unit, total_code)
            if new is not None and total is not None and new[1] > total[1]:
                detail = f"{new_code} {vn_number(new[1])} lớn hơn {total_code} {vn_number(total[1])}."
                self._add("moi-lon-hon-tong", new[0], detail)
                self.kept[total[0]] = False

    def missing(
        self,
        received: list[str],
        empty_cells: dict[Key, tuple[str, str | None, str]],
        unit_file: dict[str, str],
    ) -> None:
        """Required indicators a received unit left empty (its cell named when the form has the row)."""
        flagged = {(f.unit, f.indicator) for f in self.report.findings if f.indicator}
        required = [c for c, i in self.catalog.items() if i.required and i.method not in COMPUTED_METHODS]
        given = pd.MultiIndex.from_arrays([self.figures["ma_don_vi"], self.figures["ma_chi_tieu"]])
        wanted = pd.MultiIndex.from_product([received, required])
        for unit, code in wanted[~wanted.isin(given)]:
            if (unit, code) in flagged:
                continue
            file, sheet, cell = empty_cells.get((unit, code), (unit_file.get(unit, ""), None, None))
            self.report.add(
                "thieu-chi-tieu",
                unit=unit,
                file=file or None,
                sheet=sheet,
                cell=cell,
                indicator=code,
                detail=f"Chưa có số liệu «{self.catalog[code].name}».",
            )


def _year_on_year(
    valid: pd.DataFrame,
    previous: pd.DataFrame,
    registry: Registry,
    catalog: dict[str, Indicator],
    year: int,
    threshold: float,
    report: Report,
) -> None:
    before: dict[Key, float] = defaultdict(float)
    for unit, code, value in zip(
        previous["ma_don_vi"], previous["ma_chi_tieu"], previous["gia_tri"], strict=True
    ):
        if not math.isnan(float(value)):  # last year's blank cells, when given ingested figures
            before[(unit, code)] += float(value)
    by_code = registry.by_code()
    lineage = {
        code: [p.code for p in registry.predecessors_ended_before(u, year)] for code, u in by_code.items()
    }
    for row in map(FigureRow._make, _tuples(valid, FIGURE_COLUMNS)):
        sources = [row.ma_don_vi, *lineage.get(row.ma_don_vi, [])]
        if row.ghi_chu.strip():
            continue  # the unit has already explained the figure, as the fix hint asks
        if not any((s, row.ma_chi_tieu) in before for s in sources):
            continue
        old = sum((before.get((s, row.ma_chi_tieu), 0.0) for s in sources), 0.0)
        new = row.gia_tri
        if old == 0 or max(abs(old), abs(new)) < JUMP_MIN_BASE:
            continue
        change = (new - old) / abs(old) * 100
        if abs(change) > threshold:
            merged = f" (gồm cả {', '.join(sources[1:])})" if len(sources) > 1 else ""
            report.add(
                "bien-dong-lon",
                unit=row.ma_don_vi,
                file=row.file,
                sheet=row.sheet,
                cell=row.cell,
                value=vn_number(new),
                indicator=row.ma_chi_tieu,
                detail=f"Năm {year - 1}{merged}: {vn_number(old)}; năm {year}: {vn_number(new)} "
                f"({'tăng' if change > 0 else 'giảm'} {vn_number(round(abs(change), 1))}%).",
            )


def _late_units(
    ingested: IngestResult,
    status: dict[str, str],
    usable: set[str],
    deadline: dt.date | None,
    report: Report,
) -> dict[str, str]:
    if deadline is None:
        return {}
    if not isinstance(deadline, dt.datetime):  # a day (meta.toml's deadline) ends at midnight
        deadline = dt.datetime.combine(deadline, dt.time(23, 59, 59))
    late = {}
    for file in sorted(usable):
        unit, received = ingested.files[file], ingested.received_at.get(file, "")
        if status.get(unit) == "received" and received and dt.datetime.fromisoformat(received) > deadline:
            late[unit] = received
            report.add(
                "nop-muon",
                unit=unit,
                file=file,
                value=received.replace("T", " "),
                detail=f"Hạn nộp {deadline:%d/%m/%Y %H:%M}.",
            )
    return late


def vn_number(value: float) -> str:
    """339739 -> "339.739", 96.5 -> "96,5": numbers in messages as Vietnamese readers write them."""
    if is_whole(value):
        return f"{round(value):,}".replace(",", ".")
    whole, _, fraction = f"{value:,.2f}".rstrip("0").partition(".")
    return f"{whole.replace(',', '.')},{fraction}" if fraction else whole.replace(",", ".")


def write_validation(
    result: ValidationResult,
    out_dir: Path,
    year: int,
    registry: Registry,
    templates: Path = DEFAULT_TEMPLATES,
) -> list[Path]:
    """valid.csv, findings.json and the report (validation.json, .xlsx, .html, the last one last)."""
    from pipeline.validation_report import write_report

    valid_path, findings_path = out_dir / VALID_FILE, out_dir / FINDINGS_FILE
    write_text_atomic(valid_path, result.valid.to_csv(index=False, lineterminator="\n"))
    write_text_atomic(findings_path, result.report.to_json())
    return [valid_path, findings_path, *write_report(result, out_dir, year, registry, templates)]
