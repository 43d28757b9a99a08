"""Cells of a submission sheet whose formula gives no number, in .xlsx, .xls and .ods alike.

python-calamine reads an error cell (#DIV/0!, #N/A...) and a formula saved without its value as
an empty string in every format, so either would pass for a figure left blank. Each format keeps
them its own way: .xlsx in the sheet XML (`xlsx_errors`), .xls in BIFF records (read with xlrd,
which gives an error cell its code), .ods in content.xml (LibreOffice marks an error
`calcext:value-type="error"` and shows «#DIV/0!» as the cell's text). Looked for only when a figure
cell came back empty, so a clean form costs nothing.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from pipeline.ingest.xlsx_errors import error_cells as xlsx_error_cells

Cell = tuple[int, int]  # (row, column), both from 0


@dataclass(frozen=True, slots=True)
class FormulaCell:
    error: str  # what the cell shows, "#DIV/0!"; "" for a formula saved without its value
    formula: str = ""  # "=E9+E10", when the file keeps it in a form worth showing


def formula_cells(data: bytes, archive: zipfile.ZipFile | None, sheet: str) -> dict[Cell, FormulaCell]:
    """The cells of the sheet named `sheet` whose formula gives no number; `archive` is the file
    opened as a zip (None for an .xls). Empty when the parts cannot be read: reading the figures
    themselves reports a damaged file."""
    if archive is None:
        return _xls(data, sheet)
    names = set(archive.namelist())
    if "content.xml" in names and "xl/workbook.xml" not in names:
        return _ods(archive, sheet)
    return {cell: FormulaCell(*found) for cell, found in xlsx_error_cells(archive, data, sheet).items()}


def _xls(data: bytes, sheet: str) -> dict[Cell, FormulaCell]:
    import xlrd  # only for an .xls with an empty figure cell: not every ingest worker pays its import

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=_Discard())
        table = book.sheet_by_name(sheet)
    except Exception:  # xlrd's errors for damaged BIFF are many and untyped
        return {}
    found = {}
    for r in range(table.nrows):
        for c, ctype in enumerate(table.row_types(r)):
            if ctype == xlrd.XL_CELL_ERROR:
                code = table.cell_value(r, c)
                found[(r, c)] = FormulaCell(xlrd.error_text_from_code.get(code, "#ERROR"))
    return found


class _Discard:
    """xlrd writes its warnings to a log file (stdout by default): a pool worker prints nothing."""

    def write(self, text: str) -> None:
        pass


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "calcext": "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0",
}
_TABLE, _ROW = f"{{{_ODS['table']}}}table", f"{{{_ODS['table']}}}table-row"
_CELLS = {f"{{{_ODS['table']}}}table-cell", f"{{{_ODS['table']}}}covered-table-cell"}
_NAME, _FORMULA = f"{{{_ODS['table']}}}name", f"{{{_ODS['table']}}}formula"
_ROWS_REPEATED = f"{{{_ODS['table']}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_ODS['table']}}}number-columns-repeated"
_VALUE_TYPE, _CALC_TYPE = f"{{{_ODS['office']}}}value-type", f"{{{_ODS['calcext']}}}value-type"
# Without LibreOffice's calcext mark (other tools, old versions) an error is a string cell whose
# formula shows one of these; LibreOffice's own codes read «Err:502».
_ERROR_TEXT = re.compile(r"^(#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A)|Err:\d{3})$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _ods(archive: zipfile.ZipFile, sheet: str) -> dict[Cell, FormulaCell]:
    try:
        root = etree.fromstring(archive.read("content.xml"), _PARSER)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, etree.XMLSyntaxError):
        return {}
    table = next((t for t in root.iter(_TABLE) if t.get(_NAME) == sheet), None)
    found: dict[Cell, FormulaCell] = {}
    r = 0
    for row in table.iter(_ROW) if table is not None else ():
        c = 0
        for cell in row:
            if cell.tag not in _CELLS:
                continue
            formula = cell.get(_FORMULA)
            if formula:
                problem = _ods_problem(cell, formula)
                if problem is not None:
                    found[(r, c)] = problem
            c += int(cell.get(_COLUMNS_REPEATED, "1"))
        r += int(row.get(_ROWS_REPEATED, "1"))
    return found


def _ods_problem(cell: etree._Element, formula: str) -> FormulaCell | None:
    shown = "".join(cell.itertext()).strip()
    written = "=" + formula.split(":", 1)[1].lstrip("=") if ":" in formula[:4] else formula  # "of:=1/0"
    if cell.get(_CALC_TYPE) == "error" or (cell.get(_VALUE_TYPE) == "string" and _ERROR_TEXT.match(shown)):
        return FormulaCell(shown or "#ERROR", written)
    if cell.get(_VALUE_TYPE) is None:
        return FormulaCell("", written)
    return None
