"""The aggregate stage's assembly: valid figures + targets + last year + rules → the `Summary` model.

Each indicator is aggregated by the method its catalog row names (`totals`); units that replaced
others (2025 reform) are compared with the sum of what they continue (`lineage`); figures are set
beside last year's and their targets (`year_on_year`); units are scored and awarded (`scoring`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline import __version__
from pipeline.aggregate.lineage import lineage, lineage_notes, lineage_table
from pipeline.aggregate.scoring import Rules, check_nominations, choose_unit_awards, score_units
from pipeline.aggregate.tables import as_table, previous_table, rows_of, sources_of, table_from_frame
from pipeline.aggregate.targets import missing_targets
from pipeline.aggregate.totals import Table, add_ratio_columns, totals_of
from pipeline.aggregate.year_on_year import unit_figures, year_totals
from pipeline.inputs.catalog import Registry, RegistryUnit
from pipeline.inputs.meta import YearMeta
from pipeline.model.summary import Indicator, NextYear, Summary, Unit


@dataclass
class AggregateInputs:
    """Everything the aggregate stage reads, gathered by the runner."""

    year: int
    valid: pd.DataFrame
    status: dict[str, str]
    notes: dict[str, str]
    previous: pd.DataFrame | None
    targets: Table
    next_targets: Table
    nominations: list[dict[str, str]]
    invalid_units: set[str]
    findings_count: dict[str, int]
    meta: YearMeta
    rules: Rules
    registry: Registry
    catalog: dict[str, Indicator]
    unit_files: dict[str, str] = field(default_factory=dict)
    late: set[str] = field(default_factory=set)  # units whose submission arrived after the deadline


def aggregate(inp: AggregateInputs) -> Summary:
    """The year's `Summary`: every active unit, the received units' figures in context, the
    totals, scores and awards, and next year's targets and roles."""
    year, catalog, registry = inp.year, inp.catalog, inp.registry
    codes = list(catalog)
    active = sorted(registry.active(year), key=lambda u: u.code)
    units = _unit_list(inp, active)
    received = [u.code for u in units if u.status == "received"]
    values = table_from_frame(inp.valid, received, codes)
    add_ratio_columns(values, catalog)
    previous = previous_table(inp.previous, codes)
    targets = as_table(inp.targets, codes)
    reg_by_code = registry.by_code()
    groups = {code: lineage(registry, reg_by_code[code], year) for code in received}
    figures = unit_figures(
        values,
        lineage_table(previous, groups, catalog),
        lineage_table(targets, groups, catalog),
        sources_of(inp.valid, received, codes),
    )
    totals = year_totals(figures, received, catalog, have_previous=inp.previous is not None)

    by_code = {u.code: u for u in units}
    scores = score_units(inp.rules, units, figures, inp.late, inp.invalid_units)
    awards = choose_unit_awards(inp.rules, scores, by_code, year)
    people, rejected = check_nominations(inp.rules, inp.nominations, by_code)
    return Summary(
        year=year,
        body=inp.meta.body,
        event=inp.meta.event,
        indicators=catalog,
        unit_list=units,
        units=values,
        totals=totals.totals,
        figures=figures,
        total_figures=totals.figures,
        previous_year=year - 1 if inp.previous is not None and len(previous) else None,
        previous_totals=totals.previous,
        lineage_notes=lineage_notes(groups, reg_by_code, year),
        missing_targets=missing_targets(targets, figures.target),
        scores=scores,
        awards=awards + people,
        rejected=rejected,
        next_year=_next_year(inp, active, reg_by_code),
        documents=inp.meta.documents,
        findings_count=inp.findings_count,
        conferrer=inp.meta.conferrer,
        tongket_version=__version__,
    )


def _unit_list(inp: AggregateInputs, active: list[RegistryUnit]) -> list[Unit]:
    """Every active unit, in code order, with its status this year and why it is not received."""
    return [
        Unit(
            code=u.code,
            name=u.name,
            short_name=u.short_name,
            place=u.place,
            status=inp.status.get(u.code, "missing"),  # type: ignore[arg-type]
            leader=u.leader,
            source_file=inp.unit_files.get(u.code),
            predecessors=list(u.predecessors),
            note=inp.notes.get(u.code),
        )
        for u in active
    ]


def _next_year(
    inp: AggregateInputs, active: list[RegistryUnit], by_code: dict[str, RegistryUnit]
) -> NextYear:
    """Next year's targets (of the active units that have some), their totals and the cluster's roles."""
    next_targets = as_table(inp.next_targets, list(inp.catalog))
    with_targets = [u.code for u in active if u.code in next_targets]
    return NextYear(
        year=inp.year + 1,
        targets=rows_of(next_targets, with_targets),
        target_totals=totals_of(next_targets, [u.code for u in active], inp.catalog),
        cum_truong=_short(by_code, inp.meta.cum_truong),
        cum_pho=_short(by_code, inp.meta.cum_pho),
        noi_dung=inp.meta.noi_dung,
    )


def _short(by_code: dict[str, RegistryUnit], code: str | None) -> str | None:
    if code is None:
        return None
    unit = by_code.get(code)
    return unit.short_name if unit else code
