"""A workbook written straight into its zip, a row at a time: for sheets of 130.000 units.

xlsxwriter, even in constant_memory mode, spends about 8 µs on every cell (checks, a tuple, an
XML writer call per attribute): the national annex has 6 million cells, which took 40 to 50 s.
This writes the few parts a spreadsheet needs (content types, relationships, workbook, styles,
document properties) and each row of a sheet as one string into a deflate stream: memory holds one
row, the time is the formatting and the compression.

Enough SpreadsheetML for plain tables: inline strings and numbers, a handful of cell styles, column
widths, row heights, frozen panes, merged cells and print setup (paper, margins, fit to width,
repeated header rows, a footer). The same rows give the same bytes: zip entries carry a fixed
date and the document properties a date the caller gives.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO

from pipeline.office.cells import column_letter
from pipeline.office.print_setup import PrintSetup

__all__ = ["Cell", "PrintSetup", "SheetSpec", "SheetWriter", "StreamedWorkbook", "Style"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_FLUSH_ROWS = 2000  # rows joined before each write to the deflate stream
_CUSTOM_FORMATS_FROM = 164  # ids below are Excel's built-in number formats

Cell = tuple[object, int] | None  # (value, style index); value None: an empty cell with the style


@dataclass(frozen=True)
class Style:
    """A cell style: font variant, thin border all round, alignment, wrapping, number format."""

    bold: bool = False
    italic: bool = False
    size: float = 12
    border: bool = False
    horizontal: str | None = None  # "center", "left", "right"
    vertical: str | None = None  # "center", "top", "bottom"
    wrap: bool = False
    number_format: str | None = None  # e.g. "#,##0.##"


@dataclass(frozen=True)
class SheetSpec:
    name: str
    widths: dict[int, float] = field(default_factory=dict)  # column (0-based) → width in characters
    freeze: tuple[int, int] | None = None  # rows above and columns left of the split
    merges: Sequence[tuple[int, int, int, int]] = ()  # first row, first column, last row, last column
    print_setup: PrintSetup | None = None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def _number(value: object) -> str:
    """A number as xsd:double text: integers without a point, others in their shortest form."""
    number = float(value)  # type: ignore[arg-type]  # also numpy's scalars, whose repr is not a number
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


class SheetWriter:
    """Appends rows to one sheet; `row` takes the cells from column A, None for no cell."""

    def __init__(self, stream: IO[bytes], letters: list[str]) -> None:
        self._stream = stream
        self._letters = letters
        self._pending: list[str] = []
        self.rows_written = 0

    def row(self, cells: Sequence[Cell], height: float | None = None) -> None:
        number = self.rows_written + 1
        size = f' ht="{height}" customHeight="1"' if height else ""
        parts = [f'<row r="{number}"{size}>']
        letters = self._letters
        for column, cell in enumerate(cells):
            if cell is None:
                continue
            value, style = cell
            ref = f"{letters[column]}{number}"
            if value is None:
                parts.append(f'<c r="{ref}" s="{style}"/>')
            elif isinstance(value, str):
                space = ' xml:space="preserve"' if value != value.strip() else ""
                parts.append(
                    f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
                )
            else:
                parts.append(f'<c r="{ref}" s="{style}"><v>{_number(value)}</v></c>')
        parts.append("</row>")
        self._pending.append("".join(parts))
        self.rows_written = number
        if len(self._pending) >= _FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        self._stream.write("".join(self._pending).encode("utf-8"))
        self._pending.clear()


class StreamedWorkbook:
    """`styles` are numbered from 1 in cells (0 is the default: the font, no border)."""

    def __init__(self, styles: Sequence[Style], font: str, title: str, created: datetime) -> None:
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED)
        self._styles = list(styles)
        self._font = font
        self._title = title
        self._created = created
        self._sheets: list[SheetSpec] = []

    @contextmanager
    def sheet(self, spec: SheetSpec, columns: int) -> Iterator[SheetWriter]:
        """Write one sheet of at most `columns` columns; its rows go out as they are given."""
        self._sheets.append(spec)
        letters = [column_letter(i) for i in range(columns)]
        with self._zip.open(self._entry(f"xl/worksheets/sheet{len(self._sheets)}.xml"), "w") as stream:
            stream.write(self._sheet_head(spec, first=len(self._sheets) == 1).encode("utf-8"))
            writer = SheetWriter(stream, letters)
            yield writer
            writer.flush()
            stream.write(self._sheet_tail(spec).encode("utf-8"))

    def close(self) -> bytes:
        """The package parts that describe the sheets, then the archive's bytes."""
        parts = {
            "[Content_Types].xml": self._content_types(),
            "_rels/.rels": self._package_relationships(),
            "docProps/app.xml": self._app(),
            "docProps/core.xml": self._core(),
            "xl/workbook.xml": self._workbook(),
            "xl/_rels/workbook.xml.rels": self._workbook_relationships(),
            "xl/styles.xml": self._styles_part(),
        }
        for name, text in parts.items():
            self._zip.writestr(self._entry(name), text.encode("utf-8"))
        self._zip.close()
        return self._buffer.getvalue()

    @staticmethod
    def _entry(name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, _ZIP_DATE)
        entry.compress_type = zipfile.ZIP_DEFLATED
        return entry

    def _sheet_head(self, spec: SheetSpec, first: bool) -> str:
        setup = spec.print_setup
        head = [_XML_HEAD, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">']
        if setup and setup.fit_to_width:
            head.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        selected = ' tabSelected="1"' if first else ""
        view = f'<sheetView workbookViewId="0"{selected}>{_pane(spec.freeze)}</sheetView>'
        head.append(f"<sheetViews>{view}</sheetViews>")
        head.append('<sheetFormatPr defaultRowHeight="15.75"/>')
        if spec.widths:
            columns = "".join(
                f'<col min="{c + 1}" max="{c + 1}" width="{w}" customWidth="1"/>'
                for c, w in sorted(spec.widths.items())
            )
            head.append(f"<cols>{columns}</cols>")
        head.append("<sheetData>")
        return "".join(head)

    @staticmethod
    def _sheet_tail(spec: SheetSpec) -> str:
        tail = ["</sheetData>"]
        if spec.merges:
            refs = "".join(
                f'<mergeCell ref="{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"/>'
                for r1, c1, r2, c2 in spec.merges
            )
            tail.append(f'<mergeCells count="{len(spec.merges)}">{refs}</mergeCells>')
        setup = spec.print_setup
        if setup:
            if setup.centre_horizontally:
                tail.append('<printOptions horizontalCentered="1"/>')
            left, right, top, bottom = setup.margins
            sides = f'left="{left}" right="{right}" top="{top}" bottom="{bottom}"'
            tail.append(f'<pageMargins {sides} header="0.3" footer="0.3"/>')
            orientation = "landscape" if setup.landscape else "portrait"
            fit = ' fitToWidth="1" fitToHeight="0"' if setup.fit_to_width else ""
            tail.append(f'<pageSetup paperSize="{setup.paper}" orientation="{orientation}"{fit}/>')
            if setup.footer:
                tail.append(f"<headerFooter><oddFooter>{_escape(setup.footer)}</oddFooter></headerFooter>")
        tail.append("</worksheet>")
        return "".join(tail)

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name="{_attribute(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(self._sheets, 1)
        )
        names = []
        for index, spec in enumerate(self._sheets):
            setup = spec.print_setup
            quoted = spec.name.replace("'", "''")
            titles = []  # Excel's order: the repeated columns, then the repeated rows
            if setup and setup.repeat_columns:
                titles.append(f"'{quoted}'!$A:${column_letter(setup.repeat_columns - 1)}")
            if setup and setup.repeat_rows:
                titles.append(f"'{quoted}'!${setup.repeat_rows[0] + 1}:${setup.repeat_rows[1] + 1}")
            if titles:
                name = f'name="_xlnm.Print_Titles" localSheetId="{index}"'
                names.append(f"<definedName {name}>{_escape(','.join(titles))}</definedName>")
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (
            f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{sheets}</sheets>{defined}</workbook>"
        )

    def _workbook_relationships(self) -> str:
        sheet_type = f"{_REL}/worksheet"
        links = [
            f'<Relationship Id="rId{i}" Type="{sheet_type}" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(self._sheets) + 1)
        ]
        styles = len(self._sheets) + 1
        links.append(f'<Relationship Id="rId{styles}" Type="{_REL}/styles" Target="styles.xml"/>')
        return f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">{"".join(links)}</Relationships>'

    def _content_types(self) -> str:
        office = "application/vnd.openxmlformats-officedocument"
        overrides = [
            ("/xl/workbook.xml", f"{office}.spreadsheetml.sheet.main+xml"),
            *[
                (f"/xl/worksheets/sheet{i}.xml", f"{office}.spreadsheetml.worksheet+xml")
                for i in range(1, len(self._sheets) + 1)
            ],
            ("/xl/styles.xml", f"{office}.spreadsheetml.styles+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", f"{office}.extended-properties+xml"),
        ]
        items = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
        return (
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Default Extension="xml" ContentType="application/xml"/>{items}</Types>'
        )

    @staticmethod
    def _package_relationships() -> str:
        return (
            f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
            "</Relationships>"
        )

    def _core(self) -> str:
        when = self._created.strftime("%Y-%m-%dT%H:%M:%SZ")
        return (
            f'{_XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_escape(self._title)}</dc:title><dc:creator>tongket</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>'
        )

    @staticmethod
    def _app() -> str:
        return (
            f'{_XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
            ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            "<Application>tongket</Application></Properties>"
        )

    def _styles_part(self) -> str:
        """Fonts, borders and number formats the styles use, then one cell format per style."""
        default = Style()
        fonts = [(default.bold, default.italic, default.size)]
        formats: list[str] = []
        cell_formats = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
        for style in self._styles:
            font = (style.bold, style.italic, style.size)
            if font not in fonts:
                fonts.append(font)
            format_id = 0
            if style.number_format:
                if style.number_format not in formats:
                    formats.append(style.number_format)
                format_id = _CUSTOM_FORMATS_FROM + formats.index(style.number_format)
            cell_formats.append(_cell_format(style, fonts.index(font), format_id))
        number_formats = "".join(
            f'<numFmt numFmtId="{_CUSTOM_FORMATS_FROM + i}" formatCode="{_attribute(code)}"/>'
            for i, code in enumerate(formats)
        )
        font_parts = "".join(
            f'<font>{"<b/>" if bold else ""}{"<i/>" if italic else ""}<sz val="{size}"/>'
            f'<name val="{_attribute(self._font)}"/><family val="1"/></font>'
            for bold, italic, size in fonts
        )
        thin = '<color auto="1"/>'
        return (
            f'{_XML_HEAD}<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(formats)}">{number_formats}</numFmts>' if formats else "")
            + f'<fonts count="{len(fonts)}">{font_parts}</fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            f'<border><left style="thin">{thin}</left><right style="thin">{thin}</right>'
            f'<top style="thin">{thin}</top><bottom style="thin">{thin}</bottom>'
            "<diagonal/></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(cell_formats)}">{"".join(cell_formats)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


def _cell_format(style: Style, font: int, number_format: int) -> str:
    alignment = "".join(
        (
            f' horizontal="{style.horizontal}"' if style.horizontal else "",
            f' vertical="{style.vertical}"' if style.vertical else "",
            ' wrapText="1"' if style.wrap else "",
        )
    )
    border = 1 if style.border else 0
    applied = ' applyFont="1" applyBorder="1" applyNumberFormat="1" applyAlignment="1"'
    inner = f"<alignment{alignment}/>" if alignment else ""
    return (
        f'<xf numFmtId="{number_format}" fontId="{font}" fillId="0" borderId="{border}" xfId="0"{applied}>'
        f"{inner}</xf>"
    )


def _pane(freeze: tuple[int, int] | None) -> str:
    """The frozen split: rows above and columns left of it stay on screen."""
    if not freeze or freeze == (0, 0):
        return ""
    rows, columns = freeze
    active = "bottomRight" if rows and columns else ("bottomLeft" if rows else "topRight")
    split = (f' xSplit="{columns}"' if columns else "") + (f' ySplit="{rows}"' if rows else "")
    top_left = f"{column_letter(columns)}{rows + 1}"
    return (
        f'<pane{split} topLeftCell="{top_left}" activePane="{active}" state="frozen"/>'
        f'<selection pane="{active}" activeCell="{top_left}" sqref="{top_left}"/>'
    )
