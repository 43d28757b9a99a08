"""Long-format CSV, as spreadsheets export it: UTF-8 (BOM or not), UTF-16, Windows-1258; , ; or tab.

A submission CSV has the header `ma_don_vi,ma_chi_tieu,gia_tri` (+ `ghi_chu`, `nam`) and one unit.
Locations are CSV lines: sheet None and cell "dòng N", N counted as a text editor does.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from pipeline.formats.text import clean, nfc
from pipeline.ingest.collector import Collector
from pipeline.ingest.context import ReadContext
from pipeline.ingest.nominations import NOMINATION_FIELDS, TEXT_FIELDS, read_nomination
from pipeline.ingest.workbook import form_header, read_form_sheet
from pipeline.model.findings import Finding
from pipeline.model.ingested import NominationRow

SUBMISSION_COLUMNS = ("ma_don_vi", "ma_chi_tieu", "gia_tri")
_DELIMITERS = (",", ";", "\t")
csv.field_size_limit(2**20)


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(data.decode("utf-16")), "UTF-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return nfc(data[3:].decode("utf-8", errors="replace")), "UTF-8"
    try:
        return nfc(data.decode("utf-8")), "UTF-8"
    except UnicodeDecodeError:
        pass
    if data[1:200:2].count(0) > 20:  # UTF-16 without its byte-order mark
        return nfc(data.decode("utf-16-le", errors="replace")), "UTF-16"
    return nfc(data.decode("cp1258", errors="replace")), "Windows-1258"


def one_line_break(text: str) -> str:
    """Lines end in LF or CRLF. A lone CR inside a line (a note typed with a line break, written by a
    tool that puts CR there) is a space, so it neither ends the line nor makes the file unreadable;
    a file of CR-only line ends (old Mac tools) keeps them as line ends."""
    if "\n" not in text:
        return text.replace("\r", "\n")
    return _LONE_CR.sub(" ", text)


_LONE_CR = re.compile(r"\r(?!\n)")


def split_rows(text: str, wanted: tuple[str, ...]) -> tuple[list[str], list[tuple[int, list[str]]]] | None:
    """Header (lower-cased) and (line number, fields) rows, with the delimiter whose header has `wanted`."""
    text = one_line_break(text)
    first = next((line for line in text.splitlines() if line.strip()), "")
    ranked = sorted(_DELIMITERS, key=lambda d: -first.count(d))
    for delimiter in ranked:
        header = [clean(h).lower() for h in next(csv.reader([first], delimiter=delimiter), [])]
        if set(wanted) <= set(header):
            # newline="": a CR or LF inside a quoted note is part of the note, as the csv module expects
            reader = csv.reader(io.StringIO(text.lstrip("\r\n"), newline=""), delimiter=delimiter)
            skipped = len(text) - len(text.lstrip("\r\n"))
            offset = text[:skipped].count("\n")
            rows = [(reader.line_num + offset, fields) for fields in reader]
            return header, rows[1:]
    return None


def read_delimited(data: bytes, sub: Collector) -> None:
    text, _ = decode(data)
    table = split_rows(text, SUBMISSION_COLUMNS)
    if table is None:
        if not _read_saved_form(text, sub):
            sub.add(
                "khong-phai-bieu-mau",
                detail=f"Dòng đầu của tệp CSV phải là {','.join(SUBMISSION_COLUMNS)}, "
                "hoặc tệp là biểu mẫu Excel lưu thành CSV (có cột «Mã chỉ tiêu» và «Giá trị»).",
            )
        return
    header, rows = table
    records = [
        (line, dict(zip(header, fields, strict=False)))
        for line, fields in rows
        if any(f.strip() for f in fields)
    ]
    units: dict[str, int] = {}
    for line, record in records:
        code = clean(record.get("ma_don_vi"))
        if code:
            units.setdefault(code, line)
    if len(units) > 1:
        sub.add(
            "don-vi-khong-ro",
            value=", ".join(units),
            detail="Một tệp CSV chỉ được chứa số liệu của một đơn vị.",
        )
    else:
        code, line = next(iter(units.items()), ("", 2))
        sub.identify(code, "", None, f"dòng {line}")
    for line, record in records:
        if "nam" in record and clean(record["nam"]):
            sub.check_year(record["nam"], None, f"dòng {line}")
            if any(f.code == "sai-nam" for f in sub.sub.findings):
                break
    for line, record in records:
        sub.figure(
            clean(record.get("ma_chi_tieu")),
            "",
            record.get("gia_tri"),
            record.get("ghi_chu"),
            None,
            f"dòng {line}",
        )


def _read_saved_form(text: str, sub: Collector) -> bool:
    """The Excel form saved as CSV («Save As» CSV keeps the figures sheet's cells where they were):
    read as the form is, cell for cell; False when the text is not that sheet either."""
    for delimiter in _DELIMITERS:
        rows = list(csv.reader(io.StringIO(one_line_break(text), newline=""), delimiter=delimiter))
        header = form_header(rows)
        if header is not None:
            sub.add("bieu-mau-luu-csv")
            read_form_sheet(rows, header, None, sub)
            return True
    return False


def read_nominations_csv(path: Path, ctx: ReadContext) -> tuple[list[NominationRow], list[Finding]]:
    """The office's own nominations file (inputs/<Y>/nominations.csv): one unit code per row."""
    sub = Collector(path.name, ctx)
    try:
        table = split_rows(decode(path.read_bytes())[0], ("ma_don_vi", "ho_ten"))
    except OSError:
        table = None
    if table is None:
        sub.add("khong-phai-bieu-mau", detail=f"Dòng đầu phải là {','.join(NOMINATION_FIELDS)}.")
        return [], sub.finish().findings
    header, rows = table
    nominations: list[NominationRow] = []
    for line, fields in rows:
        raw: dict[str, object] = dict(zip(header, fields, strict=False))
        if not any(clean(v) for v in raw.values()):
            continue
        cell = f"dòng {line}"
        for key in TEXT_FIELDS:
            raw[key] = sub.text(raw.get(key), None, cell)
        code = clean(raw.get("ma_don_vi"))
        match, _ = ctx.find_unit(code)
        nomination, finding = read_nomination(raw, match.code if match else code, sub.sub.file, None, cell)
        if match is None:
            detail = f"Mã đơn vị «{code}» không có trong danh sách đơn vị." if code else "Thiếu mã đơn vị."
            finding = finding or Finding(
                "de-nghi-khong-hop-le", file=sub.sub.file, cell=cell, value=nomination.ho_ten, detail=""
            )
            finding.detail = f"{detail} {finding.detail}".strip()
        nominations.append(nomination)
        if finding:
            sub.sub.findings.append(finding)
    return nominations, sub.finish().findings
