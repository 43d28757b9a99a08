"""Every workbook tongket writes prints as a person expects: A4, landscape where the table is wide,
one page wide, the header row on every page, rows as tall as their wrapped text, the title whole.

The page setup is read back with openpyxl; then LibreOffice prints the commendation list and the
blank form to PDF, and the pages are counted and read (skipped without soffice and poppler).
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from summary_factory import make_summary
from test_office_files import run_with

from pipeline.form.writer import build_form
from pipeline.inputs.catalog import load_indicators
from pipeline.office import pdf
from pipeline.office.print_setup import LANDSCAPE_CHARS, PORTRAIT_CHARS, wrapped_height
from pipeline.paths import DEFAULT_TEMPLATES
from pipeline.render import render_all
from pipeline.render.annex import render_annex

ROOT = Path(__file__).resolve().parent.parent
CATALOG = load_indicators(ROOT / "inputs" / "indicators.csv")


def sheets_of(data: bytes) -> dict[str, Worksheet]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: ws for ws in book.worksheets if ws.sheet_state == "visible"}


def width_of(ws: Worksheet) -> float:
    """The columns' widths as the writer set them (xlsxwriter stores each with 0,71 of padding)."""
    return sum(math.floor(d.width) for d in ws.column_dimensions.values() if d.width)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("drafts")
    written = {p.name: p for p in render_all(make_summary(), DEFAULT_TEMPLATES, out)}
    run = tmp_path_factory.mktemp("run")
    run_with(ROOT / "inputs" / "2024" / "submissions" / "CB_2024.xlsx", run)
    return {
        "danh-sach-khen-thuong": written["danh-sach-khen-thuong-2024.xlsx"].read_bytes(),
        "validation": (run / "outputs" / "2024" / "validation.xlsx").read_bytes(),
        "bieu-mau": build_form(CATALOG, 2024),
        "phu-luc-so-lieu": render_annex(make_summary()),
    }


@pytest.mark.parametrize("name", ["danh-sach-khen-thuong", "validation", "bieu-mau", "phu-luc-so-lieu"])
def test_every_sheet_has_a_page_setup(workbooks: dict[str, bytes], name: str) -> None:
    for title, ws in sheets_of(workbooks[name]).items():
        where = f"{name}/{title}"
        assert ws.page_setup.paperSize in (9, "9"), where  # A4
        wide = width_of(ws) > PORTRAIT_CHARS and not title.startswith("Ký giao ước")  # signed upright
        assert ws.page_setup.orientation == ("landscape" if wide else "portrait"), where
        fitted = ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage
        if fitted:  # one page wide (fitToWidth's default is 1), as many pages long as it takes
            assert ws.page_setup.fitToWidth in (None, 1, "1") and ws.page_setup.fitToHeight in (0, "0"), where
            assert width_of(ws) <= LANDSCAPE_CHARS * 1.6, where
        else:  # too wide to read at one page wide: its first columns repeat on every page instead
            assert width_of(ws) > LANDSCAPE_CHARS * 1.6 and ws.print_title_cols == "$A:$C", where
        assert ws.page_margins.left >= 0.59 and ws.page_margins.top >= 0.59, where
        assert "&P" in (ws.oddFooter.center.text or ""), where  # page numbers
        if title != "HuongDan":
            assert ws.print_title_rows, where  # the header row on every page


def test_rows_are_as_tall_as_their_wrapped_text(workbooks: dict[str, bytes]) -> None:
    ws = sheets_of(workbooks["danh-sach-khen-thuong"])["Đề nghị khen thưởng"]
    widths = [math.floor(ws.column_dimensions[c].width) for c in "ABCDEF"]  # as set: no padding
    tall = short = 0
    for row in ws.iter_rows(min_row=4):
        if not str(row[0].value).isdigit():
            continue  # a group's label row («Cờ thi đua»), one line
        texts = ["" if c.value is None else str(c.value) for c in row]
        expected = wrapped_height(zip(texts, widths, strict=True))
        assert ws.row_dimensions[row[0].row].height == expected, row[0].row
        tall += expected is not None
        short += expected is None
    assert tall >= 2 and short >= 1  # grown where the text wraps, the default height where it does not
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}  # the title across the whole table


def test_wrapped_height_grows_with_the_text() -> None:
    assert wrapped_height([("Cờ thi đua", 20)]) is None
    two, three = wrapped_height([("chữ " * 12, 20)]), wrapped_height([("chữ " * 18, 20)])
    assert two is not None and three is not None and three > two
    one_word, short = wrapped_height([("x" * 100, 10)]), wrapped_height([("x" * 30, 10)])
    assert one_word is not None and short is not None and one_word > short  # a long word breaks too
    assert wrapped_height([("một\nhai", 40)]) is not None  # a line break in the cell is a line


needs_office = pytest.mark.skipif(
    pdf.find_soffice() is None or shutil.which("pdftotext") is None, reason="cần LibreOffice và poppler"
)


def _pages(path: Path) -> list[tuple[float, float, str]]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    pages = []
    for page in range(1, count + 1):
        command = ["pdfinfo", "-f", str(page), "-l", str(page), str(path)]
        size = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        line = next(line for line in size.splitlines() if "size:" in line)
        width, height = (float(v) for v in line.split(":")[1].split("pts")[0].split("x"))
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        pages.append((width, height, text))
    return pages


@needs_office
def test_libreoffice_prints_them_one_page_wide_with_the_title_whole(
    workbooks: dict[str, bytes], tmp_path: Path
) -> None:
    files = []
    for name in ("danh-sach-khen-thuong", "bieu-mau"):
        files.append(tmp_path / f"{name}.xlsx")
        files[-1].write_bytes(workbooks[name])
    awards, form = (_pages(p) for p in pdf.convert_to_pdf(files, tmp_path / "pdf"))
    # the list: landscape A4 pages, each with the whole header row; the title whole on the first
    assert all(width > height and round(width) == 842 for width, height, _ in awards)
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2024 – Cụm thi đua số 5" in awards[0][2]
    for _, _, text in awards:  # first and last column on the same page: one page wide
        assert "STT" in text and ("Tóm tắt thành tích" in text or "Lý do không đủ điều kiện" in text)
    # the form: one page per sheet (figures, nominations, guide), the guide upright and whole
    assert len(form) == 3
    width, height, guide = form[2]
    assert width < height and "HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO NĂM 2024" in guide
    assert "không ghi theo triệu hay tỷ đồng" in " ".join(guide.split())
