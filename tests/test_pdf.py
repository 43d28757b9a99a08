"""PDF by LibreOffice: every generated DOCX converts and its text is there (skipped without soffice)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from summary_factory import make_summary
from test_render_templates import HOSTILE, hostile_summary

from pipeline.office import pdf
from pipeline.paths import DEFAULT_TEMPLATES
from pipeline.render import render_all

needs_soffice = pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice (soffice) không được cài")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils không được cài")


def _text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def _pages(path: Path) -> int:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(line.split()[-1] for line in result.stdout.splitlines() if line.startswith("Pages:")))


@needs_soffice
@needs_poppler
def test_every_draft_converts_and_keeps_its_text(tmp_path: Path) -> None:
    written = render_all(make_summary(), DEFAULT_TEMPLATES, tmp_path)
    docx = [p for p in written if p.suffix == ".docx"]
    pdfs = pdf.convert_to_pdf(docx, tmp_path / "pdf")
    assert [p.stem for p in pdfs] == [p.stem for p in docx]
    texts = {p.stem: _text(p) for p in pdfs}
    for text in texts.values():
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "LIÊN ĐOÀN LAO ĐỘNG" in text
    report = texts["bao-cao-tong-ket-2024"]
    for phrase in [
        "Số: 34/BC-LĐLĐ",
        "Cao Bằng, ngày 21 tháng 12 năm 2024",
        "BÁO CÁO",
        "6.428",
        "339.739",
        "gần 60 tỷ đồng",
        "TM. BAN THƯỜNG VỤ",
        "Lý Thị Huệ",
        "Nơi nhận:",
        "PHỤ LỤC",
    ]:
        assert phrase in report, phrase
    # Page numbers: none on page 1, "2" centred at the top of page 2.
    pages = report.split("\f")
    assert pages[1].strip().splitlines()[0].strip() == "2"
    assert not pages[0].strip().splitlines()[0].strip().isdigit()
    assert "Lương Văn Đức" in texts["danh-sach-khen-thuong-2024"]
    assert "LĐLĐ TỈNH HÀ GIANG" in texts["giao-uoc-thi-dua-2025"]
    assert _pages(tmp_path / "pdf" / "to-trinh-khen-thuong-2024.pdf") == 1


@needs_soffice
@needs_poppler
def test_hostile_text_converts(tmp_path: Path) -> None:
    written = render_all(hostile_summary(), DEFAULT_TEMPLATES, tmp_path)
    [listing] = pdf.convert_to_pdf(
        [p for p in written if p.name == "danh-sach-khen-thuong-2024.docx"], tmp_path
    )
    text = " ".join(_text(listing).split())
    assert HOSTILE in text and "Nguyễn Thị Ánh Tuyết" in text


def test_without_libreoffice_the_error_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.PdfUnavailable) as caught:
        pdf.convert_to_pdf([tmp_path / "a.docx"], tmp_path)
    message = str(caught.value)
    assert "apt-get install libreoffice-writer-nogui" in message
    assert "Windows" in message and "libreoffice.org" in message


@needs_soffice
def test_a_file_libreoffice_cannot_convert_is_reported(tmp_path: Path) -> None:
    with pytest.raises(pdf.PdfConversionError, match=r"khong-co\.docx"):
        pdf.convert_to_pdf([tmp_path / "khong-co.docx"], tmp_path / "pdf")
