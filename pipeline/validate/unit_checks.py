"""Per-unit checks: a unit's figures against each other, and the required ones it left out.

Parts must add up to their total, a "new" count may not exceed its total; each check is computed
for all units at once. Units do not affect each other, so only the findings need putting back
into the order of a unit-by-unit pass.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.formats.numbers import vn_number
from pipeline.inputs.catalog import COMPUTED_METHODS
from pipeline.validate.figures import Cell, FigureChecks, Key

PARTS_OF_TOTAL = {"cdcs": ("cdcs_sxkd", "cdcs_hcsn")}  # total = sum of parts, where all are given
NEW_WITHIN_TOTAL = {"cdcs_moi": "cdcs", "doan_vien_moi": "doan_vien"}  # new <= total

Found = list[tuple[int, int, str, int, str]]  # (unit, check, finding code, row, detail)


def cross_checks(checks: FigureChecks) -> None:
    """Parts against totals, then new against totals, unit by unit, in unit order."""
    if not len(checks.values):
        return  # no figures: nothing to compare, and "no row" (-1) would index an empty column
    found: Found = []
    _parts(checks, found)
    _new_within_total(checks, found)
    for _, _, code, row, detail in sorted(found, key=lambda f: (f[0], f[1])):
        checks.add(code, row, detail)


def _parts(checks: FigureChecks, found: Found) -> None:
    values = checks.values
    for check, (total_code, part_codes) in enumerate(PARTS_OF_TOTAL.items()):
        total, parts = checks.kept_row(total_code), [checks.kept_row(c) for c in part_codes]
        given = (total >= 0) & np.logical_and.reduce([p >= 0 for p in parts])
        sums = sum((values[p] for p in parts), np.zeros(len(total)))  # left to right, as sum() adds
        off = given & (np.abs(sums - values[total]) > 1e-9)
        for unit in np.flatnonzero(off).tolist():
            given_parts = [float(values[p[unit]]) for p in parts]
            sums_text = " + ".join(
                f"{c} {vn_number(v)}" for c, v in zip(part_codes, given_parts, strict=True)
            )
            total_value = float(values[total[unit]])
            detail = (
                f"{sums_text} = {vn_number(sum(given_parts))}, khác {total_code} {vn_number(total_value)}."
            )
            found.append((unit, check, "khong-khop-tong", int(total[unit]), detail))
            checks.kept[[total[unit], *(p[unit] for p in parts)]] = False


def _new_within_total(checks: FigureChecks, found: Found) -> None:
    values = checks.values
    for check, (new_code, total_code) in enumerate(NEW_WITHIN_TOTAL.items(), start=len(PARTS_OF_TOTAL)):
        new, total = checks.kept_row(new_code), checks.kept_row(total_code)
        given = (new >= 0) & (total >= 0)
        over = given & (values[new] > values[total])
        for unit in np.flatnonzero(over).tolist():
            new_value, total_value = float(values[new[unit]]), float(values[total[unit]])
            detail = f"{new_code} {vn_number(new_value)} lớn hơn {total_code} {vn_number(total_value)}."
            found.append((unit, check, "moi-lon-hon-tong", int(new[unit]), detail))
            checks.kept[total[unit]] = False


def missing_required(
    checks: FigureChecks, received: list[str], empty: dict[Key, Cell], unit_file: dict[str, str]
) -> None:
    """Required indicators a received unit left empty (its cell named when the form has the row)."""
    catalog, report = checks.catalog, checks.report
    flagged = {(f.unit, f.indicator) for f in report.findings if f.indicator}
    required = [c for c, i in catalog.items() if i.required and i.method not in COMPUTED_METHODS]
    # given[u, c]: received unit u has a figure for required indicator c (kept or not)
    given = np.zeros((len(received), len(required)), dtype=bool)
    unit_at = pd.Index(received).get_indexer(checks.unit_names)[checks.units]
    indicator_at = pd.Index(required).get_indexer(checks.indicator_names)[checks.indicators]
    both = (unit_at >= 0) & (indicator_at >= 0)
    given[unit_at[both], indicator_at[both]] = True
    for u, c in zip(*np.nonzero(~given), strict=True):  # unit by unit, catalog order within
        unit, code = received[u], required[c]
        if (unit, code) in flagged:
            continue
        file, sheet, cell = empty.get((unit, code), (unit_file.get(unit, ""), None, None))
        report.add(
            "thieu-chi-tieu",
            unit=unit,
            file=file or None,
            sheet=sheet,
            cell=cell,
            indicator=code,
            detail=f"Chưa có số liệu «{catalog[code].name}».",
        )
