"""Year on year: a figure far from last year's (the unit's own plus its predecessors') is a warning.

A unit that notes the figure has explained it, as the fix hint asks; small counts (2 -> 5 hội
nghị is +150%) are not compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.formats.numbers import vn_number
from pipeline.inputs.catalog import Registry
from pipeline.model.findings import Report
from pipeline.model.ingested import FIGURE_COLUMNS, FigureRow
from pipeline.model.summary import Indicator
from pipeline.validate.figures import text

JUMP_MIN_BASE = 10.0  # 2 -> 5 hội nghị is +150% but not news: compare only when either year reaches this


def year_on_year(
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
            sheet=text(row.sheet),
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
