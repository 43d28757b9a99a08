"""What one .xlsx may cost, measured before calamine reads it.

A zip's headers are the sender's word: a member declared at 2 MB may inflate to gigabytes, and
calamine sizes a sheet's memory by its extent (a 10 KB file with one cell at XFD1048576 asks for
549 GB and aborts the process). So the members are inflated here, in 1 MB steps and never kept,
until their real size is known or the budget is spent; and each worksheet's extent is taken from
the cells actually present (its `<dimension>` is not trusted: calamine ignores it, measured).

Cost for a filled form (~40 KB unzipped): ~0,05 ms, against ~0,25 ms for calamine's own read.
Members whose compressed size cannot inflate past the budget (deflate's ratio is at most ~1.032:1)
are not inflated here; worksheets always are, for their extent.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

MAX_UNZIPPED_BYTES = 64 * 2**20  # all members together; a filled form is ~40 KB
MAX_SHEET_CELLS = 200_000  # cells present in one sheet; a filled form has ~300
MAX_DENSE_CELLS = 1_000_000  # rows × columns calamine may allocate for one sheet (~32 MB there)
_DEFLATE_MAX_RATIO = 1032
_STEP = 2**20

_CELL_REF = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
_CELL = re.compile(rb"<c[\s/>]")
_ROW_REF = re.compile(rb'<row\b[^>]*?\br="([0-9]{1,7})"')


@dataclass(frozen=True)
class SheetShape:
    """A worksheet as its XML says: the cells present and the extent they span (1-based)."""

    cells: int
    rows: int
    cols: int

    @property
    def extent(self) -> int:
        return self.rows * self.cols


class TooLarge(Exception):
    """The file would cost more than a form may; str() is the finding's Vietnamese detail."""


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def member_chunks(data: bytes, info: zipfile.ZipInfo, limit: int) -> Iterator[bytes]:
    """A member's content in steps of at most 1 MB, inflated straight from `data`; TooLarge past
    `limit` bytes. Stored members are sliced; other methods and encrypted members are not read."""
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_length + extra_length  # after the local file header
    raw = data[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        if len(raw) > limit:
            raise TooLarge
        yield raw
        return
    inflater = zlib.decompressobj(-15)
    produced = 0
    pending = raw
    while pending and not inflater.eof:
        chunk = inflater.decompress(pending, _STEP)
        pending = inflater.unconsumed_tail
        produced += len(chunk)
        if produced > limit:
            raise TooLarge
        yield chunk
    tail = inflater.flush(_STEP)
    if produced + len(tail) > limit:
        raise TooLarge
    if tail:
        yield tail


def measure(archive: zipfile.ZipFile, data: bytes) -> dict[str, SheetShape]:
    """Each worksheet's shape, by member name; TooLarge when the members' real size is over budget."""
    budget = MAX_UNZIPPED_BYTES
    shapes: dict[str, SheetShape] = {}
    for info in archive.infolist():
        readable = info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and not info.flag_bits & 1
        is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
        if not readable:
            budget -= info.file_size  # calamine cannot read it either; only its declared size counts
        elif is_sheet:
            shape, size = _shape(member_chunks(data, info, budget))
            shapes[info.filename] = shape
            budget -= size
        elif info.compress_size * _DEFLATE_MAX_RATIO > budget:
            budget -= sum(len(chunk) for chunk in member_chunks(data, info, budget))
        else:
            budget -= min(info.file_size, info.compress_size * _DEFLATE_MAX_RATIO)
        if budget < 0:
            raise TooLarge
    return shapes


def _shape(chunks: Iterator[bytes]) -> tuple[SheetShape, int]:
    """Cells, last row and last column of a sheet's XML read in steps, and its size in bytes.

    A step is cut after its last «>», so that no tag is split between two steps.
    """
    cells = rows = cols = size = 0
    carry = b""
    unnamed = False  # a cell without r="..." takes the next column: bound it by the cell count
    for chunk in chain(chunks, [b">"]):  # the sentinel flushes the carry
        size += len(chunk)
        text = carry + chunk
        cut = text.rfind(b">") + 1
        text, carry = text[:cut], text[cut:]
        found = _CELL.findall(text)
        named = _CELL_REF.findall(text)
        cells += len(found)
        unnamed = unnamed or len(named) < len(found)
        for letters, row in named:
            cols = max(cols, column_number(letters))
            rows = max(rows, int(row))
        for row in _ROW_REF.findall(text):
            rows = max(rows, int(row))
    size -= 1
    if unnamed:
        cols = max(cols, cells)
        rows = max(rows, cells)
    return SheetShape(cells, rows, cols), size
