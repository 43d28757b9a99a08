"""Cells of an .xlsx sheet whose formula gives no number: an Excel error (#DIV/0!, #REF!, #N/A...)
or a formula saved without its value.

python-calamine reads both as an empty string (python-calamine issue #105), so a unit's broken
formula, or a workbook written by a script or tool that does not compute (openpyxl writes
`<f>E9+E10</f><v></v>`), would pass for figures left blank, with no word to the unit. These few
lines find such cells in the sheet's XML, read only when a figure cell came back empty.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
import zlib
from html import unescape

_TAG = re.compile(rb"<(?:\w+:)?(sheet|Relationship)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
# An empty cell is written `<c r="E15" s="6"/>`: matched on its own, it cannot swallow the next cells.
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>([^<]*)</f>)")
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def error_cells(archive: zipfile.ZipFile, data: bytes, sheet: str) -> dict[tuple[int, int], tuple[str, str]]:
    """(row, column), both from 0, → (the error shown in the cell, or "" for a formula saved without
    its value; the formula, "=E9+E10", or "" when not written in the cell), for the sheet named
    `sheet` of the .xlsx `data` (`archive`: the same bytes, opened).

    Empty when there are none, or when the parts cannot be read: reading the figures themselves
    reports a damaged file.
    """
    try:
        part = _sheet_part(archive, data, sheet)
        xml = _inflate(archive, data, part) if part else b""
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, struct.error, zlib.error):
        return {}
    if b't="e"' not in xml and b"<f" not in xml:
        return {}
    found = {}
    for attributes, body in _CELL.findall(xml):
        attrs = dict(_ATTRIBUTE.findall(attributes))
        ref = _REF.match(attrs.get(b"r", b"").decode("ascii", "replace"))
        value, formula = _VALUE.search(body), _FORMULA.search(body)
        written = f"={unescape(formula[1].decode())}" if formula and formula[1] else ""
        if not ref:
            continue
        if attrs.get(b"t") == b"e":
            shown = unescape(value[1].decode()) if value else "#ERROR"
            found[(int(ref[2]) - 1, _column_index(ref[1]))] = (shown, written)
        elif formula and not (value and value[1]) and attrs.get(b"t") != b"str":
            # t="str" with an empty <v> is a value: Excel's cached "" (=IF(A1="";"";A1)), a blank
            found[(int(ref[2]) - 1, _column_index(ref[1]))] = ("", written)
    return found


def _sheet_part(archive: zipfile.ZipFile, data: bytes, sheet: str) -> str | None:
    """The zip entry of the sheet named `sheet`, through the workbook and its relationships."""
    rel_id = None
    for kind, attributes in _TAG.findall(_inflate(archive, data, "xl/workbook.xml")):
        attrs = dict(_ATTRIBUTE.findall(attributes))
        if kind == b"sheet" and unescape(attrs.get(b"name", b"").decode()) == sheet:
            rel_id = attrs.get(b"r:id")
    if rel_id is None:
        return None
    for kind, attributes in _TAG.findall(_inflate(archive, data, "xl/_rels/workbook.xml.rels")):
        attrs = dict(_ATTRIBUTE.findall(attributes))
        if kind == b"Relationship" and attrs.get(b"Id") == rel_id:
            target = attrs.get(b"Target", b"").decode()
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return None


def _inflate(archive: zipfile.ZipFile, data: bytes, name: str) -> bytes:
    """One entry's content, inflated straight from `data`: ZipFile.read's file objects cost more
    than the inflating, and this runs for every submission with an empty figure cell."""
    info = archive.getinfo(name)
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:  # stored, other, encrypted
        return archive.read(info)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length  # after the local file header
    return zlib.decompress(data[start : start + info.compress_size], -15)


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
