"""Reading the body's own config files (units, indicators, targets, body, rules, meta) safely.

Each is a regular file staff edit by hand: a folder, a FIFO (which would hang the run) or a
file far too large is refused before it is opened; its text is UTF-8 (BOM or not), UTF-16, or
Windows-1258 as Vietnamese Windows saves «CSV» and Notepad files, read as submissions are. Every
problem is an InputError (exit 2) naming the file, the line and the column or key.
"""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

from pipeline.errors import InputError
from pipeline.formats.text import clean, nfc

MAX_CONFIG_BYTES = 512 * 2**20  # a national units.csv (130.000 CĐCS) is ~20 MB


def read_config_text(path: Path) -> str:
    """The text of config file `path`; InputError when it is missing, not a regular file, too large."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"Không tìm thấy tệp {path}. Kiểm tra lại thư mục --inputs.") from None
    except OSError as exc:
        raise InputError(f"Không đọc được tệp {path} ({exc.strerror}). Kiểm tra quyền đọc tệp.") from None
    if not stat.S_ISREG(info.st_mode):
        what = "là một thư mục" if stat.S_ISDIR(info.st_mode) else "là tệp đặc biệt (FIFO, thiết bị)"
        raise InputError(f"{path} {what}, không phải tệp dữ liệu. Đặt đúng tệp vào chỗ này rồi chạy lại.")
    if info.st_size > MAX_CONFIG_BYTES:
        raise InputError(f"Tệp {path} quá lớn ({info.st_size // 2**20} MB). Kiểm tra lại đúng tệp chưa.")
    try:
        return decode_config(path.read_bytes())
    except OSError as exc:
        raise InputError(f"Không đọc được tệp {path} ({exc.strerror}). Kiểm tra quyền đọc tệp.") from None


def decode_config(data: bytes) -> str:
    """UTF-8 (BOM optional) or UTF-16 with its mark; else Windows-1258, whose combining accents are
    composed (NFC)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(data.decode("utf-16"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return nfc(data.decode("utf-8"))
    except UnicodeDecodeError:
        return nfc(data.decode("cp1258", errors="replace"))


def csv_rows(path: Path) -> tuple[set[str], list[tuple[int, dict[str, str]]]]:
    """The header (lower-cased) and the (line, row) pairs of a config CSV, cleaned to NFC.

    An unterminated quote, or a row with more fields than the header, is an InputError naming the
    line and the column where it starts.
    """
    text = read_config_text(path)
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [clean(h).lower() for h in next(reader, [])]
    except csv.Error as exc:
        raise InputError(f"Tệp {path}, dòng 1: dòng tiêu đề sai cú pháp CSV ({exc}).") from None
    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise InputError(_quote_message(path, lines, start)) from None
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(fields) > len(header):
            raise InputError(
                f"Tệp {path}, dòng {start}, cột {len(header) + 1}: dòng có {len(fields)} ô, nhiều hơn "
                f"{len(header)} cột của dòng tiêu đề. Ô có dấu phẩy phải đặt trong ngoặc kép."
            )
        rows.append((start, {h: clean(v) for h, v in zip(header, fields, strict=False) if h}))
    return {h for h in header if h}, rows


def _quote_message(path: Path, lines: list[str], line: int) -> str:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    quote = text.find('"')
    column = text[:quote].count(",") + 1 if quote >= 0 else 1
    return (
        f"Tệp {path}, dòng {line}, cột {column}: dấu ngoặc kép mở mà không đóng. "
        'Thêm dấu " đóng (hoặc bỏ dấu mở) rồi lưu lại.'
    )


def require_columns(path: Path, header: set[str], columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in header]
    if missing:
        raise InputError(f"Tệp {path} thiếu cột: {', '.join(missing)}. Bổ sung dòng tiêu đề cho đủ.")


def check_known(
    path: Path, column: str, values: list[str], lines: list[int], known: set[str] | None, where: str
) -> None:
    """A code in `column` of config file `path` that `where` (units.csv, indicators.csv) does not
    have: its row would be lost without a word. None for `known`: nothing to check against."""
    if known is None:
        return
    for value, line in zip(values, lines, strict=True):
        if value not in known:
            raise InputError(
                f"Tệp {path}, dòng {line}, cột {column}: mã «{value}» không có trong {where}. "
                "Sửa mã hoặc xóa dòng này."
            )
