"""One submission file's figures, nominations and findings as read; its unit is attached at the end."""

from __future__ import annotations

import math
import re
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.formats.numbers import parse_number, shown
from pipeline.formats.text import clean
from pipeline.ingest.context import ReadContext
from pipeline.ingest.formula_cells import FormulaCell
from pipeline.ingest.legacy import to_unicode
from pipeline.inputs.catalog import COMPUTED_METHODS
from pipeline.model.findings import BLOCKING_CODES, Finding
from pipeline.model.ingested import FigureRow, NominationRow

# What an indicator code looks like; "(2)" in a column-numbering row under the header is not one.
_CODE_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")


@dataclass(slots=True)
class FigureColumns:
    """One file's figures column by column; its unit and file name are the submission's, not repeated.

    From a pool worker, a float array and lists of strings the file shares (indicator codes, cell
    addresses, the sheet) travel in a fraction of the bytes and objects of one tuple per figure.
    """

    codes: list[str] = field(default_factory=list)
    values: array[float] = field(default_factory=lambda: array("d"))  # NaN for a blank value cell
    notes: list[str] = field(default_factory=list)
    sheets: list[str | None] = field(default_factory=list)  # None for CSV lines
    cells: list[str] = field(default_factory=list)

    def append(self, code: str, value: float, note: str, sheet: str | None, cell: str) -> None:
        self.codes.append(code)
        self.values.append(value)
        self.notes.append(note)
        self.sheets.append(sheet)
        self.cells.append(cell)

    def __len__(self) -> int:
        return len(self.values)


@dataclass(slots=True)
class Submission:
    """What one file yielded: figures, nominations and findings, and the unit it was attributed to."""

    file: str
    unit: str = ""  # "" when no unit could be attributed
    identified: bool = False  # the unit was read from the content (not guessed from the file name)
    received_at: str = ""  # ISO time the file was last written: when it reached the office
    figures: FigureColumns = field(default_factory=FigureColumns)
    nominations: list[NominationRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return any(f.code in BLOCKING_CODES for f in self.findings)

    @property
    def rows(self) -> list[FigureRow]:
        """The figures one tuple each, for reading a few files; ingest takes `figures` column by column."""
        f = self.figures
        return [
            FigureRow(self.unit, code, value, note, self.file, sheet, cell)
            for code, value, note, sheet, cell in zip(
                f.codes, f.values, f.notes, f.sheets, f.cells, strict=True
            )
        ]


class Collector:
    """Gathers one file's figures and findings; the unit is attached when the file is done."""

    def __init__(self, file: str, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.sub = Submission(file)
        self._legacy: dict[str, tuple[int, Finding]] = {}  # encoding -> (cells converted, first finding)

    def add(self, code: str, **where: Any) -> Finding:
        finding = Finding(code, file=self.sub.file, **where)
        self.sub.findings.append(finding)
        return finding

    def text(self, raw: object, sheet: str | None, cell: str | None) -> str:
        """A text cell as NFC Unicode, converting legacy TCVN3/VNI and noting it once per file."""
        text = clean(raw)
        decoded = to_unicode(text)
        if decoded.encoding or decoded.unsure:
            key = decoded.encoding or "?"
            count, first = self._legacy.get(key, (0, None))
            if first is None:
                code = "ma-hoa-cu" if decoded.encoding else "ma-hoa-khong-ro"
                first = Finding(code, file=self.sub.file, sheet=sheet, cell=cell, value=text)
                if decoded.encoding:
                    first.detail = f"Bảng mã {decoded.encoding}: «{text}» đọc thành «{decoded.text}»."
            self._legacy[key] = (count + 1, first)
        return decoded.text

    def identify(self, code: str, name: str, sheet: str | None, cell: str | None) -> None:
        """Attribute the file to the unit its code or name cell names."""
        by_code, by_name = self.ctx.find_unit(code, name)
        written = code or name
        if by_code and by_name and by_code.code != by_name.code:
            self.add(
                "don-vi-khong-ro",
                sheet=sheet,
                cell=cell,
                value=f"{code} / {name}",
                detail=f"Mã đơn vị là của {by_code.code} nhưng tên đơn vị là của {by_name.code}.",
            )
        match = by_code or by_name
        if match is None:
            detail = (
                "Chưa ghi mã đơn vị và tên đơn vị." if not written else "Không có trong danh sách đơn vị."
            )
            self.add("don-vi-khong-ro", sheet=sheet, cell=cell, value=written, detail=detail)
            return
        self.sub.unit, self.sub.identified = match.code, True
        if not match.active:
            self.add(
                "don-vi-het-hieu-luc",
                sheet=sheet,
                cell=cell,
                value=written,
                detail=f"Đơn vị {match.code} không còn hoạt động vào cuối năm {self.ctx.year}.",
            )

    def check_year(self, raw: object, sheet: str | None, cell: str) -> None:
        parsed = parse_number(raw)
        year = parsed.value
        if year is None and parsed.status == "invalid":
            digits = "".join(c for c in clean(raw) if c.isdigit())
            year = float(digits) if len(digits) == 4 else None
        if parsed.status == "blank":
            return
        if year != self.ctx.year:
            self.add(
                "sai-nam",
                sheet=sheet,
                cell=cell,
                value=shown(raw),
                detail=f"Báo cáo này được dùng cho năm {self.ctx.year}.",
            )

    def reads_value(self, code_text: str, name_text: str) -> bool:
        """Whether a figure row's value is read: its indicator is known and not computed by tongket."""
        code = self.ctx.indicator_for(code_text, name_text)
        return bool(code) and self.ctx.indicators[code].method not in COMPUTED_METHODS

    def figure(
        self,
        code_text: str,
        name_text: str,
        raw: object,
        note: object,
        sheet: str | None,
        cell: str,
        note_cell: str | None = None,
    ) -> None:
        """One figure row: its indicator by code (or name), its value parsed, problems noted.

        A blank value is kept as NaN, so that a missing required figure can name its empty cell.
        """
        code = self.ctx.indicator_for(code_text, name_text)
        if not code:
            if _CODE_LIKE.match(code_text) and parse_number(raw).status != "blank":
                self.add(
                    "ma-chi-tieu-la",
                    sheet=sheet,
                    cell=cell,
                    value=code_text,
                    detail=f"Mã «{code_text}» không có trong danh mục chỉ tiêu.",
                )
            return
        indicator = self.ctx.indicators[code]
        if indicator.method in COMPUTED_METHODS:
            return  # tongket computes it from other figures
        parsed = parse_number(raw, indicator.kind, indicator.unit)
        if parsed.value is None and parsed.status != "blank":
            self.add(
                "so-khong-hop-le",
                sheet=sheet,
                cell=cell,
                value=shown(raw),
                detail=parsed.detail,
                indicator=code,
            )
            return
        if parsed.status == "ambiguous":
            self.add(
                "so-mo-ho", sheet=sheet, cell=cell, value=shown(raw), detail=parsed.detail, indicator=code
            )
        value = math.nan if parsed.value is None else parsed.value
        note_text = self.text(note, sheet, note_cell or cell)
        # The catalog's own string, not the cell's: one shared object per indicator keeps big runs small.
        self.sub.figures.append(indicator.code, value, note_text, sheet, cell)

    def formula_figure(
        self, code_text: str, name_text: str, formula: FormulaCell, sheet: str | None, cell: str
    ) -> None:
        """A figure cell whose formula gives no number: an error it shows, or no value saved with it
        (the file was written by a tool that does not compute). Either way the figure is not known,
        and is neither a number nor a blank; called only for an indicator `reads_value` accepts."""
        code = self.ctx.indicator_for(code_text, name_text)
        if formula.error:
            detail = f"Công thức{f' {formula.formula}' if formula.formula else ''} cho kết quả lỗi."
            self.add(
                "so-khong-hop-le", sheet=sheet, cell=cell, value=formula.error, detail=detail, indicator=code
            )
        else:
            self.add(
                "cong-thuc-chua-tinh", sheet=sheet, cell=cell, value=formula.formula or None, indicator=code
            )

    def finish(self) -> Submission:
        sub = self.sub
        for encoding, (count, first) in self._legacy.items():
            if encoding != "?" and count > 1:
                first.detail += f" Đã chuyển {count} ô sang Unicode."
            sub.findings.append(first)
        if not sub.identified and sub.blocked:
            # Only to tell whose file failed; a file is never used on the strength of its name.
            sub.unit = self.ctx.guess_unit_from_filename(Path(sub.file).stem)
        sub.nominations = [n._replace(ma_don_vi=sub.unit) for n in sub.nominations]
        for finding in sub.findings:
            if finding.unit is None and sub.unit:
                finding.unit = sub.unit
        return sub
