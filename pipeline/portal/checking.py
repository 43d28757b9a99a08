"""Checking an upload with the run's own code: what it is (by its bytes), then read_submission and the
per-unit checks of pipeline.validate, exactly as `tongket run` would see the file.

The type is decided from the content (a zip holding a workbook part, the OLE signature of .xls,
text that sniffs as CSV), never from the name the browser sends. The file is read from a private
temporary copy under the name the run will give it, so every finding names the same file and cell
the validation report will.
"""

from __future__ import annotations

import csv
import io
import os
import secrets
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.formats.numbers import vn_number
from pipeline.ingest import ReadContext, assemble, read_submission
from pipeline.ingest.delimited import decode
from pipeline.inputs.catalog import Registry
from pipeline.model.findings import BLOCKING_CODES, Finding
from pipeline.model.summary import Indicator
from pipeline.model.unit_tables.numbers import NumberTable
from pipeline.portal.placement import submission_name
from pipeline.validate import validate

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Not this unit's business (the run reports them to the office): another unit's missing report.
_OTHER_UNITS_CODES = {"thieu-bao-cao"}


def sniff(data: bytes) -> str | None:
    """The extension the bytes deserve (.xlsx, .ods, .xls, .csv), or None for anything else."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return ".xlsx"
                if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIMETYPE:
                    return ".ods"
        except (zipfile.BadZipFile, ValueError, OSError, KeyError):
            return None
        return None
    if data.startswith(_OLE_MAGIC):
        return ".xls"
    return ".csv" if _looks_like_csv(data) else None


def _looks_like_csv(data: bytes) -> bool:
    """Text (no control characters but line ends and tabs) whose first lines sniff as delimited."""
    if not data.strip():
        return False
    text, _ = decode(data[: 64 * 1024])
    head = text[:8192]
    controls = sum(1 for c in head if ord(c) < 32 and c not in "\r\n\t")
    if controls or "\ufffd" in head[:2048]:
        return False
    try:
        csv.Sniffer().sniff(head, delimiters=",;\t")
    except csv.Error:
        return False
    return True


@dataclass
class FigureLine:
    """One figure of the upload beside last year's and the target, as the unit page shows it."""

    code: str
    name: str
    measure: str
    value: str
    last_year: str
    target: str
    of_target: str  # "96,5%" or ""


@dataclass
class UploadCheck:
    """What the run would say of the upload; `accepted` when it may replace the unit's submission."""

    suffix: str | None
    accepted: bool
    refusal: str = ""  # why it was not accepted, in Vietnamese
    findings: list[Finding] = field(default_factory=list)
    figures: list[FigureLine] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def findings_as_dicts(self) -> list[dict[str, Any]]:
        return [{**f.to_dict(), "message": f.message()} for f in self.findings]


@dataclass
class Checker:
    """Everything the checks need, built once for the portal's year."""

    registry: Registry
    catalog: dict[str, Indicator]
    year: int
    scratch: Path  # a private folder for the copy being read
    previous: pd.DataFrame | None = None
    targets: NumberTable | None = None
    deadline: Any = None
    ctx: ReadContext = field(init=False)

    def __post_init__(self) -> None:
        self.ctx = ReadContext.build(self.registry, self.catalog, self.year)

    def check(self, code: str, data: bytes) -> UploadCheck:
        """Blocking: call from a worker thread. Reads `data` as the file <code>_<Y>.<ext> of the run."""
        suffix = sniff(data)
        if suffix is None:
            return UploadCheck(
                None,
                False,
                "Tệp không phải bảng tính Excel (.xlsx, .xls), OpenDocument (.ods) hay CSV. "
                "Mở biểu mẫu bằng Excel, điền số liệu, lưu dạng .xlsx rồi gửi lại.",
            )
        name = submission_name(code, self.year, suffix)
        scratch = self.scratch / f".{secrets.token_hex(8)}{suffix}"
        scratch.write_bytes(data)
        try:
            sub = read_submission(scratch, name, self.ctx)
        finally:
            scratch.unlink(missing_ok=True)
        result = validate(
            assemble([sub]), self.registry, self.catalog, self.year, self.previous, deadline=self.deadline
        )
        findings = sorted(  # errors first: they are what stops the figures counting
            (
                f
                for f in result.report.sorted()
                if (f.file == name or f.unit == code) and f.code not in _OTHER_UNITS_CODES
            ),
            key=lambda f: f.severity != "error",
        )
        check = UploadCheck(suffix, True, findings=findings)
        if sub.unit and sub.unit != code:
            check.accepted = False
            check.refusal = (
                f"Tệp này là báo cáo của đơn vị {sub.unit}, không phải của đơn vị {code}. "
                "Tải biểu mẫu của đơn vị mình ở trang này, điền số liệu rồi gửi lại."
            )
        elif any(f.code in BLOCKING_CODES for f in findings):
            check.accepted = False
            check.refusal = (
                "Tệp chưa dùng được (xem lỗi dưới đây); bản đã nộp trước đó (nếu có) vẫn được giữ."
            )
        else:
            check.figures = self._figure_lines(code, result.valid)
        return check

    def _figure_lines(self, code: str, valid: pd.DataFrame) -> list[FigureLine]:
        mine = valid[valid["ma_don_vi"] == code]
        values = dict(zip(mine["ma_chi_tieu"].astype(str), mine["gia_tri"], strict=True))
        before: dict[str, float] = {}
        if self.previous is not None and not self.previous.empty:
            last = self.previous[self.previous["ma_don_vi"] == code]
            before = dict(zip(last["ma_chi_tieu"].astype(str), last["gia_tri"], strict=True))
        targets = self.targets[code] if self.targets is not None and code in self.targets else {}
        lines = []
        for indicator in self.catalog.values():
            if indicator.code not in values:
                continue
            value = float(values[indicator.code])
            target = targets.get(indicator.code, None)
            share = f"{vn_number(round(value / target * 100, 1))}%" if target else ""
            lines.append(
                FigureLine(
                    indicator.code,
                    indicator.name,
                    indicator.unit,
                    vn_number(value),
                    vn_number(before[indicator.code]) if indicator.code in before else "",
                    vn_number(float(target)) if target is not None else "",
                    share,
                )
            )
        return lines


def private_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path
