"""PDF copies of the drafts, made by LibreOffice in headless mode."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import TongketError
from pipeline.office.atomic import write_atomic

INSTALL_HINT = (
    "Không tìm thấy LibreOffice (lệnh soffice) nên chưa chuyển được sang PDF. Cài LibreOffice rồi chạy lại: "
    "trên Debian/Ubuntu «sudo apt-get install libreoffice-writer-nogui»; trên Windows tải bộ cài tại "
    "https://www.libreoffice.org/download/ và cài đặt; trên macOS «brew install --cask libreoffice». "
    "Các tệp Word (.docx) vẫn dùng được bình thường."
)


class PdfUnavailable(TongketError):
    """LibreOffice is not installed; the message says how to install it (Vietnamese)."""


class PdfConversionError(TongketError):
    """LibreOffice ran but did not produce a PDF for a file."""


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_paths: Sequence[Path], out_dir: Path, timeout_per_file: int = 60) -> list[Path]:
    """Convert each DOCX to out_dir/<name>.pdf and return the PDFs' paths, in the same order.

    Raises PdfUnavailable when LibreOffice is missing and PdfConversionError when a file fails.
    """
    soffice = find_soffice()
    if soffice is None:
        raise PdfUnavailable(INSTALL_HINT)
    if not docx_paths:
        return []
    with tempfile.TemporaryDirectory(prefix="tongket-pdf-") as tmp:
        # A private profile: a LibreOffice window the user has open would otherwise take the job
        # and return before the PDF exists; two runs at once would also share one profile.
        profile = Path(tmp, "profile").as_uri()
        command = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            *map(str, docx_paths),
        ]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=60 + timeout_per_file * len(docx_paths),
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(
                "LibreOffice chạy quá lâu khi chuyển sang PDF; thử lại với ít tệp hơn."
            ) from exc
        written = []
        for path in docx_paths:
            produced = Path(tmp, path.stem + ".pdf")
            if not produced.exists():
                detail = (result.stderr or result.stdout).strip()[-300:]
                raise PdfConversionError(
                    f"LibreOffice không chuyển được {path.name} sang PDF. {detail}".strip()
                )
            target = out_dir / produced.name
            write_atomic(target, produced.read_bytes())
            written.append(target)
    return written
