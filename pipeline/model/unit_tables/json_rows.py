"""A `FigureTable`'s rows as the compact JSON text summary.json holds, made straight from the columns.

Made as a `Figure` and then a dict per figure for json.dumps, it took most of a national
aggregate's time (3 million figures). The text is what
json.dumps(plain_row, ensure_ascii=False, separators=(",", ":")) gives (tests/test_summary_tables.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any, Protocol

import numpy as np

from pipeline.model.unit_tables.figure import STATUSES, Number, whole
from pipeline.model.unit_tables.numbers import NumberTable
from pipeline.model.unit_tables.sources import Sources


def json_text(value: Any) -> str:
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


class SourceTexts:
    """A `Sources` entry as its JSON object text; each distinct name is encoded once."""

    def __init__(self, sources: Sources) -> None:
        self.of = sources
        self.files, self.sheets, self.cells = (
            [json_text(name) for name in names] for names in (sources.files, sources.sheets, sources.cells)
        )

    def text(self, file: int, sheet: int, cell: int) -> str:
        if file < 0:
            return "null"
        sheet_text = self.sheets[sheet] if sheet >= 0 else "null"
        cell_text = self.cells[cell] if cell >= 0 else "null"
        return f'{{"file":{self.files[file]},"sheet":{sheet_text},"cell":{cell_text}}}'


class FigureColumns(Protocol):
    """What the JSON text is made from: a FigureTable's columns."""

    value: NumberTable
    previous: NumberTable
    target: NumberTable
    change_pct: np.ndarray
    achievement_pct: np.ndarray
    status: np.ndarray
    present: np.ndarray

    @property
    def codes(self) -> list[str]: ...


def json_block(table: FigureColumns, start: int, stop: int, sources: SourceTexts) -> Iterator[str]:
    """Rows `start` to `stop` of `table`, each as one JSON object text: Figure's fields, in their order."""
    rows = slice(start, stop)
    value, previous = _numbers(table.value, rows), _numbers(table.previous, rows)
    value_text, previous_text, target_text, change_pct, achievement_pct = (
        [[_json_number(v) for v in row] for row in column]
        for column in (
            value,
            previous,
            _numbers(table.target, rows),
            _floats(table.change_pct, rows),
            _floats(table.achievement_pct, rows),
        )
    )
    statuses = ("null", *(json_text(status) for status in STATUSES))
    status = table.status[rows].tolist()
    file, sheet, cell = (m[rows].tolist() for m in (sources.of.file, sources.of.sheet, sources.of.cell))
    keys = [json_text(code) for code in table.codes]
    for k, present in enumerate(table.present[rows].tolist()):
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
