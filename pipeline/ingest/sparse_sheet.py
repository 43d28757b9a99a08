"""A worksheet read cell by cell, for a sheet whose extent a dense read could not afford.

calamine gives a sheet as rows × columns, allocated by the extent of the cells present: one cell
at AZ300000 costs 630 MB, one at XFD1048576 aborts the process. Such a sheet, when it holds few
cells (see `bounds.MAX_SHEET_CELLS`), is read here from its XML into rows that exist only where
cells do. Values as calamine gives them (text, float, bool; "" for an empty or error cell), except
that a date stays its serial number: the form's figures and labels are never dates.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from html import unescape
from typing import overload

from python_calamine import CalamineWorkbook

from pipeline.ingest.bounds import (
    MAX_DENSE_CELLS,
    MAX_SHEET_CELLS,
    MAX_UNZIPPED_BYTES,
    SheetShape,
    TooLarge,
    column_number,
    member_chunks,
)
from pipeline.ingest.xlsx_errors import sheet_part

_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.DOTALL)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_REF = re.compile(rb"^([A-Z]{1,3})([0-9]{1,7})$")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_TEXT = re.compile(rb"<(?:\w+:)?t\b[^>]*>([^<]*)</(?:\w+:)?t>")
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.DOTALL)
_ITEM = re.compile(rb"<(?:\w+:)?si\b[^>]*>(.*?)</(?:\w+:)?si>|<(?:\w+:)?si\b[^>]*/>", re.DOTALL)

Row = Sequence[object]


class SparseRows(Sequence[Row]):
    """Rows by index like calamine's, without the empty rows in memory: a missing row is ()."""

    def __init__(self, rows: dict[int, list[object]], height: int) -> None:
        self._rows = rows
        self._height = height

    def __len__(self) -> int:
        return self._height

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self._rows.get(i, ()) for i in range(*index.indices(self._height))]
        if index < 0:
            index += self._height
        if not 0 <= index < self._height:
            raise IndexError(index)
        return self._rows.get(index, ())

    def __iter__(self) -> Iterator[Row]:
        return (self._rows.get(i, ()) for i in range(self._height))


def sheet_rows(
    book: CalamineWorkbook,
    name: str,
    archive: zipfile.ZipFile | None = None,
    data: bytes = b"",
    shapes: dict[str, SheetShape] | None = None,
) -> Sequence[Row]:
    """The sheet `name` as rows: calamine's dense read when its extent is affordable, else sparse.

    TooLarge when the sheet holds more cells than a form could (its detail is the finding's).
    """
    part = sheet_part(archive, data, name) if archive is not None and shapes else None
    shape = shapes.get(part) if shapes and part else None
    if shape is not None and shape.cells > MAX_SHEET_CELLS:
        cells = f"{shape.cells:,}".replace(",", ".")
        raise TooLarge(f"Trang «{name}» có {cells} ô, quá nhiều so với một biểu mẫu.")
    if shape is None or shape.extent <= MAX_DENSE_CELLS or archive is None or part is None:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return read_sparse(archive, data, part)


def read_sparse(archive: zipfile.ZipFile, data: bytes, part: str) -> SparseRows:
    """The cells of the worksheet `part`, each at its row and column."""
    xml = _member(archive, data, part)
    strings = _shared_strings(archive, data)
    rows: dict[int, list[object]] = {}
    row_number = 0
    for row_attributes, body in _ROW.findall(xml):
        attrs = dict(_ATTRIBUTE.findall(row_attributes))
        row_number = int(attrs[b"r"]) if attrs.get(b"r", b"").isdigit() else row_number + 1
        column = 0
        for cell_attributes, content in _CELL.findall(body or b""):
            cell = dict(_ATTRIBUTE.findall(cell_attributes))
            ref = _REF.match(cell.get(b"r", b""))
            column = column_number(ref[1]) if ref else column + 1
            value = _value(cell.get(b"t", b"n"), content or b"", strings)
            if value == "":
                continue
            row = rows.setdefault(row_number - 1, [])
            row.extend([""] * (column - len(row)))
            row[column - 1] = value
    height = max(rows, default=-1) + 1
    return SparseRows(rows, height)


def _value(kind: bytes, content: bytes, strings: list[str]) -> object:
    if kind == b"inlineStr":
        return unescape(b"".join(_TEXT.findall(_PHONETIC.sub(b"", content))).decode("utf-8", "replace"))
    found = _VALUE.search(content)
    raw = found[1] if found else b""
    if not raw or kind == b"e":
        return ""  # calamine reads an error cell as "" too (see xlsx_errors)
    if kind == b"s":
        index = int(raw) if raw.isdigit() else -1
        return strings[index] if 0 <= index < len(strings) else ""
    if kind in (b"str", b"d"):
        return unescape(raw.decode("utf-8", "replace"))
    if kind == b"b":
        return raw.strip() == b"1"
    try:
        return float(raw)
    except ValueError:
        return ""


def _shared_strings(archive: zipfile.ZipFile, data: bytes) -> list[str]:
    names = [n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")]
    if not names:
        return []
    xml = _member(archive, data, names[0])
    return [
        unescape(b"".join(_TEXT.findall(_PHONETIC.sub(b"", body or b""))).decode("utf-8", "replace"))
        for body in _ITEM.findall(xml)
    ]


def _member(archive: zipfile.ZipFile, data: bytes, name: str) -> bytes:
    return b"".join(member_chunks(data, archive.getinfo(name), MAX_UNZIPPED_BYTES))
