"""Which drafts show a change: real DOCX, XLSX and Markdown files searched a piece at a time."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.runs.changes import Change, document_pieces, find_in_documents
from pipeline.runs.changes import documents as changes
from pipeline.runs.changes.documents import _NameFinder


def figure(unit: str, code: str, new: str) -> Change:
    return Change(("units", unit, code), f"LĐLĐ {unit}", code, "—", new)


def status(name: str) -> Change:
    return Change(("unit_list", "X"), name, "Tình trạng báo cáo", "chưa gửi báo cáo", "đã gửi báo cáo")


@pytest.fixture
def drafts(tmp_path: Path) -> dict[str, Path]:
    report = docx.Document()
    paragraph = report.add_paragraph("Tổng số đoàn viên: ")
    paragraph.add_run("339.")  # Word splits a number into runs; the paragraph still shows it whole
    paragraph.add_run("739")
    paragraph.add_run(" người; kết nạp 11.000 đoàn viên mới.")
    table = report.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "CĐCS Công ty Than Hà Lầm"
    table.cell(0, 1).text = "96,5%"
    report.save(str(tmp_path / "bao-cao.docx"))

    annex = openpyxl.Workbook()
    sheet = annex.active
    assert sheet is not None
    sheet.append(["LĐLĐ tỉnh Bắc Kạn", 340739, 28721])
    annex.save(tmp_path / "phu-luc.xlsx")

    (tmp_path / "tin-bai.md").write_text("Hội nghị biểu dương LĐLĐ tỉnh Bắc Kạn.\n", encoding="utf-8")
    return {p.name: p for p in tmp_path.iterdir()}


def test_numbers_and_names_found_where_they_stand(drafts: dict[str, Path]) -> None:
    found = [
        figure("CB", "doan_vien", "339.739"),  # DOCX text across runs
        figure("BK", "doan_vien", "340.739"),  # an XLSX cell holds 340739
        figure("BK", "ty_le", "96,5%"),
        figure("TN", "doan_vien_moi", "1.000"),  # only inside 11.000: not shown
        status("LĐLĐ tỉnh Bắc Kạn"),
        status("CĐCS Công ty Than Hà Lầm"),
        status("CĐCS Công ty Than"),  # a name inside a longer one still shows
        status("Công ty Than Hà"),  # and one starting inside it
        status("LĐLĐ tỉnh Cao Bằng"),
        Change(("units", "CB", "doan_vien"), "LĐLĐ tỉnh Bắc Kạn", "", "1", "—"),  # a figure gone: by name
    ]
    find_in_documents(found, drafts)
    assert [c.documents for c in found] == [
        ["bao-cao.docx"],
        ["phu-luc.xlsx"],
        ["bao-cao.docx"],
        [],
        ["phu-luc.xlsx", "tin-bai.md"],
        ["bao-cao.docx"],
        ["bao-cao.docx"],
        ["bao-cao.docx"],
        [],
        ["phu-luc.xlsx", "tin-bai.md"],
    ]


def test_small_pieces_find_the_same(drafts: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces end at a paragraph or a cell, so a number is never cut in two, however small they are."""
    wanted = [figure("CB", "doan_vien", "339.739"), status("CĐCS Công ty Than Hà Lầm")]
    find_in_documents(wanted, drafts)
    whole = [c.documents for c in wanted]
    monkeypatch.setattr(changes, "_PIECE", 7)
    monkeypatch.setattr(changes, "_PIECE_MAX", 50)
    assert len(list(document_pieces(drafts["bao-cao.docx"]))) > 5
    find_in_documents(wanted, drafts)
    assert [c.documents for c in wanted] == whole == [["bao-cao.docx"], ["bao-cao.docx"]]


def test_unreadable_document_shows_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    change = figure("CB", "doan_vien", "339.739")
    find_in_documents([change], {"hong.docx": broken, "mat.docx": tmp_path / "mat.docx"})
    assert change.documents == []


NAMES = st.text(alphabet="abĐđ ", min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(names=st.lists(NAMES, max_size=12), text=st.text(alphabet="abĐđ x", max_size=60))
def test_name_finder_is_substring_search(names: list[str], text: str) -> None:
    """One pass of the trie regex finds exactly the names `in` would, overlapping and nested ones too."""
    assert _NameFinder(names).find(text) == {n for n in names if n and n in text}
