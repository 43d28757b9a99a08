"""Figures in context: each value beside last year's and its target, for every unit and for the
totals — the change year on year and the achievement against the target.

A total says how many units it covers (`Coverage`), and its change year on year is computed
on the units that have the figure both years (with what each carries from units merged into
it): like is compared with like, never two units this year against six last year. When fewer
than half of the body's units have the figure both years (MIN_COMPARED_SHARE), the change is
withheld with the reason: a few units' change does not speak for the body.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.aggregate.totals import achievement, as_number, pcts, round_pct, totals_of
from pipeline.formats.vnformat import so
from pipeline.model.summary import (
    Coverage,
    Figure,
    FigureTable,
    Indicator,
    Number,
    NumberTable,
    Provenance,
)
from pipeline.model.unit_tables import Sources


def unit_figures(
    values: NumberTable, previous: NumberTable, targets: NumberTable, sources: Sources
) -> FigureTable:
    """Every received unit's figures in context: a figure exists where there is a value or a target."""
    value, prev, target = values.data, previous.data, targets.data
    has_value, has_prev, has_target = ~np.isnan(value), ~np.isnan(prev), ~np.isnan(target)
    changed = has_value & has_prev & (prev != 0)
    scored = has_value & has_target & (target > 0)
    safe_prev, safe_target = np.where(changed, prev, 1.0), np.where(scored, target, 1.0)
    status = np.zeros(value.shape, dtype=np.int8)  # 1 vượt, 2 đạt, 3 không đạt: unit_tables.STATUSES
    status[scored & (value > target)] = 1
    status[scored & (value == target)] = 2
    status[scored & (value < target)] = 3
    return FigureTable(
        values,
        previous,
        targets,
        change_pct=pcts(value - safe_prev, safe_prev, changed),
        achievement_pct=pcts(value, safe_target, scored),
        status=status,
        sources=sources,
        present=has_value | has_target,
    )


def figure(
    value: Number | None, prov: Provenance | None, prev: Number | None, target: Number | None
) -> Figure:
    """One value in context: its change from `prev` and its achievement against `target`."""
    change = as_number(value - prev) if value is not None and prev is not None else None
    change_pct = round_pct((value - prev) / prev * 100) if value is not None and prev else None
    pct, status = achievement(value, target)
    return Figure(
        value=value,
        source=prov,
        previous=prev,
        change=change,
        change_pct=change_pct,
        target=target,
        achievement_pct=pct,
        status=status,
    )


MIN_COMPARED_SHARE = 0.5  # below this share of the body's units with the figure both years: no change


@dataclass
class YearTotals:
    """The year's totals, last year's and the targets', each in context, and what each covers."""

    totals: dict[str, Number]
    previous: dict[str, Number]  # over each change's base units; empty without last year's figures
    targets: dict[str, Number]
    figures: dict[str, Figure]  # by indicator, for each one with a total this year
    coverage: dict[str, Coverage]  # by indicator, for each one with a total this year


def year_totals(
    figures: FigureTable,
    received: list[str],
    catalog: dict[str, Indicator],
    have_previous: bool,
    expected: int,
    previous_year: int,
) -> YearTotals:
    """Totals over the received units; each change on the units with the figure both years."""
    totals = totals_of(figures.value, received, catalog)
    targets = totals_of(figures.target, received, catalog)
    counted = _units_with_figure(figures.value, received)
    both = _both_years(figures) if have_previous else None
    compared = _units_with_figure(both[0], received) if both else {}
    # Both years over the same units: this year's and last year's figures kept where both exist.
    now = totals_of(both[0], received, catalog) if both else {}
    previous = totals_of(both[1], received, catalog) if both else {}
    in_context: dict[str, Figure] = {}
    coverage: dict[str, Coverage] = {}
    for code in catalog:
        if code not in totals:
            continue
        base = _base_units(catalog[code], compared)
        withheld = _withheld(base, expected, previous_year) if have_previous else ""
        if withheld or code not in previous or code not in now:
            previous.pop(code, None)
            in_context[code] = figure(totals[code], None, None, targets.get(code))
        else:
            in_context[code] = _compared_figure(totals[code], now[code], previous[code], targets.get(code))
        coverage[code] = Coverage(_base_units(catalog[code], counted), expected, base, withheld)
    return YearTotals(totals, previous, targets, in_context, coverage)


def _units_with_figure(table: NumberTable, received: list[str]) -> dict[str, int]:
    """How many of the received units have a number, by indicator code."""
    rows = [table.row_of[u] for u in received if u in table.row_of]
    present = (~np.isnan(table.data[rows, :])).sum(axis=0)
    return {code: int(present[j]) for code, j in table.column_of.items()}


def _base_units(ind: Indicator, counts: dict[str, int]) -> int:
    """A ratio covers the units its two parts both cover (the fewer of the two)."""
    if ind.method == "ratio" and ind.numerator and ind.denominator:
        return min(counts.get(ind.numerator, 0), counts.get(ind.denominator, 0))
    return counts.get(ind.code, 0)


def _both_years(figures: FigureTable) -> tuple[NumberTable, NumberTable]:
    """This year's and last year's tables, each kept only where the other year has the figure."""
    value, prev = figures.value, figures.previous
    both = ~np.isnan(value.data) & ~np.isnan(prev.data)
    return tuple(  # type: ignore[return-value]
        NumberTable(t.units, t.codes, np.where(both, t.data, np.nan), t.integral) for t in (value, prev)
    )


def _withheld(compared: int, expected: int, previous_year: int) -> str:
    """Why a change is not given, or "" when enough units have the figure both years."""
    # No unit with the figure last year (an indicator new this year): nothing to compare, as before.
    if 0 < compared < expected * MIN_COMPARED_SHARE:
        share = f"{so(compared)}/{so(expected)}"
        return f"chưa so sánh với năm {previous_year} vì chỉ {share} đơn vị có số liệu cả hai năm"
    return ""


def _compared_figure(total: Number, now: Number, prev: Number, target: Number | None) -> Figure:
    """The total in context, its change worked out on the units with the figure both years."""
    on_base = figure(now, None, prev, target)
    pct, status = achievement(total, target)
    return Figure(
        value=total,
        source=None,
        previous=prev,
        change=on_base.change,
        change_pct=on_base.change_pct,
        target=target,
        achievement_pct=pct,
        status=status,
    )
