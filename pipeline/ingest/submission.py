"""Reading one submission file: a pure function of the file and the read context, safe to run in a pool.

Nothing here raises on bad input: every problem becomes a finding, and a file that cannot be
read at all yields one finding and no figures.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

from pipeline.ingest.bounds import MAX_UNZIPPED_BYTES, SheetShape, TooLarge, measure
from pipeline.ingest.collector import Collector, Submission
from pipeline.ingest.context import ReadContext
from pipeline.ingest.delimited import read_delimited
from pipeline.ingest.summary_json import read_summary_json
from pipeline.ingest.workbook import read_workbook

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
SUBMISSION_SUFFIXES = frozenset({*WORKBOOK_SUFFIXES, *TEXT_SUFFIXES, ".json"})  # what a unit sends
MAX_FILE_BYTES = 20 * 2**20  # a filled form is ~20 KiB; anything this large is not a form
MAX_ZIP_RATIO = 100  # a sheet XML compresses ~10x; 100x over a megabyte is a zip bomb

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_IGNORED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}


def is_ignored(path: Path) -> bool:
    """Office lock files (~$x.xlsx), hidden files and the operating system's litter."""
    name = path.name
    # "..\\x.csv" (a Windows path typed as a name) is a unit's file with an odd name, not a hidden one.
    hidden = name.startswith(".") and not name.startswith(("..\\", "../"))
    return hidden or name.startswith("~$") or name.lower() in _IGNORED_NAMES


def read_submission(path: Path, file: str, ctx: ReadContext) -> Submission:
    """Figures, nominations and findings of one submission file; never raises, never writes."""
    collector = Collector(file, ctx)
    try:
        stat = path.stat()
        collector.sub.received_at = dt.datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds")
        if stat.st_size > MAX_FILE_BYTES:  # told before reading: a 2 GiB (sparse) file is never read whole
            collector.add("tep-qua-lon", detail=_size_detail(stat.st_size))
        else:
            read_bytes(_read_at_most(path, MAX_FILE_BYTES), path.suffix.lower(), collector)
    except Exception as exc:  # isolation: one file's surprise never stops the run
        collector.add("khong-doc-duoc", detail=f"Lỗi bất thường khi đọc tệp ({type(exc).__name__}).")
    return collector.finish()


def _read_at_most(path: Path, limit: int) -> bytes:
    """The file's bytes, one more than `limit` at most: a file that grew after its size was taken
    is still refused by its size, never read whole."""
    with path.open("rb") as stream:
        return stream.read(limit + 1)


def _size_detail(size: int) -> str:
    return f"Tệp nặng {size / 2**20:.1f} MB.".replace(".", ",")


def read_bytes(data: bytes, suffix: str, sub: Collector) -> None:
    """Dispatch on what the bytes are (not only on the name); damage inside a part is a finding."""
    try:
        _dispatch(data, suffix, sub)
    except TooLarge as exc:  # a sheet with more cells than a form could hold
        sub.add("tep-qua-lon", detail=str(exc) or "Tệp giải nén ra quá lớn so với một biểu mẫu.")
    except Exception:  # calamine, zlib and csv each raise their own errors for damaged content
        sub.add("khong-doc-duoc", detail="Một phần của tệp bị hỏng; mở bằng Excel, lưu lại rồi gửi lại.")


def _dispatch(data: bytes, suffix: str, sub: Collector) -> None:
    if not data:
        sub.add("tep-rong")
    elif len(data) > MAX_FILE_BYTES:
        sub.add("tep-qua-lon", detail=_size_detail(len(data)))
    elif data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data:
            sub.add("tep-co-mat-khau")
        else:
            read_workbook(data, sub)
    elif data.startswith(b"PK"):
        safe = _safe_zip(data, sub)
        if safe is not None:
            archive, shapes = safe
            with archive:
                read_workbook(data, sub, archive, shapes)
    elif suffix in TEXT_SUFFIXES:
        read_delimited(data, sub)
    elif suffix == ".json":
        read_summary_json(data, sub)
    elif suffix in WORKBOOK_SUFFIXES:
        if data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] == b"<":
            sub.add("khong-doc-duoc", detail="Tệp là trang web (HTML) được đặt đuôi bảng tính.")
        else:
            sub.add("khong-doc-duoc", detail="Tệp bị hỏng hoặc không phải bảng tính Excel.")
    else:
        sub.add(
            "khong-phai-bieu-mau",
            detail=f"Tệp «{suffix or 'không đuôi'}» không phải bảng tính, CSV hay summary.json.",
        )


def _safe_zip(data: bytes, sub: Collector) -> tuple[zipfile.ZipFile, dict[str, SheetShape]] | None:
    """A workbook is a zip: refuse a corrupt or truncated one and a zip bomb before unpacking,
    by the sizes its headers declare and then by the real ones (see `bounds`). The archive, when
    safe, is handed on open with its sheets' shapes: the workbook reader looks inside it again."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        sub.add("khong-doc-duoc", detail="Tệp bị hỏng hoặc tải về chưa trọn vẹn.")
        return None
    members = archive.infolist()
    names = {m.filename for m in members}
    unpacked = sum(m.file_size for m in members)
    bomb = any(m.file_size > 2**20 and m.file_size > MAX_ZIP_RATIO * max(m.compress_size, 1) for m in members)
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        sub.add("khong-phai-bieu-mau", detail="Tệp là văn bản Word hoặc PowerPoint, không phải bảng tính.")
    elif unpacked > MAX_UNZIPPED_BYTES or bomb:
        sub.add("tep-qua-lon", detail="Tệp giải nén ra quá lớn so với một biểu mẫu.")
    else:
        try:
            return archive, measure(archive, data)
        except TooLarge:
            sub.add("tep-qua-lon", detail="Tệp giải nén ra quá lớn so với một biểu mẫu.")
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error, struct.error):
            sub.add("khong-doc-duoc", detail="Tệp bị hỏng hoặc tải về chưa trọn vẹn.")
    archive.close()
    return None
