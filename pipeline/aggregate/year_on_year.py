"""Figures in context: each value beside last year's and its target, for every unit and for the
totals — the change year on year and the achievement against the target.

The totals of both years are taken over the same units, the ones received this year (with what
each carries from units merged into it): like is compared with like.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipeline.aggregate.totals import achievement, as_number, pcts, round_pct, totals_of
from pipeline.model.summary import Figure, FigureTable, Indicator, Number, NumberTable, Provenance
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


@dataclass
class YearTotals:
    """The year's totals, last year's and the targets' over the same units, and each in context."""

    totals: dict[str, Number]
    previous: dict[str, Number]  # empty when there are no figures for last year
    targets: dict[str, Number]
    figures: dict[str, Figure]  # by indicator, for each one with a total this year


def year_totals(
    figures: FigureTable, received: list[str], catalog: dict[str, Indicator], have_previous: bool
) -> YearTotals:
    """Totals over the received units; last year's and the targets' over the same units."""
    totals = totals_of(figures.value, received, catalog)
    # Compare like with like: last year's total of the same units (and their predecessors).
    previous = totals_of(figures.previous, received, catalog) if have_previous else {}
    targets = totals_of(figures.target, received, catalog)
    in_context = {
        code: figure(totals.get(code), None, previous.get(code), targets.get(code))
        for code in catalog
        if code in totals
    }
    return YearTotals(totals, previous, targets, in_context)
