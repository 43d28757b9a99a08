"""unit → indicator → number as one float matrix: the value, previous and target columns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from pipeline.model.unit_tables.figure import Number, as_number


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
