"""The aggregate stage: valid figures + targets + last year + rules → the `Summary` model.

Each indicator is aggregated by the method its catalog row names (sum, max, latest or a ratio
of sums); percentages are never averaged. Units that replaced others (2025 reform) are compared
with the sum of what they continue.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from pipeline import __version__
from pipeline.aggregate.scoring import Rules, check_nominations, choose_unit_awards, score_units
from pipeline.errors import InputError
from pipeline.formats.numbers import parse_number
from pipeline.formats.text import clean
from pipeline.inputs.catalog import Registry, RegistryUnit
from pipeline.inputs.meta import YearMeta
from pipeline.model.summary import (
    AchievementStatus,
    Figure,
    FigureTable,
    Indicator,
    NextYear,
    Number,
    NumberTable,
    Provenance,
    Summary,
    Unit,
)
from pipeline.model.unit_tables import Sources
from pipeline.paths import TARGETS_FILE, Paths

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


def _number(value: float) -> Number:
    return int(value) if float(value).is_integer() else float(value)


def _pcts(numerator: np.ndarray, denominator: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """numerator / denominator × 100 rounded half up where `ok`, NaN elsewhere."""
    out = np.full(numerator.shape, np.nan)
    out[ok] = [round_pct(v) for v in (numerator[ok] / denominator[ok] * 100).tolist()]
    return out


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


def read_targets(paths: Paths, year: int, codes: list[str] | None = None) -> NumberTable:
    """inputs/<year>/targets.csv as a table (the catalog's codes first); no file means no targets."""
    path = paths.year_inputs_for(year) / TARGETS_FILE
    if not path.exists():
        return NumberTable.empty([], codes or [])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [clean(c) for c in frame.columns]
    for column in ("ma_don_vi", "ma_chi_tieu", "chi_tieu"):
        if column not in frame:
            raise InputError(f"Tệp {path} thiếu cột: {column}. Bổ sung dòng tiêu đề cho đủ.")
        # Few distinct values (a national file has 3 million lines): each is cleaned once.
        frame[column] = frame[column].map({text: clean(text) for text in frame[column].unique()})
    frame = frame[frame["chi_tieu"] != ""]
    # The same reading of Vietnamese numbers as the submissions: "1.709" is 1709, "96,5" is 96.5.
    parsed = {text: parse_number(text) for text in frame["chi_tieu"].unique()}
    unreadable = {t for t, found in parsed.items() if found.value is None or found.status == "ambiguous"}
    if unreadable:
        first = int(np.flatnonzero(frame["chi_tieu"].isin(unreadable).to_numpy())[0])
        row, line = frame.iloc[first], frame.index[first] + 2  # + 2: the header, and lines count from 1
        found = parsed[row["chi_tieu"]]
        raise InputError(
            f"Tệp {path}, dòng {line}: chỉ tiêu «{row['chi_tieu']}» của {row['ma_don_vi']} / "
            f"{row['ma_chi_tieu']} không đọc được thành số ({found.detail or 'không rõ'}). "
            "Ghi số, ví dụ 1.709 hoặc 96,5, rồi chạy lại."
        )
    units = list(dict.fromkeys(frame["ma_don_vi"]))
    all_codes = list(dict.fromkeys([*(codes or []), *frame["ma_chi_tieu"]]))
    values = frame["chi_tieu"].map({text: float(p.value or 0) for text, p in parsed.items()})
    return table_from_frame(frame.assign(gia_tri=values), units, all_codes)


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
        table.data[:, j] = _pcts(num, np.where(ok, den, 1.0), ok)
        table.integral[:, j] = False


def totals_of(
    table: Mapping[str, Mapping[str, Number]], unit_order: list[str], catalog: dict[str, Indicator]
) -> dict[str, Number]:
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


def _sources(valid: pd.DataFrame, units: list[str], codes: list[str]) -> Sources:
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


def aggregate(inp: AggregateInputs) -> Summary:
    year, catalog, registry = inp.year, inp.catalog, inp.registry
    codes = list(catalog)
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
    values = table_from_frame(inp.valid, received, codes)
    add_ratio_columns(values, catalog)
    have_previous = inp.previous is not None
    previous = (
        table_from_frame(inp.previous, _units_in(inp.previous), codes)
        if inp.previous is not None
        else NumberTable.empty([], codes)
    )
    targets = _table(inp.targets, codes)
    reg_by_code = registry.by_code()
    groups = {code: lineage(registry, reg_by_code[code], year) for code in received}
    figures = _figures(
        values,
        lineage_table(previous, groups, catalog),
        lineage_table(targets, groups, catalog),
        _sources(inp.valid, received, codes),
    )

    totals = totals_of(values, received, catalog)
    # Compare like with like: last year's total of the same units (and their predecessors).
    previous_totals = totals_of(figures.previous, received, catalog) if have_previous else {}
    target_totals = totals_of(figures.target, received, catalog)
    total_figures = {
        code: _figure(totals.get(code), None, previous_totals.get(code), target_totals.get(code))
        for code in catalog
        if code in totals
    }

    by_code = {u.code: u for u in units}
    scores = score_units(inp.rules, units, figures, inp.late, inp.invalid_units)
    awards = choose_unit_awards(inp.rules, scores, by_code, year)
    people, rejected = check_nominations(inp.rules, inp.nominations, by_code)

    next_targets = _table(inp.next_targets, codes)
    with_targets = [u.code for u in active if u.code in next_targets]
    next_year = NextYear(
        year=year + 1,
        targets=_rows(next_targets, with_targets),
        target_totals=totals_of(next_targets, [u.code for u in active], catalog),
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
        previous_year=year - 1 if have_previous and len(previous) else None,
        previous_totals=previous_totals,
        lineage_notes=_lineage_notes(groups, reg_by_code, year),
        missing_targets=_missing_targets(targets, figures.target),
        scores=scores,
        awards=awards + people,
        rejected=rejected,
        next_year=next_year,
        documents=inp.meta.documents,
        findings_count=inp.findings_count,
        conferrer=inp.meta.conferrer,
        tongket_version=__version__,
    )


def _units_in(frame: pd.DataFrame) -> list[str]:
    return [str(u) for u in pd.unique(frame["ma_don_vi"].to_numpy(dtype=object))]


def _table(rows: Mapping[str, Mapping[str, Number]], codes: list[str]) -> NumberTable:
    return rows if isinstance(rows, NumberTable) else NumberTable.from_rows(rows, codes)


def _rows(table: NumberTable, units: list[str]) -> NumberTable:
    """The table restricted to `units`, in that order."""
    picked = [table.row_of[u] for u in units]
    return NumberTable(units, table.codes, table.data[picked], table.integral[picked])


def _figures(
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
        change_pct=_pcts(value - safe_prev, safe_prev, changed),
        achievement_pct=_pcts(value, safe_target, scored),
        status=status,
        sources=sources,
        present=has_value | has_target,
    )


def _lineage_notes(groups: dict[str, list[str]], by_code: dict[str, RegistryUnit], year: int) -> list[str]:
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


def _missing_targets(targets: NumberTable, unit_targets: NumberTable) -> list[str]:
    """ "unit:code" for each indicator some unit has a target for and this received unit has not."""
    given = ~np.isnan(targets.data)
    wanted = sorted(c for c, j in targets.column_of.items() if given[:, j].any())
    missing = []
    for i, unit in enumerate(unit_targets.units):
        row = unit_targets.data[i]
        for code in wanted:
            j = unit_targets.column_of.get(code)
            if j is None or np.isnan(row[j]):
                missing.append(f"{unit}:{code}")
    return missing


def _short(by_code: dict[str, RegistryUnit], code: str | None) -> str | None:
    if code is None:
        return None
    unit = by_code.get(code)
    return unit.short_name if unit else code
