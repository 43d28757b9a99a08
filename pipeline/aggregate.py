"""The aggregate stage: valid figures + targets + last year + rules → the `Summary` model.

Each indicator is aggregated by the method its catalog row names (sum, max, latest or a ratio
of sums); percentages are never averaged. Units that replaced others (2025 reform) are compared
with the sum of what they continue.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from pipeline import __version__
from pipeline.catalog import InputError, Registry, RegistryUnit, read_csv_rows
from pipeline.ingest.numbers import parse_number
from pipeline.meta import YearMeta
from pipeline.model import (
    AchievementStatus,
    Figure,
    Indicator,
    NextYear,
    Number,
    Provenance,
    Summary,
    Unit,
)
from pipeline.scoring import Rules, check_nominations, choose_unit_awards, score_units
from pipeline.settings import TARGETS_FILE, Paths

Table = dict[str, dict[str, Number]]  # unit code → indicator code → value


def round_pct(value: float) -> float:
    """Percentages are rounded half up to one decimal (Python's round() rounds half to even)."""
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


def _number(value: float) -> Number:
    return int(value) if float(value).is_integer() else float(value)


def table_from_frame(frame: pd.DataFrame) -> Table:
    table: Table = {}
    columns = zip(frame["ma_don_vi"], frame["ma_chi_tieu"], frame["gia_tri"], strict=True)
    for unit, code, value in columns:
        table.setdefault(str(unit), {})[str(code)] = _number(float(value))
    return table


def read_targets(paths: Paths, year: int) -> Table:
    """inputs/<year>/targets.csv as a table; an absent file means no targets (reported later)."""
    path = paths.year_inputs_for(year) / TARGETS_FILE
    if not path.exists():
        return {}
    table: Table = {}
    for line, row in enumerate(read_csv_rows(path), start=2):
        if not row.get("chi_tieu"):
            continue
        # The same reading of Vietnamese numbers as the submissions: "1.709" is 1709, "96,5" is 96.5.
        parsed = parse_number(row["chi_tieu"])
        if parsed.value is None or parsed.status == "ambiguous":
            raise InputError(
                f"Tệp {path}, dòng {line}: chỉ tiêu «{row['chi_tieu']}» của {row.get('ma_don_vi', '')} / "
                f"{row.get('ma_chi_tieu', '')} không đọc được thành số ({parsed.detail or 'không rõ'}). "
                "Ghi số, ví dụ 1.709 hoặc 96,5, rồi chạy lại."
            )
        table.setdefault(row["ma_don_vi"], {})[row["ma_chi_tieu"]] = _number(parsed.value)
    return table


def combine(method: str, values: list[Number]) -> Number | None:
    if not values:
        return None
    if method == "max":
        return max(values)
    if method == "latest":
        return values[-1]
    return _number(sum(values))


def add_ratios(table: dict[str, Number], catalog: dict[str, Indicator]) -> None:
    """Ratio indicators are recomputed from their parts (sums), never taken from units."""
    for ind in catalog.values():
        if ind.method == "ratio" and ind.numerator and ind.denominator:
            num, den = table.get(ind.numerator), table.get(ind.denominator)
            if num is not None and den:
                table[ind.code] = round_pct(num / den * 100)
            else:
                table.pop(ind.code, None)


def totals_of(table: Table, unit_order: list[str], catalog: dict[str, Indicator]) -> dict[str, Number]:
    totals: dict[str, Number] = {}
    for code, ind in catalog.items():
        if ind.method == "ratio":
            continue
        value = combine(ind.method, [table[u][code] for u in unit_order if code in table.get(u, {})])
        if value is not None:
            totals[code] = value
    add_ratios(totals, catalog)
    return totals


def lineage(registry: Registry, unit: RegistryUnit, year: int) -> list[str]:
    """The codes whose year - 1 figures and year targets `unit` carries: itself and what merged into it."""
    return [unit.code] + [p.code for p in registry.predecessors_ended_before(unit, year)]


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


def _figure(
    value: Number | None, prov: Provenance | None, prev: Number | None, target: Number | None
) -> Figure:
    change = _number(value - prev) if value is not None and prev is not None else None
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


def _provenance(valid: pd.DataFrame) -> dict[tuple[str, str], Provenance]:
    prov = {}
    for row in valid.itertuples(index=False):
        sheet = row.sheet if isinstance(row.sheet, str) and row.sheet else None
        cell = row.cell if isinstance(row.cell, str) and row.cell else None
        # Interned: a unit's forty figures share one file name and sheet, not forty copies.
        file, sheet = sys.intern(str(row.file)), sys.intern(sheet) if sheet else None
        prov[(str(row.ma_don_vi), str(row.ma_chi_tieu))] = Provenance(file, sheet, cell)
    return prov


def aggregate(inp: AggregateInputs) -> Summary:
    year, catalog, registry = inp.year, inp.catalog, inp.registry
    active = sorted(registry.active(year), key=lambda u: u.code)
    units = [
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
    received = [u.code for u in units if u.status == "received"]
    table = table_from_frame(inp.valid)
    values = {
        code: {ind: table[code][ind] for ind in catalog if ind in table.get(code, {})} for code in received
    }
    for unit_values in values.values():
        add_ratios(unit_values, catalog)
    prov = _provenance(inp.valid)
    prev_table = table_from_frame(inp.previous) if inp.previous is not None else {}

    figures: dict[str, dict[str, Figure]] = {}
    lineage_notes: list[str] = []
    missing_targets: list[str] = []
    prev_of_received: Table = {}
    all_target_codes = _all_target_codes(inp.targets)
    reg_by_code = registry.by_code()
    for reg in active:
        if reg.code not in values:
            continue
        sources = lineage(registry, reg, year)
        merged_from = sources[1:]
        prev = totals_of(prev_table, sources, catalog)
        target_row = totals_of(inp.targets, sources, catalog)
        prev_of_received[reg.code] = prev
        if merged_from:
            names = ", ".join(reg_by_code[c].short_name for c in merged_from)
            lineage_notes.append(
                f"Số liệu năm {year - 1} của {reg.short_name} được so sánh gồm cả {names} "
                f"(đã hợp nhất vào {reg.short_name} trong năm {year})."
            )
        figures[reg.code] = {}
        for code in catalog:
            value = values[reg.code].get(code)
            target = target_row.get(code)
            if value is None and target is None:
                continue
            figures[reg.code][code] = _figure(value, prov.get((reg.code, code)), prev.get(code), target)
        for code in sorted(all_target_codes - target_row.keys()):
            missing_targets.append(f"{reg.code}:{code}")

    totals = totals_of(values, received, catalog)
    # Compare like with like: last year's total of the same units (and their predecessors).
    previous_totals = totals_of(prev_of_received, received, catalog) if prev_table else {}
    target_totals = totals_of(
        {
            r.code: totals_of(inp.targets, lineage(registry, r, year), catalog)
            for r in active
            if r.code in values
        },
        received,
        catalog,
    )
    total_figures = {
        code: _figure(totals.get(code), None, previous_totals.get(code), target_totals.get(code))
        for code in catalog
        if code in totals
    }

    by_code = {u.code: u for u in units}
    scores = score_units(inp.rules, units, figures, inp.late, inp.invalid_units)
    awards = choose_unit_awards(inp.rules, scores, by_code, year)
    people, rejected = check_nominations(inp.rules, inp.nominations, by_code)

    next_year = NextYear(
        year=year + 1,
        targets={u.code: inp.next_targets[u.code] for u in active if u.code in inp.next_targets},
        target_totals=totals_of(inp.next_targets, [u.code for u in active], catalog),
        cum_truong=_short(reg_by_code, inp.meta.cum_truong),
        cum_pho=_short(reg_by_code, inp.meta.cum_pho),
        noi_dung=inp.meta.noi_dung,
    )
    return Summary(
        year=year,
        body=inp.meta.body,
        event=inp.meta.event,
        indicators=catalog,
        unit_list=units,
        units=values,
        totals=totals,
        figures=figures,
        total_figures=total_figures,
        previous_year=year - 1 if prev_table else None,
        previous_totals=previous_totals,
        lineage_notes=lineage_notes,
        missing_targets=missing_targets,
        scores=scores,
        awards=awards + people,
        rejected=rejected,
        next_year=next_year,
        documents=inp.meta.documents,
        findings_count=inp.findings_count,
        conferrer=inp.meta.conferrer,
        tongket_version=__version__,
    )


def _all_target_codes(targets: Table) -> set[str]:
    return {code for row in targets.values() for code in row}


def _short(by_code: dict[str, RegistryUnit], code: str | None) -> str | None:
    if code is None:
        return None
    unit = by_code.get(code)
    return unit.short_name if unit else code
