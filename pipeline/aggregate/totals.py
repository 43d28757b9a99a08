"""Totals by catalog method: each indicator over a set of units by the method its catalog row
names (sum, max, latest), ratios worked out again from the totals of their parts.

Percentages are never averaged, and are rounded half up to one decimal as people round them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from pipeline.model.summary import AchievementStatus, Indicator, Number, NumberTable

Table = Mapping[str, Mapping[str, Number]]  # unit code → indicator code → value (a NumberTable)


def round_pct(value: float) -> float:
    """Percentages are rounded half up to one decimal (Python's round() rounds half to even)."""
    tenths = value * 10
    if abs(tenths - math.floor(tenths) - 0.5) > 1e-6:  # not near a half: round() gives the same, faster
        return float(round(value, 1))
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def achievement(
    result: Number | None, target: Number | None
) -> tuple[float | None, AchievementStatus | None]:
    """result / target × 100 and its status; no target (or a zero one) means no achievement."""
    if result is None or target is None or target <= 0:
        return None, None
    pct = round_pct(result / target * 100)
    status: AchievementStatus = "vuot" if result > target else "dat" if result == target else "khong_dat"
    return pct, status


def as_number(value: float) -> Number:
    """A whole value as an int (a count), any other as a float."""
    return int(value) if float(value).is_integer() else float(value)


def pcts(numerator: np.ndarray, denominator: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """numerator / denominator × 100 rounded half up where `ok`, NaN elsewhere."""
    out = np.full(numerator.shape, np.nan)
    out[ok] = [round_pct(v) for v in (numerator[ok] / denominator[ok] * 100).tolist()]
    return out


def combine(method: str, values: list[Number]) -> Number | None:
    if not values:
        return None
    if method == "max":
        return max(values)
    if method == "latest":
        return values[-1]
    return as_number(sum(values))


def add_ratios(table: dict[str, Number], catalog: dict[str, Indicator]) -> None:
    """Ratio indicators are recomputed from their parts (sums), never taken from units."""
    for ind in catalog.values():
        if ind.method == "ratio" and ind.numerator and ind.denominator:
            num, den = table.get(ind.numerator), table.get(ind.denominator)
            if num is not None and den:
                table[ind.code] = round_pct(num / den * 100)
            else:
                table.pop(ind.code, None)


def add_ratio_columns(table: NumberTable, catalog: dict[str, Indicator]) -> None:
    """`add_ratios` for every row of a table at once."""
    for ind in catalog.values():
        if (
            ind.method != "ratio"
            or not ind.numerator
            or not ind.denominator
            or ind.code not in table.column_of
        ):
            continue
        num, den = (table.data[:, table.column_of[c]] for c in (ind.numerator, ind.denominator))
        j = table.column_of[ind.code]
        ok = ~np.isnan(num) & ~np.isnan(den) & (den != 0)
        table.data[:, j] = pcts(num, np.where(ok, den, 1.0), ok)
        table.integral[:, j] = False


def totals_of(table: Table, unit_order: list[str], catalog: dict[str, Indicator]) -> dict[str, Number]:
    """Each indicator over the units of `unit_order`, by its catalog method; ratios from the totals."""
    if not isinstance(table, NumberTable):
        table = NumberTable.from_rows(table, list(catalog))
    rows = [table.row_of[u] for u in unit_order if u in table.row_of]
    totals: dict[str, Number] = {}
    for code, ind in catalog.items():
        j = table.column_of.get(code)
        if ind.method == "ratio" or j is None:
            continue
        column, flags = table.data[rows, j], table.integral[rows, j]
        present = ~np.isnan(column)
        values = [
            int(v) if f else v for v, f in zip(column[present].tolist(), flags[present].tolist(), strict=True)
        ]
        value = combine(ind.method, values)
        if value is not None:
            totals[code] = value
    add_ratios(totals, catalog)
    return totals
