"""Per-unit tables held as columns: what keeps a national summary small.

A summary holds, for every received unit, every indicator's figure in context. At 130.000 units
× 26 indicators, one Python object per figure (with its source, last year, the target...) took
3,6 GB; as float columns it takes about 200 MB. `NumberTable` is unit → indicator → number and
`FigureTable` unit → indicator → `Figure`. Both are read-only Mappings, so the scoring and the
renderers use them as they used the dicts they replace: a unit's row, and each `Figure`, is made
when it is asked for.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Number = int | float
AchievementStatus = Literal["vuot", "dat", "khong_dat"]
STATUSES: tuple[AchievementStatus, ...] = ("vuot", "dat", "khong_dat")  # index + 1 in status columns


@dataclass(slots=True)
class Provenance:
    """Where a figure came from: the file, sheet and cell as Excel shows it."""

    file: str
    sheet: str | None = None
    cell: str | None = None


@dataclass(slots=True)
class Figure:
    """One number with its context: where it came from, last year, the target."""

    value: Number | None
    source: Provenance | None = None
    previous: Number | None = None
    change: Number | None = None
    change_pct: float | None = None  # rounded to 1 decimal
    target: Number | None = None
    achievement_pct: float | None = None  # result / target × 100, rounded to 1 decimal
    status: AchievementStatus | None = None


def as_number(value: float, integral: bool) -> Number:
    """A stored float as the number it was: 12 stays an int in JSON, a percentage stays 85.0."""
    return int(value) if integral else value


def whole(value: Number) -> Number:
    return int(value) if float(value).is_integer() else float(value)


class NumberTable(Mapping[str, Mapping[str, Number]]):
    """unit → indicator → number, as one float matrix (NaN: no number) and its int flags."""

    def __init__(self, units: Sequence[str], codes: Sequence[str], values: np.ndarray, integral: np.ndarray):
        self.units = list(units)
        self.codes = list(codes)
        self.data = values  # float64, (units, codes)
        self.integral = integral  # bool: the number is an int (written 12, not 12.0)
        self.row_of = {u: i for i, u in enumerate(self.units)}
        self.column_of = {c: j for j, c in enumerate(self.codes)}

    @classmethod
    def empty(cls, units: Sequence[str], codes: Sequence[str], capacity: int | None = None) -> NumberTable:
        shape = (len(units) if capacity is None else capacity, len(codes))
        return cls(units, codes, np.full(shape, np.nan), np.zeros(shape, dtype=bool))

    @classmethod
    def from_rows(cls, rows: Mapping[str, Mapping[str, Number]], codes: Sequence[str] = ()) -> NumberTable:
        """From plain data (JSON, a test): every row kept, even an empty one; `codes` order first."""
        order = dict.fromkeys(codes)
        for row in rows.values():
            order.update(dict.fromkeys(row))
        table = cls.empty([], list(order), capacity=len(rows))
        for unit, row in rows.items():
            table.append_row(unit, row)
        return table

    def set(self, i: int, j: int, value: Number | None) -> None:
        if value is None:
            return
        self.data[i, j] = value
        self.integral[i, j] = isinstance(value, int)

    def append_row(self, unit: str, row: Mapping[str, Number]) -> None:
        """Add a unit's row (the table must have been made with room: `empty(..., capacity)`)."""
        i = len(self.units)
        self.units.append(unit)
        self.row_of[unit] = i
        for code, value in row.items():
            self.set(i, self.column_of[code], value)

    def trim(self) -> NumberTable:
        """The table without the unused room `append_row` had."""
        n = len(self.units)
        return NumberTable(self.units, self.codes, self.data[:n].copy(), self.integral[:n].copy())

    def number(self, i: int, j: int) -> Number | None:
        value = float(self.data[i, j])
        return None if value != value else as_number(value, bool(self.integral[i, j]))

    def plain_row(self, i: int) -> dict[str, Number]:
        """Row `i` as a dict, fast: what JSON and the annex need for every unit."""
        return self._row_dict(self.data[i].tolist(), self.integral[i].tolist())

    def plain_rows(self) -> Iterator[tuple[str, dict[str, Number]]]:
        """(unit, `plain_row`) for every unit in order: what summary.json writes. A block of rows
        becomes Python lists at once (row by row, numpy's calls cost more than the rows)."""
        block = 4096
        for start in range(0, len(self.units), block):
            rows = slice(start, min(start + block, len(self.units)))  # the table may have room left
            values, flags = self.data[rows].tolist(), self.integral[rows].tolist()
            for unit, row, row_flags in zip(self.units[rows], values, flags, strict=True):
                yield unit, self._row_dict(row, row_flags)

    def _row_dict(self, values: list[float], flags: list[bool]) -> dict[str, Number]:
        return {
            code: int(v) if flag else v
            for code, v, flag in zip(self.codes, values, flags, strict=True)
            if v == v
        }

    def __getitem__(self, unit: str) -> NumberRow:
        return NumberRow(self, self.row_of[unit])

    def __iter__(self) -> Iterator[str]:
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def __contains__(self, unit: object) -> bool:
        return unit in self.row_of

    def __repr__(self) -> str:
        return f"NumberTable({len(self.units)} units × {len(self.codes)} indicators)"


class NumberRow(Mapping[str, Number]):
    """One unit's numbers: a view of its table's row."""

    __slots__ = ("i", "table")

    def __init__(self, table: NumberTable, i: int) -> None:
        self.table, self.i = table, i

    def __getitem__(self, code: str) -> Number:
        value = self.table.number(self.i, self.table.column_of[code])
        if value is None:
            raise KeyError(code)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self.table.plain_row(self.i))

    def __len__(self) -> int:
        return int(np.count_nonzero(~np.isnan(self.table.data[self.i])))

    def __contains__(self, code: object) -> bool:
        j = self.table.column_of.get(code)  # type: ignore[call-overload]
        return j is not None and not np.isnan(self.table.data[self.i, j])

    def __repr__(self) -> str:
        return repr(self.table.plain_row(self.i))


@dataclass
class Sources:
    """Where each figure came from, as indexes into the lists of distinct names (-1: none)."""

    files: list[str]
    sheets: list[str]
    cells: list[str]
    file: np.ndarray  # int32, (units, codes)
    sheet: np.ndarray
    cell: np.ndarray

    @classmethod
    def empty(cls, shape: tuple[int, int]) -> Sources:
        def none() -> np.ndarray:
            return np.full(shape, -1, dtype=np.int32)

        return cls([], [], [], none(), none(), none())

    def at(self, i: int, j: int) -> Provenance | None:
        file = int(self.file[i, j])
        if file < 0:
            return None
        sheet, cell = int(self.sheet[i, j]), int(self.cell[i, j])
        return Provenance(
            self.files[file],
            self.sheets[sheet] if sheet >= 0 else None,
            self.cells[cell] if cell >= 0 else None,
        )

    def set(self, i: int, j: int, source: Provenance | None, index: dict[tuple[int, str], int]) -> None:
        if source is None:
            return
        self.file[i, j] = _index_of(self.files, 0, source.file, index)
        self.sheet[i, j] = _index_of(self.sheets, 1, source.sheet, index) if source.sheet else -1
        self.cell[i, j] = _index_of(self.cells, 2, source.cell, index) if source.cell else -1


def _index_of(names: list[str], kind: int, name: str, index: dict[tuple[int, str], int]) -> int:
    found = index.get((kind, name))
    if found is None:
        found = index[(kind, name)] = len(names)
        names.append(name)
    return found


class FigureTable(Mapping[str, Mapping[str, Figure]]):
    """unit → indicator → Figure, as columns: value, previous and target tables (sharing units and
    codes), the two rounded percentages, the status and the source; `present` marks the figures
    that exist (a value or a target). `change` is value − previous, worked out when read."""

    def __init__(
        self,
        value: NumberTable,
        previous: NumberTable,
        target: NumberTable,
        change_pct: np.ndarray,
        achievement_pct: np.ndarray,
        status: np.ndarray,
        sources: Sources,
        present: np.ndarray,
    ) -> None:
        self.value, self.previous, self.target = value, previous, target
        self.change_pct, self.achievement_pct = change_pct, achievement_pct  # float64, NaN: none
        self.status = status  # int8: 0 none, else STATUSES[status - 1]
        self.sources = sources
        self.present = present  # bool

    @property
    def units(self) -> list[str]:
        return self.value.units

    @property
    def codes(self) -> list[str]:
        return self.value.codes

    @classmethod
    def from_rows(cls, rows: Mapping[str, Mapping[str, Any]], codes: Sequence[str] = ()) -> FigureTable:
        """From plain data: figures as `Figure`s or as the dicts summary.json holds."""
        order = dict.fromkeys(codes)
        for row in rows.values():
            order.update(dict.fromkeys(row))
        table = cls.empty([], list(order), capacity=len(rows))
        index: dict[tuple[int, str], int] = {}
        for unit, row in rows.items():
            table.append_row(unit, row, index)
        return table

    @classmethod
    def empty(cls, units: Sequence[str], codes: Sequence[str], capacity: int | None = None) -> FigureTable:
        shape = (len(units) if capacity is None else capacity, len(codes))
        units = list(units)  # one list shared by the three tables: append_row adds to all
        value, previous, target = (NumberTable.empty(units, codes, capacity) for _ in range(3))
        previous.units = target.units = value.units
        previous.row_of = target.row_of = value.row_of
        return cls(
            value,
            previous,
            target,
            np.full(shape, np.nan),
            np.full(shape, np.nan),
            np.zeros(shape, dtype=np.int8),
            Sources.empty(shape),
            np.zeros(shape, dtype=bool),
        )

    def set(self, i: int, j: int, fig: Figure, index: dict[tuple[int, str], int]) -> None:
        self.value.set(i, j, fig.value)
        self.previous.set(i, j, fig.previous)
        self.target.set(i, j, fig.target)
        if fig.change_pct is not None:
            self.change_pct[i, j] = fig.change_pct
        if fig.achievement_pct is not None:
            self.achievement_pct[i, j] = fig.achievement_pct
        self.status[i, j] = STATUSES.index(fig.status) + 1 if fig.status else 0
        self.sources.set(i, j, fig.source, index)
        self.present[i, j] = True

    def append_row(self, unit: str, row: Mapping[str, Any], index: dict[tuple[int, str], int]) -> None:
        """Add a unit's figures (`Figure`s or summary.json's dicts); made with room, see `empty`."""
        i = len(self.value.units)
        self.value.units.append(unit)
        self.value.row_of[unit] = i
        for code, raw in row.items():
            fig = raw if isinstance(raw, Figure) else _figure_from_plain(raw)
            self.set(i, self.value.column_of[code], fig, index)

    def trim(self) -> FigureTable:
        n = len(self.units)
        value, previous, target = (t.trim() for t in (self.value, self.previous, self.target))
        previous.units = target.units = value.units
        previous.row_of = target.row_of = value.row_of
        s = self.sources
        sources = Sources(
            s.files, s.sheets, s.cells, s.file[:n].copy(), s.sheet[:n].copy(), s.cell[:n].copy()
        )
        return FigureTable(
            value,
            previous,
            target,
            self.change_pct[:n].copy(),
            self.achievement_pct[:n].copy(),
            self.status[:n].copy(),
            sources,
            self.present[:n].copy(),
        )

    def figure(self, i: int, j: int) -> Figure:
        value, previous = self.value.number(i, j), self.previous.number(i, j)
        status = int(self.status[i, j])
        return Figure(
            value=value,
            source=self.sources.at(i, j),
            previous=previous,
            change=whole(value - previous) if value is not None and previous is not None else None,
            change_pct=_float_or_none(self.change_pct[i, j]),
            target=self.target.number(i, j),
            achievement_pct=_float_or_none(self.achievement_pct[i, j]),
            status=STATUSES[status - 1] if status else None,
        )

    def plain_row(self, i: int) -> dict[str, dict[str, Any]]:
        """Row `i` as summary.json holds it: each figure a dict of its fields."""
        return dict(json.loads(next(self._json_block(i, i + 1, _SourceTexts(self.sources)))))

    def json_rows(self) -> Iterator[tuple[str, str]]:
        """(unit, its row as compact JSON text) for every unit in order: summary.json's figures,
        3 million of them for a national body.

        The text is made straight from the columns, a block of rows at a time: made as a `Figure`
        and then a dict per figure for json.dumps, it took most of a national aggregate's time.
        It is what json.dumps(plain_row, ensure_ascii=False, separators=(",", ":")) gives (tested).
        """
        block, sources = 4096, _SourceTexts(self.sources)
        for start in range(0, len(self.units), block):
            stop = min(start + block, len(self.units))
            yield from zip(self.units[start:stop], self._json_block(start, stop, sources), strict=True)

    def _json_block(self, start: int, stop: int, sources: _SourceTexts) -> Iterator[str]:
        rows = slice(start, stop)
        value, previous = _numbers(self.value, rows), _numbers(self.previous, rows)
        value_text, previous_text, target_text, change_pct, achievement_pct = (
            [[_json_number(v) for v in row] for row in column]
            for column in (
                value,
                previous,
                _numbers(self.target, rows),
                _floats(self.change_pct, rows),
                _floats(self.achievement_pct, rows),
            )
        )
        statuses = ("null", *(_json(status) for status in STATUSES))
        status = self.status[rows].tolist()
        file, sheet, cell = (m[rows].tolist() for m in (sources.of.file, sources.of.sheet, sources.of.cell))
        keys = [_json(code) for code in self.codes]
        for k, present in enumerate(self.present[rows].tolist()):
            figures = []
            for j, key in enumerate(keys):
                if not present[j]:
                    continue
                v, p = value[k][j], previous[k][j]
                change = "null" if v is None or p is None else _json_number(whole(v - p))
                source = sources.text(file[k][j], sheet[k][j], cell[k][j])
                figures.append(  # Figure's fields, in their order
                    f'{key}:{{"value":{value_text[k][j]},"source":{source},"previous":{previous_text[k][j]},'
                    f'"change":{change},"change_pct":{change_pct[k][j]},"target":{target_text[k][j]},'
                    f'"achievement_pct":{achievement_pct[k][j]},"status":{statuses[status[k][j]]}}}'
                )
            yield "{" + ",".join(figures) + "}"

    def __getitem__(self, unit: str) -> FigureRow:
        return FigureRow(self, self.value.row_of[unit])

    def __iter__(self) -> Iterator[str]:
        return iter(self.value.units)

    def __len__(self) -> int:
        return len(self.value.units)

    def __contains__(self, unit: object) -> bool:
        return unit in self.value.row_of

    def __repr__(self) -> str:
        return f"FigureTable({len(self.units)} units × {len(self.codes)} indicators)"


class FigureRow(Mapping[str, Figure]):
    """One unit's figures: a view of its table's row."""

    __slots__ = ("i", "table")

    def __init__(self, table: FigureTable, i: int) -> None:
        self.table, self.i = table, i

    def __getitem__(self, code: str) -> Figure:
        j = self.table.value.column_of[code]
        if not self.table.present[self.i, j]:
            raise KeyError(code)
        return self.table.figure(self.i, j)

    def __iter__(self) -> Iterator[str]:
        codes = self.table.codes
        return (codes[j] for j in np.flatnonzero(self.table.present[self.i]))

    def __len__(self) -> int:
        return int(np.count_nonzero(self.table.present[self.i]))

    def __contains__(self, code: object) -> bool:
        j = self.table.value.column_of.get(code)  # type: ignore[call-overload]
        return j is not None and bool(self.table.present[self.i, j])

    def __repr__(self) -> str:
        return repr(self.table.plain_row(self.i))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_number(value: Number | None) -> str:
    """As json.dumps writes it: repr for an int or a finite float (json's own choice)."""
    if value is None:
        return "null"
    return repr(value) if type(value) is int or math.isfinite(value) else json.dumps(value)


def _numbers(table: NumberTable, rows: slice) -> list[list[Number | None]]:
    """The rows of `table` as Python numbers (ints where the flags say so), None where empty."""
    values, flags = table.data[rows].tolist(), table.integral[rows].tolist()
    return [
        [None if v != v else int(v) if flag else v for v, flag in zip(row, row_flags, strict=True)]
        for row, row_flags in zip(values, flags, strict=True)
    ]


def _floats(matrix: np.ndarray, rows: slice) -> list[list[float | None]]:
    return [[None if v != v else v for v in row] for row in matrix[rows].tolist()]


class _SourceTexts:
    """A `Sources` entry as its JSON object text; each distinct name is encoded once."""

    def __init__(self, sources: Sources) -> None:
        self.of = sources
        self.files, self.sheets, self.cells = (
            [_json(name) for name in names] for names in (sources.files, sources.sheets, sources.cells)
        )

    def text(self, file: int, sheet: int, cell: int) -> str:
        if file < 0:
            return "null"
        sheet_text = self.sheets[sheet] if sheet >= 0 else "null"
        cell_text = self.cells[cell] if cell >= 0 else "null"
        return f'{{"file":{self.files[file]},"sheet":{sheet_text},"cell":{cell_text}}}'


def _float_or_none(value: Any) -> float | None:
    value = float(value)
    return None if value != value else value


def _figure_from_plain(data: Mapping[str, Any]) -> Figure:
    source = data.get("source")
    return Figure(
        value=data.get("value"),
        source=Provenance(source["file"], source.get("sheet"), source.get("cell")) if source else None,
        previous=data.get("previous"),
        change=data.get("change"),
        change_pct=data.get("change_pct"),
        target=data.get("target"),
        achievement_pct=data.get("achievement_pct"),
        status=data.get("status"),
    )
