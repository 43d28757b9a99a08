"""Long rows (ma_don_vi, ma_chi_tieu, gia_tri) as unit × indicator tables, and each figure's source.

The frames come from validate's valid.csv, last year's and the targets file; the tables are the
`Summary`'s (a float matrix with a mask of whole values), so aggregation never loops per figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.aggregate.totals import Table
from pipeline.model.summary import NumberTable
from pipeline.model.unit_tables import Sources


def table_from_frame(frame: pd.DataFrame, units: list[str], codes: list[str]) -> NumberTable:
    """Long rows (ma_don_vi, ma_chi_tieu, gia_tri) as a table over `units` × `codes` (others dropped)."""
    table = NumberTable.empty(units, codes)
    rows, cols, picked = _cells(frame, units, codes, blank_values=False)
    values = frame["gia_tri"].to_numpy(dtype=float)[picked]
    table.data[rows, cols] = values
    table.integral[rows, cols] = values == np.floor(values)
    return table


def _cells(
    frame: pd.DataFrame, units: list[str], codes: list[str], blank_values: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row and column in the table of each row of `frame` it takes, and that row's position.

    Rows of other units or indicators are left out, and without `blank_values` rows without a
    value; of a repeated (unit, indicator) the last row counts, as it would in a dict.
    """
    rows = pd.Index(units).get_indexer(pd.Index(frame["ma_don_vi"].to_numpy(dtype=object)))
    cols = pd.Index(codes).get_indexer(pd.Index(frame["ma_chi_tieu"].to_numpy(dtype=object)))
    keep = (rows >= 0) & (cols >= 0)
    if not blank_values:
        keep &= frame["gia_tri"].notna().to_numpy()
    picked = np.flatnonzero(keep)
    rows, cols = rows[picked], cols[picked]
    last = ~pd.Series(rows * len(codes) + cols).duplicated(keep="last").to_numpy()
    return rows[last], cols[last], picked[last]


def previous_table(previous: pd.DataFrame | None, codes: list[str]) -> NumberTable:
    """Last year's figures as a table over the units they name; no figures, an empty table."""
    if previous is None:
        return NumberTable.empty([], codes)
    units = [str(u) for u in pd.unique(previous["ma_don_vi"].to_numpy(dtype=object))]
    return table_from_frame(previous, units, codes)


def sources_of(valid: pd.DataFrame, units: list[str], codes: list[str]) -> Sources:
    """Each figure's file, sheet and cell, as indexes into the distinct names (-1: none)."""
    sources = Sources.empty((len(units), len(codes)))
    rows, cols, picked = _cells(valid, units, codes, blank_values=True)
    for column, names, matrix in (
        ("file", sources.files, sources.file),
        ("sheet", sources.sheets, sources.sheet),
        ("cell", sources.cells, sources.cell),
    ):
        texts = valid[column].to_numpy(dtype=object)[picked]
        given = pd.notna(texts) & (texts != "")  # a CSV line has no sheet
        found, distinct = pd.factorize(texts[given])
        names.extend(str(t) for t in distinct)
        matrix[rows[given], cols[given]] = found
    return sources


def as_table(rows: Table, codes: list[str]) -> NumberTable:
    """A table as it is, or rows by unit made one over `codes`."""
    return rows if isinstance(rows, NumberTable) else NumberTable.from_rows(rows, codes)


def rows_of(table: NumberTable, units: list[str]) -> NumberTable:
    """The table restricted to `units`, in that order."""
    picked = [table.row_of[u] for u in units]
    return NumberTable(units, table.codes, table.data[picked], table.integral[picked])
