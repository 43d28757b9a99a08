"""Hostile submissions made from the bundled sample's real files: each builder changes one thing.

Nothing here is a hand-written binary: a workbook is the unit's real form edited with openpyxl or
rewritten part by part with zipfile, a CSV is the unit's real CSV with one field changed.
"""

from __future__ import annotations

import csv
import io
import os
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

YEAR = 2024
Setup = Callable[[Path], None]  # given the copied inputs/ folder, makes the scenario in it


def submissions(inputs: Path) -> Path:
    return inputs / str(YEAR) / "submissions"


def csv_field(unit: str, code: str, column: str, value: str) -> Setup:
    """The unit's CSV submission with `column` of indicator `code`'s line set to `value`."""

    def setup(inputs: Path) -> None:
        path = submissions(inputs) / f"{unit}_{YEAR}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        at = rows[0].index(column)
        for row in rows[1:]:
            if row[1] == code:
                row += [""] * (len(rows[0]) - len(row))
                row[at] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return setup


def form_cells(unit: str, cells: dict[str, dict[str, object]]) -> Setup:
    """The unit's Excel form with cells set, sheet by sheet. A cell is an address ("F8") or a place
    found by the form's labels, as the layout may move rows: "value:doan_vien" and "note:cdcs" (the
    indicator's row), "year" (beside «Năm báo cáo:»), "nominee:2:ho_ten" (the second nomination)."""

    def setup(inputs: Path) -> None:
        path = submissions(inputs) / f"{unit}_{YEAR}.xlsx"
        book = openpyxl.load_workbook(path)
        for sheet, values in cells.items():
            for where, value in values.items():
                cell = book[sheet][_address(book[sheet], where)]
                cell.value = value
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # typed as text, as a unit pasting it would
        book.save(path)

    return setup


_NOMINATION_HEADERS = {"ho_ten": "Họ và tên / Tên tập thể", "chuc_vu": "Chức vụ",
                       "don_vi_cong_tac": "Đơn vị công tác", "thanh_tich": "Tóm tắt thành tích"}  # fmt: skip


def _address(sheet: object, where: str) -> str:
    rows = list(sheet.iter_rows())  # type: ignore[attr-defined]
    find = lambda text: next(c for row in rows for c in row if c.value == text)  # noqa: E731
    kind, _, rest = where.partition(":")
    if kind in ("value", "note"):
        code = find(rest)
        column = find("Giá trị" if kind == "value" else "Ghi chú").column_letter
        return f"{column}{code.row}"
    if kind == "year":
        label = find("Năm báo cáo:")
        return f"B{label.row}"
    if kind == "nominee":
        number, field = rest.split(":")
        header = find(_NOMINATION_HEADERS[field])
        return f"{header.column_letter}{header.row + int(number)}"
    return where


def nomination(field: str, value: str, unit: str = "CB", row: int = 1) -> Setup:
    """One nomination's field (ho_ten, chuc_vu, don_vi_cong_tac, thanh_tich) in the unit's form."""
    return form_cells(unit, {"DeNghiKhenThuong": {f"nominee:{row}:{field}": value}})


def office_nomination(field: str, value: str) -> Setup:
    """The office's own inputs/<Y>/nominations.csv, its first row's `field` set to `value`."""

    def setup(inputs: Path) -> None:
        path = inputs / str(YEAR) / "nominations.csv"
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        rows[0][field] = value
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return setup


def replace_file(unit: str, suffix: str, make: Callable[[bytes], bytes], name: str | None = None) -> Setup:
    """The unit's submission replaced by `make(its bytes)`, under `name` if given."""

    def setup(inputs: Path) -> None:
        folder = submissions(inputs)
        source = next(folder.glob(f"{unit}_{YEAR}.*"))
        data = source.read_bytes()
        source.unlink()
        (folder / (name or f"{unit}_{YEAR}{suffix}")).write_bytes(make(data))

    return setup


def add_file(name: str, data: bytes) -> Setup:
    def setup(inputs: Path) -> None:
        target = submissions(inputs) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    return setup


def rename(unit: str, name: str) -> Setup:
    def setup(inputs: Path) -> None:
        source = next(submissions(inputs).glob(f"{unit}_{YEAR}.*"))
        target = submissions(inputs) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)

    return setup


def both(*setups: Setup) -> Setup:
    def setup(inputs: Path) -> None:
        for one in setups:
            one(inputs)

    return setup


# -- workbook parts -------------------------------------------------------------------------------


def rewrite_part(
    data: bytes, part: str, change: Callable[[bytes], bytes], extra: dict[str, bytes] | None = None
) -> bytes:
    """The workbook with one part's XML changed (and `extra` members added), everything else as it was."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info.filename, change(body) if info.filename == part else body)
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def with_doctype(doctype: bytes, reference: bytes) -> Callable[[bytes], bytes]:
    """A sheet XML with a DOCTYPE and an entity reference inside its first inline text or value."""

    def change(xml: bytes) -> bytes:
        head, _, body = xml.partition(b"?>")
        body = body.replace(b"<v>", b"<v>" + reference, 1)
        return head + b"?>" + doctype + body

    return change


XXE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
LAUGHS = (
    b'<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
    b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
    b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
    b'<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">]>'
)


def zip_bomb(data: bytes) -> bytes:
    """The unit's workbook with a sheet that unpacks to 200 MB of spaces (a few hundred KB packed)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        with target.open("xl/worksheets/sheet9.xml", "w") as bomb:
            block = b" " * (1 << 20)
            for _ in range(200):
                bomb.write(block)
    return out.getvalue()


def zip_slip(data: bytes) -> bytes:
    """The unit's real workbook with members whose names climb out of any folder they are unpacked in."""
    return rewrite_part(
        data,
        "",
        lambda body: body,
        {
            "../../../../tmp/tongket-zip-slip.txt": b"pwned",
            "/tmp/tongket-zip-slip-abs.txt": b"pwned",
            "..\\..\\tongket-zip-slip-win.txt": b"pwned",
        },
    )


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def html_page(_: bytes) -> bytes:
    return "<html><body><table><tr><td>Mã chỉ tiêu</td></tr></table></body></html>".encode()


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed vowels (â, ơ...) and combining tones."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            vowel = unicodedata.normalize(
                "NFC", base + "".join(m for m in marks if m in "\u0302\u0306\u031b")
            )
            tone = "".join(m for m in marks if m not in "\u0302\u0306\u031b")
            out += (vowel + tone).encode("cp1258")
    return bytes(out)


def reencoded(encoding: str) -> Callable[[bytes], bytes]:
    if encoding == "cp1258":
        return lambda data: cp1258(data.decode("utf-8"))
    return lambda data: data.decode("utf-8").encode(encoding)


def big_file(size: int, line: bool) -> Callable[[bytes], bytes]:
    """The unit's CSV followed by `size` bytes: one line of them (`line`) or many short lines."""

    def make(data: bytes) -> bytes:
        filler = b"x" * size if line else (b"BK,cdcs,1,\n" * (size // 11))
        return data + filler

    return make


def big_file_on_disk(unit: str, size: int, line: bool) -> Setup:
    """As `big_file`, written a block at a time (a 200 MB file is never one bytes object here)."""

    def setup(inputs: Path) -> None:
        path = submissions(inputs) / f"{unit}_{YEAR}.csv"
        with path.open("ab") as out:
            block = b"x" * (1 << 20) if line else b"BK,cdcs,1,\n" * ((1 << 20) // 11)
            written = 0
            while written < size:
                out.write(block)
                written += len(block)

    return setup


def symlink_outside(target_name: str, secret: str = "BK,doan_vien,999999,bí mật\n") -> Setup:
    def setup(inputs: Path) -> None:
        outside = inputs.parent / "ngoai-thu-muc" / "bi-mat.csv"
        outside.parent.mkdir(exist_ok=True)
        outside.write_text("ma_don_vi,ma_chi_tieu,gia_tri,ghi_chu\n" + secret, encoding="utf-8")
        (submissions(inputs) / target_name).symlink_to(outside)

    return setup


def broken_symlink(name: str) -> Setup:
    return lambda inputs: (submissions(inputs) / name).symlink_to(inputs / "khong-co.csv")


def fifo(name: str) -> Setup:
    return lambda inputs: os.mkfifo(submissions(inputs) / name)


def folder(name: str) -> Setup:
    def setup(inputs: Path) -> None:
        (submissions(inputs) / name).mkdir()
        (submissions(inputs) / name / "BK_2024.csv").write_text("ma_don_vi,ma_chi_tieu,gia_tri\nBK,cdcs,1\n")

    return setup


def form_as_csv(unit: str, delimiter: str = ",", encoding: str = "utf-8") -> Setup:
    """The unit's Excel form «saved as» CSV: the figures sheet's cells, as Excel writes them."""

    def setup(inputs: Path) -> None:
        path = submissions(inputs) / f"{unit}_{YEAR}.xlsx"
        book = openpyxl.load_workbook(path, data_only=True)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        for row in book["BaoCao"].iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
        path.unlink()
        text = out.getvalue()
        path.with_suffix(".csv").write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))

    return setup
