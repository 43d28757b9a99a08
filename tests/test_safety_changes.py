"""The change list names every changed figure, old → new, and the documents that show it."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from typing import Any

from summary_factory import make_summary

from pipeline.runs.changes import Change, change_list_name, find_changes, mark_documents, render_html


def summaries() -> tuple[dict[str, Any], dict[str, Any]]:
    old = make_summary().to_dict()
    return old, copy.deepcopy(old)


def test_nothing_changed() -> None:
    old, new = summaries()
    assert find_changes(old, new) == []


def test_a_unit_figure_and_its_total() -> None:
    old, new = summaries()
    unit = new["unit_list"][0]
    before = new["units"][unit["code"]]["doan_vien"]
    new["units"][unit["code"]]["doan_vien"] = before + 1000
    new["totals"]["doan_vien"] += 1000
    changes = find_changes(old, new)
    assert [c.path for c in changes] == [("units", unit["code"], "doan_vien"), ("totals", "doan_vien")]
    first = changes[0]
    assert first.unit == unit["short_name"]
    assert first.what == f"{new['indicators']['doan_vien']['name']} (người)"
    assert first.old == f"{before:,}".replace(",", ".") and first.new == f"{before + 1000:,}".replace(
        ",", "."
    )
    assert changes[1].unit.startswith("Tổng cộng (Cụm thi đua số 5")
    assert changes[1].old == "339.739" and changes[1].new == "340.739"


def test_a_late_unit_arrives() -> None:
    old = make_summary(missing=("HG",)).to_dict()
    new = make_summary().to_dict()
    changes = find_changes(old, new)
    status = [c for c in changes if c.path == ("unit_list", "HG")]
    assert len(status) == 1 and (status[0].old, status[0].new) == ("chưa gửi báo cáo", "đã gửi báo cáo")
    assert any(c.path[:2] == ("units", "HG") and c.old == "—" for c in changes)


def test_awards_added_and_removed() -> None:
    old, new = summaries()
    removed = new["awards"].pop(0)
    changes = find_changes(old, new)
    assert [(c.unit, c.old, c.new) for c in changes] == [(removed["recipient"], "có đề nghị", "—")]


def test_documents_that_mention_a_figure() -> None:
    changes = [
        Change(("units", "CB", "doan_vien"), "", "", "", ""),
        Change(("totals", "doan_vien"), "", "", "", ""),
    ]
    mark_documents(
        changes,
        {
            "bao-cao-tong-ket-2024.docx": ["figures", "totals", "unit_list"],
            "tin-bai-2024.md": ["total_figures"],
            "danh-sach-khen-thuong-2024.docx": ["awards"],
            "phu-luc-CB.xlsx": ["figures/CB"],
            "phu-luc-LS.xlsx": ["figures/LS"],
        },
    )
    assert changes[0].documents == ["bao-cao-tong-ket-2024.docx", "phu-luc-CB.xlsx"]
    assert changes[1].documents == ["bao-cao-tong-ket-2024.docx", "tin-bai-2024.md"]


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []

    def handle_data(self, data: str) -> None:
        self.cells.append(data)


def test_html_page() -> None:
    change = Change(
        ("units", "CB", "doan_vien"),
        "LĐLĐ tỉnh <Cao Bằng>",
        "Tổng số đoàn viên (người)",
        "72.000",
        "73.000",
        ["bao-cao-tong-ket-2024.docx"],
    )
    page = render_html(
        [change],
        2024,
        since="2024-12-09T02:00:00+07:00",
        now="2024-12-10T02:00:00+07:00",
        kept=[("bao-cao-tong-ket-2024.docx", "bao-cao-tong-ket-2024 (bản mới 2).docx")],
    )
    parser = _Cells()
    parser.feed(page)
    text = parser.cells
    assert "LĐLĐ tỉnh <Cao Bằng>" in text  # escaped in the page, read back as text
    assert {"Tổng số đoàn viên (người)", "72.000", "73.000", "bao-cao-tong-ket-2024.docx"} <= set(text)
    assert "bao-cao-tong-ket-2024 (bản mới 2).docx" in text
    assert '<html lang="vi">' in page and '<meta charset="utf-8">' in page
    assert "Lần chạy lúc 02:00 ngày 10/12/2024 so với các bản dự thảo soạn lúc 02:00 ngày 09/12/2024" in page


def test_change_list_name() -> None:
    assert change_list_name("2024-12-10T02:00:01+07:00") == "thay-doi/thay-doi-2024-12-10_020001.html"
