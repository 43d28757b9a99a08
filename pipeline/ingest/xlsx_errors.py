"""Cells of an .xlsx sheet holding an Excel error (#DIV/0!, #REF!, #N/A...).

python-calamine reads an error cell as an empty string (python-calamine issue #105), so a unit's
broken formula would pass for a figure left blank, with no word to the unit. These few lines find
such cells in the sheet's XML, read only when a figure cell came back empty.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from html import unescape

_TAG = re.compile(rb"<(?:\w+:)?(sheet|Relationship)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_CELL = re.compile(rb"<c\b([^>]*)>(.*?)</c>", re.DOTALL)
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def error_cells(data: bytes, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column), both from 0, → the error shown in the cell, for the sheet named `sheet`.

    Empty when there are none, or when the file is not a readable .xlsx: reading the figures
    themselves reports a damaged file.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            part = _sheet_part(archive, sheet)
            xml = archive.read(part) if part else b""
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return {}
    if b't="e"' not in xml:
        return {}
    found = {}
    for attributes, body in _CELL.findall(xml):
        attrs = dict(_ATTRIBUTE.findall(attributes))
        ref, value = _REF.match(attrs.get(b"r", b"").decode("ascii", "replace")), _VALUE.search(body)
        if attrs.get(b"t") == b"e" and ref:
            found[(int(ref[2]) - 1, _column_index(ref[1]))] = (
                unescape(value[1].decode()) if value else "#ERROR"
            )
    return found


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip entry of the sheet named `sheet`, through the workbook and its relationships."""
    rel_id = None
    for kind, attributes in _TAG.findall(archive.read("xl/workbook.xml")):
        attrs = dict(_ATTRIBUTE.findall(attributes))
        if kind == b"sheet" and unescape(attrs.get(b"name", b"").decode()) == sheet:
            rel_id = attrs.get(b"r:id")
    if rel_id is None:
        return None
    for kind, attributes in _TAG.findall(archive.read("xl/_rels/workbook.xml.rels")):
        attrs = dict(_ATTRIBUTE.findall(attributes))
        if kind == b"Relationship" and attrs.get(b"Id") == rel_id:
            target = attrs.get(b"Target", b"").decode()
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return None


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
