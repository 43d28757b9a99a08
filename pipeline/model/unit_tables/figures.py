"""unit → indicator → `Figure` as columns: what a summary's per-unit figures are held as."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from pipeline.model.unit_tables.figure import STATUSES, Figure, figure_from_plain, float_or_none, whole
from pipeline.model.unit_tables.json_rows import SourceTexts, json_block
from pipeline.model.unit_tables.numbers import NumberTable
from pipeline.model.unit_tables.sources import Sources


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
            fig = raw if isinstance(raw, Figure) else figure_from_plain(raw)
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
            change_pct=float_or_none(self.change_pct[i, j]),
            target=self.target.number(i, j),
            achievement_pct=float_or_none(self.achievement_pct[i, j]),
            status=STATUSES[status - 1] if status else None,
        )

    def plain_row(self, i: int) -> dict[str, dict[str, Any]]:
        """Row `i` as summary.json holds it: each figure a dict of its fields."""
        return dict(json.loads(next(json_block(self, i, i + 1, SourceTexts(self.sources)))))

    def json_rows(self) -> Iterator[tuple[str, str]]:
        """(unit, its row as compact JSON text) for every unit in order: summary.json's figures,
        3 million of them for a national body.

        The text is made straight from the columns, a block of rows at a time: made as a `Figure`
        and then a dict per figure for json.dumps, it took most of a national aggregate's time.
        It is what json.dumps(plain_row, ensure_ascii=False, separators=(",", ":")) gives (tested).
        """
        block, sources = 4096, SourceTexts(self.sources)
        for start in range(0, len(self.units), block):
            stop = min(start + block, len(self.units))
            yield from zip(self.units[start:stop], json_block(self, start, stop, sources), strict=True)

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
