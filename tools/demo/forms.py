"""Many filled-in submission workbooks, fast: the real form is built once, then only cell values change.

Writing a workbook with openpyxl or xlsxwriter takes 10–15 ms; 130.000 of them would take half an
hour. So the form (`pipeline.form.writer.build_form`, exactly what units receive) is built once for a
placeholder unit, and each unit's workbook is that zip with three parts rewritten as text: the
figures sheet with its value cells filled, the nominations sheet with its rows filled, and the
shared strings with the unit's code and name in place of the placeholders, zipped by
`pipeline.office.determinism.write_package` so the same seed gives byte-identical files.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from pipeline.form import layout
from pipeline.form.writer import NOMINATION_ROWS, build_form
from pipeline.inputs.catalog import RegistryUnit
from pipeline.model.summary import Indicator
from pipeline.office.determinism import write_package

PLACEHOLDER_CODE = "TONGKET-DEMO-MA-DON-VI"
PLACEHOLDER_NAME = "TONGKET-DEMO-TEN-DON-VI"
_BLANK_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"((?: [a-z]+="[^"]*")*)/>')
_STRING_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"[^>]*t="s"[^>]*><v>(\d+)</v></c>')
_SHARED_STRING = re.compile(r"<si>(.*?)</si>", re.DOTALL)
_TEXT_RUN = re.compile(r"<t[^>]*>(.*?)</t>", re.DOTALL)
_REF_ATTRIBUTE = re.compile(r'(\s(?:r|ref|sqref)=")([^"]*)(")')
_REF = re.compile(r"([A-Z]{0,3})(\d+)")
_NOMINATION_COLUMNS = "BCDEFGHIJ"  # after STT, in layout.NOMINATION_COLUMNS order


@dataclass(frozen=True)
class Formula:
    """A formula with the value Excel cached when the unit saved the file."""

    expression: str
    cached: float


Cell = int | float | str | Formula | None


@dataclass
class FilledForm:
    """What one unit typed into its form."""

    code: str
    name: str
    values: dict[str, Cell]  # indicator code → value cell
    notes: dict[str, str] = field(default_factory=dict)  # indicator code → "Ghi chú"
    nominations: list[list[Cell]] = field(default_factory=list)  # rows of the 9 columns after STT
    blank_row_before: str | None = None  # an indicator code: the unit inserted an empty row above it


class _Slots:
    """A sheet's XML cut around the cells to fill, so filling one is a join, not a parse."""

    def __init__(self, xml: str, refs: set[str]) -> None:
        self.chunks: list[str] = []
        self.cells: list[tuple[str, str]] = []  # (ref, attributes such as ' s="10"')
        start = 0
        for match in _BLANK_CELL.finditer(xml):
            ref = match.group(1) + match.group(2)
            if ref in refs:
                self.chunks.append(xml[start : match.start()])
                self.cells.append((ref, match.group(3)))
                start = match.end()
        self.chunks.append(xml[start:])
        missing = refs - {ref for ref, _ in self.cells}
        if missing:
            raise ValueError(f"the form has no blank cells {sorted(missing)}")

    def fill(self, values: Mapping[str, Cell]) -> str:
        out = [self.chunks[0]]
        for (ref, attributes), chunk in zip(self.cells, self.chunks[1:], strict=True):
            out.append(_cell(ref, attributes, values.get(ref)))
            out.append(chunk)
        return "".join(out)


def _cell(ref: str, attributes: str, value: Cell) -> str:
    if value is None:
        return f'<c r="{ref}"{attributes}/>'
    if isinstance(value, Formula):
        return f'<c r="{ref}"{attributes}><f>{escape(value.expression)}</f><v>{value.cached!r}</v></c>'
    if isinstance(value, str):  # typed as text: an inline string, the shared strings stay as built
        text = escape(value)
        return f'<c r="{ref}"{attributes} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'<c r="{ref}"{attributes}><v>{value!r}</v></c>'


def insert_blank_row(xml: str, row: int) -> str:
    """The sheet as after Excel's "insert row" above `row`: that row and all below move down one.

    Every reference in r=, ref= and sqref= attributes moves (cells, rows, merged ranges, data
    validations, the dimension); nothing else in the form refers to cells below the header.
    """

    def shift(match: re.Match[str]) -> str:
        number = int(match.group(2))
        return f"{match.group(1)}{number + 1 if number >= row else number}"

    return _REF_ATTRIBUTE.sub(lambda m: m.group(1) + _REF.sub(shift, m.group(2)) + m.group(3), xml)


class FormFiller:
    """Builds the form once; `workbook` returns one unit's filled-in .xlsx as bytes."""

    def __init__(self, catalog: dict[str, Indicator], year: int) -> None:
        placeholder = RegistryUnit(PLACEHOLDER_CODE, PLACEHOLDER_NAME, PLACEHOLDER_NAME, "")
        with zipfile.ZipFile(io.BytesIO(build_form(catalog, year, placeholder))) as archive:
            self._parts = {info.filename: archive.read(info) for info in archive.infolist()}
        sheets = self._sheet_paths()
        self._figures_part = sheets[layout.FIGURES_SHEET]
        self._nominations_part = sheets[layout.NOMINATIONS_SHEET]
        self._strings_part = "xl/sharedStrings.xml"
        strings = self._parts[self._strings_part].decode("utf-8")
        # Indicator codes are plain ASCII, so the escaped XML text is the text itself.
        shared = ["".join(_TEXT_RUN.findall(item)) for item in _SHARED_STRING.findall(strings)]
        figures = self._parts[self._figures_part].decode("utf-8")
        self.rows: dict[str, int] = {}  # indicator code → its row in the figures sheet
        code_column = "B"
        for column, row, index in _STRING_CELL.findall(figures):
            if column == code_column and shared[int(index)] in catalog:
                self.rows[shared[int(index)]] = int(row)
        value_refs = {f"E{r}" for r in self.rows.values()} | {f"F{r}" for r in self.rows.values()}
        self._figures = _Slots(figures, value_refs)
        nominations = self._parts[self._nominations_part].decode("utf-8")
        first = self._first_nomination_row(nominations)
        self.nomination_rows = NOMINATION_ROWS
        refs = {f"{c}{r}" for c in _NOMINATION_COLUMNS for r in range(first, first + NOMINATION_ROWS)}
        self._first_nomination = first
        self._nominations = _Slots(nominations, refs)
        self._strings = strings

    def _sheet_paths(self) -> dict[str, str]:
        """Sheet name → part name, read from the workbook and its relationships."""
        workbook = self._parts["xl/workbook.xml"].decode("utf-8")
        rels = self._parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
        targets = dict(re.findall(r'<Relationship Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        if not targets:  # attribute order differs between writers
            targets = {i: t for t, i in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
        found = re.findall(r'<sheet name="([^"]+)"[^>]*r:id="([^"]+)"', workbook)
        return {name: "xl/" + targets[rid].lstrip("/").removeprefix("xl/") for name, rid in found}

    @staticmethod
    def _first_nomination_row(xml: str) -> int:
        """The first row under the header, whose STT cell (column A) holds 1."""
        match = re.search(r'<c r="A(\d+)"[^>]*><v>1</v></c>', xml)
        if match is None:
            raise ValueError("the form's nominations sheet has no numbered rows")
        return int(match.group(1))

    def workbook(self, form: FilledForm) -> bytes:
        values: dict[str, Cell] = {}
        for code, value in form.values.items():
            values[f"E{self.rows[code]}"] = value
        for code, note in form.notes.items():
            values[f"F{self.rows[code]}"] = note
        figures = self._figures.fill(values)
        if form.blank_row_before is not None:
            figures = insert_blank_row(figures, self.rows[form.blank_row_before])
        rows: dict[str, Cell] = {}
        for offset, nomination in enumerate(form.nominations[: self.nomination_rows]):
            for column, value in zip(_NOMINATION_COLUMNS, nomination, strict=False):
                rows[f"{column}{self._first_nomination + offset}"] = value
        strings = self._strings.replace(PLACEHOLDER_CODE, escape(form.code)).replace(
            PLACEHOLDER_NAME, escape(form.name)
        )
        return self._zip(
            {
                self._figures_part: figures.encode("utf-8"),
                self._nominations_part: self._nominations.fill(rows).encode("utf-8"),
                self._strings_part: strings.encode("utf-8"),
            }
        )

    def _zip(self, replaced: Mapping[str, bytes]) -> bytes:
        return write_package({name: replaced.get(name, data) for name, data in self._parts.items()})
