"""A sheet with a title, a header row and data rows, written with xlsxwriter: the shape of every
list tongket hands to people as XLSX (the validation report's sheets, the commendation list).

One function writes the cells of such a sheet, so a rule every list must follow (text that
looks like a formula kept as text, a page set up for printing) is made once, here, for all of
them. The caller owns the workbook and its formats; cells are written in reading order, which
fixes the order of the shared strings and so the bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.office.print_setup import apply, table_setup, wrapped_height


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # in characters, as Excel counts them


@dataclass(frozen=True)
class Group:
    """A row naming the group of the rows under it, merged across every column."""

    label: str


@dataclass(frozen=True)
class ListFormats:
    """The xlsxwriter formats of a list's header row and data cells (title and group rows if any)."""

    head: Any
    cell: Any
    title: Any = None
    group: Any = None


def write_list(
    sheet: Any,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any] | Group],
    formats: ListFormats,
    title: str | None = None,
    as_text: bool = True,
    autofilter: bool = False,
    key_columns: int = 1,
    wraps_from: float = 0,
) -> int:
    """Write the list on `sheet` (a title, a blank row, the header; or the header alone on row 0),
    freeze the rows above the data, set the sheet up for printing and return the number of data rows.

    `as_text` writes every value as text (None as ""), so a name starting with "=" stays a name;
    otherwise each value is written by its type (numbers as numbers, "" as a blank cell). Each row
    is as tall as its wrapped text needs (columns at least `wraps_from` wide; LibreOffice does not
    grow a row by itself); `key_columns` repeat on every page of a table too wide to fit one.
    """
    widths = [column.width for column in columns]
    header_row = 0
    if title is not None:  # across the table, so that it prints whole and centred over it
        sheet.merge_range(0, 0, 0, len(columns) - 1, title, formats.title)
        sheet.set_row(0, wrapped_height([(title, sum(widths))], font_size=13, bold=True))
        header_row = 2  # a blank row between the title and the table, as on paper
    for col, column in enumerate(columns):
        sheet.write_string(header_row, col, column.header, formats.head)
        sheet.set_column(col, col, column.width)
    sheet.set_row(header_row, _height([c.header for c in columns], widths, wraps_from, bold=True))
    row = header_row + 1
    for values in rows:
        if isinstance(values, Group):
            sheet.merge_range(row, 0, row, len(columns) - 1, values.label, formats.group)
        else:
            for col, value in enumerate(values):
                if as_text:
                    sheet.write_string(row, col, "" if value is None else str(value), formats.cell)
                else:
                    sheet.write(row, col, value, formats.cell)
            sheet.set_row(row, _height(values, widths, wraps_from))
        row += 1
    if autofilter:
        sheet.autofilter(header_row, 0, max(row - 1, header_row + 1), len(columns) - 1)
    sheet.freeze_panes(header_row + 1, 0)
    apply(sheet, table_setup(widths, header_rows=(header_row, header_row), key_columns=key_columns))
    return row - header_row - 1


def _height(values: Sequence[Any], widths: list[int], wraps_from: float, bold: bool = False) -> float | None:
    texts = ("" if value is None else str(value) for value in values)
    return wrapped_height(((t, w) for t, w in zip(texts, widths, strict=True) if w >= wraps_from), bold=bold)
