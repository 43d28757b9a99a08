"""Validate: which units' figures aggregation may use, and every finding a person must look at.

A file with a blocking finding (unreadable, unknown unit, two differing files, wrong year) makes
its unit "excluded"; a bad cell only drops that figure. Every active unit ends up "received",
"missing" or "excluded", with the reason in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.form.layout import AWARD_FORMS
from pipeline.formats.numbers import is_whole
from pipeline.inputs.catalog import COMPUTED_METHODS, Registry, RegistryUnit
from pipeline.memory import release_freed_memory
from pipeline.model.findings import BLOCKING_CODES, CATALOGUE, Finding, Report
from pipeline.model.ingested import FIGURE_COLUMNS, FigureRow, IngestResult
from pipeline.model.summary import Indicator
from pipeline.validate.incomplete import incomplete_notes

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
    # The figures aggregation may use, by unit and indicator: the columns and dtypes of
    # IngestResult.figures (gia_tri float64, the others categoricals with sorted categories, only
    # those used; sheet missing for CSV lines).
    valid: pd.DataFrame
    report: Report  # ingest findings + validation findings
    status: dict[str, str]  # every active unit -> "received" | "missing" | "excluded"
    notes: dict[str, str]  # unit -> why it is missing, excluded or received incomplete, in Vietnamese
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
    notes.update(incomplete_notes(report, status))
    received = sorted(u for u, s in status.items() if s == "received")
    unit_file = {unit: file for file, unit in sorted(ingested.files.items()) if file in usable}
    valid = _valid_figures(ingested.figures, usable, received, unit_file, catalog, report)
    if previous is not None and not previous.empty:
        _year_on_year(valid, previous, registry, catalog, year, jump_threshold_pct, report)
    late = _late_units(ingested, status, usable, deadline, report)
    nominations = ingested.nominations
    from_form = nominations["file"].isin(usable) & nominations["ma_don_vi"].isin(received)
    from_office = ~nominations["file"].isin(ingested.files) & nominations["ma_don_vi"].isin(status)
    nominations = nominations[(from_form | from_office) & nominations["hinh_thuc"].isin(AWARD_FORMS)]
    release_freed_memory()  # the checks' arrays, gone with _valid_figures' frame
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


def _valid_figures(
    figures: pd.DataFrame,
    usable: set[str],
    received: list[str],
    unit_file: dict[str, str],
    catalog: dict[str, Indicator],
    report: Report,
) -> pd.DataFrame:
    """The figures of usable files of received units that pass every check, by unit and indicator;
    a figure that fails one, or a required one that is missing, is reported."""
    figures = _text_as_categories(figures)
    keep = (
        figures["file"].isin(usable)
        & figures["ma_don_vi"].isin(received)
        & figures["ma_chi_tieu"].isin([c for c, i in catalog.items() if i.method not in COMPUTED_METHODS])
    )
    figures = figures[keep]
    blank = figures["gia_tri"].isna()
    empty_cells = _empty_cells(figures[blank])
    figures = figures[~blank]
    checks = _FigureChecks(figures, catalog, report)
    checks.run()
    checks.missing(received, empty_cells, unit_file)
    valid = figures[checks.kept].sort_values(["ma_don_vi", "ma_chi_tieu"]).reset_index(drop=True)
    return _used_categories(valid[FIGURE_COLUMNS])


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


_TEXT_COLUMNS = [c for c in FIGURE_COLUMNS if c != "gia_tri"]


def _text_as_categories(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures' text columns as categoricals with sorted categories, as ingest gives them.

    Sorting by such a column sorts by its text, and the checks below work on its small integer
    codes; a frame built some other way (a test's, a caller's) is converted once here.
    """
    converted = {}
    for column in _TEXT_COLUMNS:
        series = figures[column]
        if not isinstance(series.dtype, pd.CategoricalDtype):
            converted[column] = series.astype("category")
        elif not series.cat.categories.is_monotonic_increasing:
            converted[column] = series.cat.reorder_categories(series.cat.categories.sort_values())
    return figures.assign(**converted) if converted else figures


def _used_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """Categories of units, files... that no row uses any more dropped, so a groupby never meets them."""
    return frame.assign(**{c: frame[c].cat.remove_unused_categories() for c in _TEXT_COLUMNS})


def _text(value: object) -> str | None:
    """A categorical's value for a finding: its text, None where it is missing (a CSV line's sheet)."""
    return value if isinstance(value, str) else None


def _empty_cells(blanks: pd.DataFrame) -> dict[Key, tuple[str, str | None, str]]:
    """(unit, indicator) -> (file, sheet, cell) of the blank value cells, to name a missing figure's cell."""
    columns = [blanks[c].tolist() for c in ("ma_don_vi", "ma_chi_tieu", "file", "sheet", "cell")]
    return {
        (unit, code): (file, _text(sheet), cell)
        for unit, code, file, sheet, cell in zip(*columns, strict=True)
    }


def _fractional(values: np.ndarray) -> np.ndarray:
    """`not is_whole(value)` for a whole column at once."""
    return np.abs(values - np.round(values)) >= 1e-9 * np.maximum(1.0, np.abs(values))


class _FigureChecks:
    """Per-figure and per-unit rules; a figure that breaks one is reported and not kept.

    Works on the figures' columns (values, and the codes of the unit and indicator categoricals):
    a Python object per figure row (a tuple, a list in a dict) costs ~400 bytes a row, 1,3 GB for
    the 3 million figures of a national run.
    """

    def __init__(self, figures: pd.DataFrame, catalog: dict[str, Indicator], report: Report) -> None:
        self.figures = figures.reset_index(drop=True)
        self.values = self.figures["gia_tri"].to_numpy(dtype="float64")
        self.units = self.figures["ma_don_vi"].cat.codes.to_numpy()
        self.unit_names = self.figures["ma_don_vi"].cat.categories
        self.indicators = self.figures["ma_chi_tieu"].cat.codes.to_numpy()
        self.indicator_names = self.figures["ma_chi_tieu"].cat.categories
        self.catalog, self.report = catalog, report
        self.kept = np.ones(len(self.figures), dtype=bool)

    def _row(self, i: int) -> FigureRow:
        row = FigureRow._make(self.figures[c].iat[i] for c in FIGURE_COLUMNS)
        return row._replace(sheet=_text(row.sheet))

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
        self._repeated_indicators()
        self._unit_cross_checks()

    def _repeated_indicators(self) -> None:
        repeated = np.flatnonzero(
            self.figures.duplicated(["ma_don_vi", "ma_chi_tieu"], keep=False).to_numpy()
        )
        repeats: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, unit, indicator in zip(
            repeated.tolist(), self.units[repeated].tolist(), self.indicators[repeated].tolist(), strict=True
        ):
            repeats[(unit, indicator)].append(i)
        for (_, indicator), indexes in repeats.items():
            cells = ", ".join(self._row(i).cell for i in indexes)
            for i in indexes:
                self._add(
                    "trung-chi-tieu", i, f"Chỉ tiêu {self.indicator_names[indicator]} có ở các ô {cells}."
                )

    def _kept_row(self, code: str) -> np.ndarray:
        """For each unit (by its code in the unit categories), its kept row of indicator `code`, or -1.

        A unit has at most one: every row of an indicator given twice was dropped before.
        """
        found = np.full(len(self.unit_names), -1)
        if code in self.indicator_names:
            rows = np.flatnonzero(self.kept & (self.indicators == self.indicator_names.get_loc(code)))
            found[self.units[rows]] = rows
        return found

    def _unit_cross_checks(self) -> None:
        """Parts against totals, then new against totals, unit by unit, in unit order.

        Each check is computed for all units at once; units do not affect each other, so only the
        findings need putting back into the order of a unit-by-unit pass.
        """
        if not len(self.values):
            return  # no figures: nothing to compare, and "no row" (-1) would index an empty column
        found: list[tuple[int, int, str, int, str]] = []  # (unit, check, finding code, row, detail)
        self._parts(found)
        self._new_within_total(found)
        for _, _, code, row, detail in sorted(found, key=lambda f: (f[0], f[1])):
            self._add(code, row, detail)

    def _parts(self, found: list[tuple[int, int, str, int, str]]) -> None:
        for check, (total_code, part_codes) in enumerate(PARTS_OF_TOTAL.items()):
            total, parts = self._kept_row(total_code), [self._kept_row(c) for c in part_codes]
            given = (total >= 0) & np.logical_and.reduce([p >= 0 for p in parts])
            sums = sum((self.values[p] for p in parts), np.zeros(len(total)))  # left to right, as sum() adds
            off = given & (np.abs(sums - self.values[total]) > 1e-9)
            for unit in np.flatnonzero(off).tolist():
                values = [float(self.values[p[unit]]) for p in parts]
                sums_text = " + ".join(f"{c} {vn_number(v)}" for c, v in zip(part_codes, values, strict=True))
                total_value = float(self.values[total[unit]])
                detail = (
                    f"{sums_text} = {vn_number(sum(values))}, khác {total_code} {vn_number(total_value)}."
                )
                found.append((unit, check, "khong-khop-tong", int(total[unit]), detail))
                self.kept[[total[unit], *(p[unit] for p in parts)]] = False

    def _new_within_total(self, found: list[tuple[int, int, str, int, str]]) -> None:
        for check, (new_code, total_code) in enumerate(NEW_WITHIN_TOTAL.items(), start=len(PARTS_OF_TOTAL)):
            new, total = self._kept_row(new_code), self._kept_row(total_code)
            given = (new >= 0) & (total >= 0)
            over = given & (self.values[new] > self.values[total])
            for unit in np.flatnonzero(over).tolist():
                new_value, total_value = float(self.values[new[unit]]), float(self.values[total[unit]])
                detail = f"{new_code} {vn_number(new_value)} lớn hơn {total_code} {vn_number(total_value)}."
                found.append((unit, check, "moi-lon-hon-tong", int(new[unit]), detail))
                self.kept[total[unit]] = False

    def missing(
        self,
        received: list[str],
        empty_cells: dict[Key, tuple[str, str | None, str]],
        unit_file: dict[str, str],
    ) -> None:
        """Required indicators a received unit left empty (its cell named when the form has the row)."""
        flagged = {(f.unit, f.indicator) for f in self.report.findings if f.indicator}
        required = [c for c, i in self.catalog.items() if i.required and i.method not in COMPUTED_METHODS]
        # given[u, c]: received unit u has a figure for required indicator c (kept or not)
        given = np.zeros((len(received), len(required)), dtype=bool)
        unit_at = pd.Index(received).get_indexer(self.unit_names)[self.units]
        indicator_at = pd.Index(required).get_indexer(self.indicator_names)[self.indicators]
        both = (unit_at >= 0) & (indicator_at >= 0)
        given[unit_at[both], indicator_at[both]] = True
        for u, c in zip(*np.nonzero(~given), strict=True):  # unit by unit, catalog order within
            unit, code = received[u], required[c]
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
    """A figure far from last year's (the unit's own plus its predecessors') without a note: a warning."""
    before = _LastYear(previous)
    units, indicators = valid["ma_don_vi"].cat, valid["ma_chi_tieu"].cat
    unit_of_row, indicator_of_row = units.codes.to_numpy(), indicators.codes.to_numpy()
    by_code = registry.by_code()
    lineage = {
        code: [p.code for p in registry.predecessors_ended_before(by_code[code], year)]
        for code in units.categories
        if code in by_code
    }
    # A row's sources: its unit, then the unit's predecessors; old = their sum, 0.0 for those absent.
    sources = [[code, *lineage.get(code, [])] for code in units.categories]
    old, known = np.zeros(len(valid)), np.zeros(len(valid), dtype=bool)
    for k in range(max(map(len, sources), default=0)):
        kth = [s[k] if k < len(s) else None for s in sources]
        value, present = before.look_up(kth, unit_of_row, list(indicators.categories), indicator_of_row)
        old, known = old + value, known | present
    new = valid["gia_tri"].to_numpy(dtype="float64")
    notes = valid["ghi_chu"].astype("category").cat
    noted = np.asarray([bool(n.strip()) for n in notes.categories], dtype=bool)
    explained = noted[notes.codes.to_numpy()] & (notes.codes.to_numpy() >= 0)
    # the unit has already explained a figure it notes, as the fix hint asks
    compared = known & ~explained & (old != 0) & (np.maximum(np.abs(old), np.abs(new)) >= JUMP_MIN_BASE)
    change = np.zeros(len(valid))
    change[compared] = (new[compared] - old[compared]) / np.abs(old[compared]) * 100
    for i in np.flatnonzero(compared & (np.abs(change) > threshold)).tolist():
        row = FigureRow._make(valid[c].iat[i] for c in FIGURE_COLUMNS)
        predecessors = lineage.get(row.ma_don_vi, [])
        merged = f" (gồm cả {', '.join(predecessors)})" if predecessors else ""
        now, then, pct = float(new[i]), float(old[i]), float(change[i])
        report.add(
            "bien-dong-lon",
            unit=row.ma_don_vi,
            file=row.file,
            sheet=_text(row.sheet),
            cell=row.cell,
            value=vn_number(now),
            indicator=row.ma_chi_tieu,
            detail=f"Năm {year - 1}{merged}: {vn_number(then)}; năm {year}: {vn_number(now)} "
            f"({'tăng' if pct > 0 else 'giảm'} {vn_number(round(abs(pct), 1))}%).",
        )


class _LastYear:
    """Last year's figures summed by (unit, indicator), blank cells left out, looked up a column at a time."""

    def __init__(self, previous: pd.DataFrame) -> None:
        given = previous[previous["gia_tri"].notna()]
        units = given["ma_don_vi"].astype("category").cat
        indicators = given["ma_chi_tieu"].astype("category").cat
        self.units, self.indicators = units.categories, indicators.categories
        keys = self._keys(units.codes.to_numpy(), indicators.codes.to_numpy())
        self.keys, where = np.unique(keys, return_inverse=True)
        self.sums = np.zeros(len(self.keys))
        # Row by row, in order, like adding to 0.0 in a loop (a duplicate row adds to the first).
        np.add.at(self.sums, where, given["gia_tri"].to_numpy(dtype="float64"))

    def _keys(self, units: np.ndarray, indicators: np.ndarray) -> np.ndarray:
        return units.astype(np.int64) * max(len(self.indicators), 1) + indicators

    def look_up(
        self,
        units: list[str | None],
        unit_codes: np.ndarray,
        indicators: list[str],
        indicator_codes: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per row, last year's sum for (units[unit_codes[i]], indicators[indicator_codes[i]]), 0.0 if
        there is none, and whether there is one. A None unit has none."""
        unit_at = self.units.get_indexer(pd.Index(units, dtype=object))[unit_codes]
        indicator_at = self.indicators.get_indexer(pd.Index(indicators, dtype=object))[indicator_codes]
        if not len(self.keys):
            return np.zeros(len(unit_codes)), np.zeros(len(unit_codes), dtype=bool)
        keys = self._keys(unit_at, indicator_at)
        slot = np.searchsorted(self.keys, keys).clip(max=len(self.keys) - 1)
        present = (unit_at >= 0) & (indicator_at >= 0) & (self.keys[slot] == keys)
        return np.where(present, self.sums[slot], 0.0), present


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
