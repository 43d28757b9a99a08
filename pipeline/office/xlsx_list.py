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
) -> int:
    """Write the list on `sheet` (a title, a blank row, the header; or the header alone on row 0),
    freeze the rows above the data and return the number of data rows.

    `as_text` writes every value as text (None as ""), so a name starting with "=" stays a name;
    otherwise each value is written by its type (numbers as numbers, "" as a blank cell).
    """
    header_row = 0
    if title is not None:
        sheet.write_string(0, 0, title, formats.title)
        header_row = 2  # a blank row between the title and the table, as on paper
    for col, column in enumerate(columns):
        sheet.write_string(header_row, col, column.header, formats.head)
        sheet.set_column(col, col, column.width)
    row = header_row + 1
    for values in rows:
        if isinstance(values, Group):
            sheet.merge_range(row, 0, row, len(columns) - 1, values.label, formats.group)
        elif as_text:
            for col, value in enumerate(values):
                sheet.write_string(row, col, "" if value is None else str(value), formats.cell)
        else:
            for col, value in enumerate(values):
                sheet.write(row, col, value, formats.cell)
        row += 1
    if autofilter:
        sheet.autofilter(header_row, 0, max(row - 1, header_row + 1), len(columns) - 1)
    sheet.freeze_panes(header_row + 1, 0)
    return row - header_row - 1
