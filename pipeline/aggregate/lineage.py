"""Lineage: a unit that replaced others (2025 reform) carries their last-year figures and targets,
so it is compared with the sum of what it continues, and the documents say so.
"""

from __future__ import annotations

import numpy as np

from pipeline.aggregate.totals import add_ratio_columns, totals_of
from pipeline.inputs.catalog import Registry, RegistryUnit
from pipeline.model.summary import Indicator, NumberTable


def lineage(registry: Registry, unit: RegistryUnit, year: int) -> list[str]:
    """The codes whose year - 1 figures and year targets `unit` carries: itself and what merged into it."""
    return [unit.code] + [p.code for p in registry.predecessors_ended_before(unit, year)]


def lineage_table(
    table: NumberTable, groups: dict[str, list[str]], catalog: dict[str, Indicator]
) -> NumberTable:
    """For each unit, the totals of what it carries (`groups`: unit → its lineage), as a table over
    the catalog: a unit's own row when it carries only itself, which is nearly every unit."""
    codes = list(catalog)
    out = NumberTable.empty(list(groups), codes)
    own = [table.row_of.get(sources[0], -1) if len(sources) == 1 else -1 for sources in groups.values()]
    cols = [table.column_of.get(c, -1) for c in codes]
    # Totals never take a ratio from units: it is worked out again from its parts below.
    take = [
        k for k, (c, j) in enumerate(zip(codes, cols, strict=True)) if j >= 0 and catalog[c].method != "ratio"
    ]
    rows = np.asarray(own, dtype=np.intp)  # an empty list would give floats, which cannot index
    found = rows >= 0
    for k in take:
        out.data[found, k] = table.data[rows[found], cols[k]]
        out.integral[found, k] = table.integral[rows[found], cols[k]]
    for i, sources in enumerate(groups.values()):
        if len(sources) > 1:
            for code, value in totals_of(table, sources, catalog).items():
                out.set(i, out.column_of[code], value)
    add_ratio_columns(out, catalog)
    return out


def lineage_notes(groups: dict[str, list[str]], by_code: dict[str, RegistryUnit], year: int) -> list[str]:
    """One sentence for each unit compared with what merged into it."""
    notes = []
    for code, sources in groups.items():
        if len(sources) > 1:
            short = by_code[code].short_name
            names = ", ".join(by_code[c].short_name for c in sources[1:])
            notes.append(
                f"Số liệu năm {year - 1} của {short} được so sánh gồm cả {names} "
                f"(đã hợp nhất vào {short} trong năm {year})."
            )
    return notes
