"""The validation report for people (HTML, XLSX with every finding) and machines (JSON).

The HTML opens with a status matrix of all units, then one section per unit with its findings,
capped at `PER_UNIT` with a link to the complete, filterable XLSX.
"""

from __future__ import annotations

import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import xlsxwriter

from pipeline.formats.jinja_env import make_env
from pipeline.inputs.catalog import Registry
from pipeline.model.findings import Finding
from pipeline.office.atomic import write_atomic, write_streamed
from pipeline.office.cells import WORKBOOK_OPTIONS
from pipeline.office.xlsx_list import Column, ListFormats, write_list
from pipeline.validate.result import ValidationResult

PER_UNIT = 10  # findings shown per unit in the HTML; the XLSX has them all
# Code, name and status repeat on every page of a sheet too wide to fit; only the long-text columns wrap.
_LAYOUT: dict[str, Any] = {"key_columns": 3, "wraps_from": 30}
HTML_FILE, XLSX_FILE, JSON_FILE = "validation.html", "validation.xlsx", "validation.json"
TEMPLATE = "validation/bao-cao-kiem-tra.html.j2"
STATUS_LABELS = {"received": "Đã nhận", "missing": "Chưa gửi", "excluded": "Không dùng được"}
SEVERITY_LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass(slots=True)
class UnitSection:
    code: str
    name: str
    status: str  # received | missing | excluded
    late: str  # when the file arrived, if after the deadline
    note: str
    files: list[str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    @property
    def shown(self) -> list[Finding]:
        return self.findings[:PER_UNIT]

    @property
    def more(self) -> int:
        return max(0, len(self.findings) - PER_UNIT)


def finding_order(finding: Finding) -> tuple[Any, ...]:
    """Errors first, then by file and by cell as a person reads a sheet (E9 before E10)."""
    match = _CELL.match(finding.cell or "")
    cell = (len(match.group(1)), match.group(1), int(match.group(2))) if match else (0, finding.cell or "", 0)
    return (finding.severity != "error", finding.file or "", finding.sheet or "", cell, finding.code)


def sections(result: ValidationResult, registry: Registry) -> tuple[list[UnitSection], list[Finding]]:
    """One section per active unit (registry order), and the findings that belong to no active unit."""
    names = {u.code: u.name for u in registry.units}
    files_of: dict[str, list[str]] = {}
    for file, unit in result.files.items():
        files_of.setdefault(unit, []).append(file)
    units = {
        code: UnitSection(
            code,
            names.get(code, code),
            status,
            result.late.get(code, ""),
            result.notes.get(code, ""),
            sorted(files_of.get(code, [])),
        )
        for code, status in result.status.items()
    }
    orphans = []
    for finding in sorted(result.report.findings, key=finding_order):
        section = units.get(finding.unit or "")
        if section is None:
            orphans.append(finding)
        else:
            section.findings.append(finding)
    order = [u.code for u in registry.units if u.code in units]
    return [units[c] for c in order], orphans


def write_report(
    result: ValidationResult, out_dir: Path, year: int, registry: Registry, templates: Path
) -> list[Path]:
    """validation.json, .xlsx and .html; the JSON and HTML (86 MB at national scale) streamed to disk."""
    units, orphans = sections(result, registry)
    paths = [out_dir / JSON_FILE, out_dir / XLSX_FILE, out_dir / HTML_FILE]
    write_streamed(paths[0], lambda out: write_report_json(out, result, units, year))
    write_atomic(paths[1], report_xlsx(result, units, orphans, registry))
    write_streamed(paths[2], lambda out: write_report_html(out, result, units, orphans, year, templates))
    return paths


def _unit_dict(unit: UnitSection) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "status": unit.status,
        "late": bool(unit.late),
        "received_at": unit.late,
        "note": unit.note,
        "files": unit.files,
        "errors": unit.errors,
        "warnings": unit.warnings,
    }


def write_report_json(handle: TextIO, result: ValidationResult, units: list[UnitSection], year: int) -> None:
    """The machine-readable report, as json.dumps(indent=2) writes it, one unit or finding at a time."""
    findings = sorted(result.report.findings, key=lambda f: (f.unit or "", finding_order(f)))
    members: list[tuple[str, Any]] = [
        ("year", year),
        ("needs_person", result.report.needs_person),
        ("counts", result.report.counts()),
        ("units", (_unit_dict(u) for u in units)),
        ("findings", (f.to_dict() for f in findings)),
    ]
    _write_chunks(handle, _json_object(members))
    handle.write("\n")


def _json_object(members: list[tuple[str, Any]]) -> Iterable[str]:
    """`json.dumps(dict(members), ensure_ascii=False, indent=2)` in pieces; a generator member is
    written as a list, one item at a time, so a national list of 130.000 units is never built."""
    yield "{"
    for n, (key, value) in enumerate(members):
        yield f"{',' if n else ''}\n  {_json(key, 1)}: "
        if not isinstance(value, Iterator):
            yield _json(value, 1)
            continue
        empty = True
        for item in value:
            yield f"{'[' if empty else ','}\n    {_json(item, 2)}"
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}"


def _json(value: Any, level: int) -> str:
    """`value` as json.dumps(indent=2) writes it `level` levels deep (its inner lines indented so)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def _write_chunks(handle: TextIO, chunks: Iterable[str], batch: int = 4096) -> None:
    """Write many small strings a few thousand at a time: one write call each would be slow."""
    pending: list[str] = []
    for chunk in chunks:
        pending.append(chunk)
        if len(pending) >= batch:
            handle.write("".join(pending))
            pending.clear()
    handle.write("".join(pending))


def write_report_html(
    handle: TextIO,
    result: ValidationResult,
    units: list[UnitSection],
    orphans: list[Finding],
    year: int,
    templates: Path,
) -> None:
    env = make_env(templates)
    # Two counts per unit go through the number filter (babel, ~60 µs a call): 16 s for 130.000
    # units, though the counts are a few small numbers.
    env.filters["so"] = _remembered(env.filters["so"])
    template = env.get_template(TEMPLATE)
    count = {s: sum(u.status == s for u in units) for s in STATUS_LABELS}
    chunks = template.generate(
        year=year,
        units=units,
        orphans=orphans[: PER_UNIT * 5],
        orphans_more=max(0, len(orphans) - PER_UNIT * 5),
        counts=result.report.counts(),
        status_count=count,
        late_count=sum(bool(u.late) for u in units),
        status_labels=STATUS_LABELS,
        severity_labels=SEVERITY_LABELS,
        xlsx=XLSX_FILE,
        json_file=JSON_FILE,
        per_unit=PER_UNIT,
    )
    _write_chunks(handle, chunks)


def _remembered(number_filter: Callable[[Any], str]) -> Callable[[Any], str]:
    """`number_filter` with its answers for whole numbers remembered."""
    cached = functools.lru_cache(maxsize=4096)(number_filter)

    def filter_(value: Any) -> str:
        return cached(value) if type(value) is int else number_filter(value)

    return filter_


UNIT_COLUMNS = [
    Column("Mã đơn vị", 10),
    Column("Tên đơn vị", 40),
    Column("Trạng thái", 16),
    Column("Nộp muộn (thời gian nhận)", 22),
    Column("Tệp", 30),
    Column("Số lỗi", 8),
    Column("Số cảnh báo", 10),
    Column("Ghi chú", 70),
]
FINDING_COLUMNS = [
    Column("Mức độ", 10),
    Column("Mã lỗi", 20),
    Column("Mã đơn vị", 10),
    Column("Tên đơn vị", 30),
    Column("Tệp", 24),
    Column("Trang", 16),
    Column("Ô / dòng", 10),
    Column("Chỉ tiêu", 18),
    Column("Giá trị", 16),
    Column("Nội dung", 70),
    Column("Cách sửa", 60),
]


def report_xlsx(
    result: ValidationResult, units: list[UnitSection], orphans: list[Finding], registry: Registry
) -> bytes:
    """Every unit's status, then every finding, each sheet a filterable list."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    book.set_properties({"title": "Kết quả kiểm tra số liệu", "author": "tongket"})
    bold = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    formats = ListFormats(head=bold, cell=wrap)
    statuses = (
        [u.code, u.name, STATUS_LABELS[u.status], u.late, ", ".join(u.files), u.errors, u.warnings, u.note]
        for u in units
    )
    write_list(
        book.add_worksheet("DonVi"),
        UNIT_COLUMNS,
        statuses,
        formats,
        as_text=False,
        autofilter=True,
        **_LAYOUT,
    )
    names = {u.code: u.name for u in registry.units}
    findings = (_finding_row(f, names) for f in [*(f for u in units for f in u.findings), *orphans])
    write_list(
        book.add_worksheet("LoiVaCanhBao"),
        FINDING_COLUMNS,
        findings,
        formats,
        as_text=False,
        autofilter=True,
        **_LAYOUT,
    )
    book.close()
    return buffer.getvalue()


def _finding_row(f: Finding, names: dict[str, str]) -> list[Any]:
    return [
        SEVERITY_LABELS[f.severity],
        f.code,
        f.unit or "",
        names.get(f.unit or "", ""),
        f.file or "",
        f.sheet or "",
        f.cell or "",
        f.indicator or "",
        f.value or "",
        f"{f.type.rule} {f.detail}".strip(),
        f.type.fix,
    ]
