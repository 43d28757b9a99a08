"""Per-figure checks: a negative number, a fraction in a count, an indicator given twice.

`FigureChecks` holds the figures being checked and which of them are still kept; the per-unit
checks (`unit_checks`) work on the same object. It works on the figures' columns (values, and
the codes of the unit and indicator categoricals): a Python object per figure row (a tuple, a
list in a dict) costs ~400 bytes a row, 1,3 GB for the 3 million figures of a national run.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from pipeline.formats.numbers import vn_number
from pipeline.inputs.catalog import COMPUTED_METHODS
from pipeline.model.findings import Report
from pipeline.model.ingested import FIGURE_COLUMNS, FigureRow
from pipeline.model.summary import Indicator

Key = tuple[str, str]  # (unit, indicator)
Cell = tuple[str, str | None, str]  # (file, sheet, cell) as Excel shows it

_TEXT_COLUMNS = [c for c in FIGURE_COLUMNS if c != "gia_tri"]


def checked_figures(
    figures: pd.DataFrame, usable: set[str], received: list[str], catalog: dict[str, Indicator]
) -> pd.DataFrame:
    """The figures to check: of usable files and received units, of indicators units give (not computed)."""
    figures = text_as_categories(figures)
    keep = (
        figures["file"].isin(usable)
        & figures["ma_don_vi"].isin(received)
        & figures["ma_chi_tieu"].isin([c for c, i in catalog.items() if i.method not in COMPUTED_METHODS])
    )
    return figures[keep]


def text_as_categories(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures' text columns as categoricals with sorted categories, as ingest gives them.

    Sorting by such a column sorts by its text, and the checks work on its small integer codes;
    a frame built some other way (a test's, a caller's) is converted once here.
    """
    converted = {}
    for column in _TEXT_COLUMNS:
        series = figures[column]
        if not isinstance(series.dtype, pd.CategoricalDtype):
            converted[column] = series.astype("category")
        elif not series.cat.categories.is_monotonic_increasing:
            converted[column] = series.cat.reorder_categories(series.cat.categories.sort_values())
    return figures.assign(**converted) if converted else figures


def used_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """Categories of units, files... that no row uses any more dropped, so a groupby never meets them."""
    return frame.assign(**{c: frame[c].cat.remove_unused_categories() for c in _TEXT_COLUMNS})


def text(value: object) -> str | None:
    """A categorical's value for a finding: its text, None where it is missing (a CSV line's sheet)."""
    return value if isinstance(value, str) else None


def empty_cells(blanks: pd.DataFrame) -> dict[Key, Cell]:
    """(unit, indicator) -> (file, sheet, cell) of the blank value cells, to name a missing figure's cell."""
    columns = [blanks[c].tolist() for c in ("ma_don_vi", "ma_chi_tieu", "file", "sheet", "cell")]
    return {
        (unit, code): (file, text(sheet), cell)
        for unit, code, file, sheet, cell in zip(*columns, strict=True)
    }


def _fractional(values: np.ndarray) -> np.ndarray:
    """`not is_whole(value)` for a whole column at once."""
    return np.abs(values - np.round(values)) >= 1e-9 * np.maximum(1.0, np.abs(values))


class FigureChecks:
    """The figures being checked; a figure that breaks a rule is reported and no longer kept."""

    def __init__(self, figures: pd.DataFrame, catalog: dict[str, Indicator], report: Report) -> None:
        self.figures = figures.reset_index(drop=True)
        self.values = self.figures["gia_tri"].to_numpy(dtype="float64")
        self.units = self.figures["ma_don_vi"].cat.codes.to_numpy()
        self.unit_names = self.figures["ma_don_vi"].cat.categories
        self.indicators = self.figures["ma_chi_tieu"].cat.codes.to_numpy()
        self.indicator_names = self.figures["ma_chi_tieu"].cat.categories
        self.catalog, self.report = catalog, report
        self.kept = np.ones(len(self.figures), dtype=bool)

    def row(self, i: int) -> FigureRow:
        row = FigureRow._make(self.figures[c].iat[i] for c in FIGURE_COLUMNS)
        return row._replace(sheet=text(row.sheet))

    def add(self, code: str, i: int, detail: str = "") -> None:
        """Report finding `code` at figure `i`, which is then not kept."""
        row = self.row(i)
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

    def kept_row(self, code: str) -> np.ndarray:
        """For each unit (by its code in the unit categories), its kept row of indicator `code`, or -1.

        A unit has at most one: every row of an indicator given twice was dropped before.
        """
        found = np.full(len(self.unit_names), -1)
        if code in self.indicator_names:
            rows = np.flatnonzero(self.kept & (self.indicators == self.indicator_names.get_loc(code)))
            found[self.units[rows]] = rows
        return found

    def signs_and_fractions(self) -> None:
        """A negative figure, or a count (so_dem) that is not whole."""
        negative = self.values < 0
        counts = self.figures["ma_chi_tieu"].isin([c for c, i in self.catalog.items() if i.kind == "so_dem"])
        fractional = counts.to_numpy() & _fractional(self.values)
        for i in np.flatnonzero(negative | fractional).tolist():
            self.add("so-am" if negative[i] else "so-le", i)

    def repeated_indicators(self) -> None:
        """Every row of an indicator a unit gave more than once, naming all its cells."""
        repeated = np.flatnonzero(
            self.figures.duplicated(["ma_don_vi", "ma_chi_tieu"], keep=False).to_numpy()
        )
        repeats: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, unit, indicator in zip(
            repeated.tolist(), self.units[repeated].tolist(), self.indicators[repeated].tolist(), strict=True
        ):
            repeats[(unit, indicator)].append(i)
        for (_, indicator), indexes in repeats.items():
            cells = ", ".join(self.row(i).cell for i in indexes)
            for i in indexes:
                self.add(
                    "trung-chi-tieu", i, f"Chỉ tiêu {self.indicator_names[indicator]} có ở các ô {cells}."
                )
