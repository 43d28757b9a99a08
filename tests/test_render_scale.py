"""A province with hundreds of units: the report's appendix and chart show the top units, the
workbook annex has every unit; a cluster keeps its full appendix and every bar."""

from __future__ import annotations

import dataclasses
import io

import openpyxl
from docx_reading import open_docx, table_rows, text_of
from summary_factory import make_summary

from pipeline.model.summary import Figure, NextYear, Score, Summary, Unit
from pipeline.paths import DEFAULT_TEMPLATES
from pipeline.render import render_documents
from pipeline.render.chart import _top, chart_png
from pipeline.render.context import APPENDIX_MAX_UNITS, CHART_MAX_UNITS, annex_name, build_context

UNITS = 300


def large_summary(n: int = UNITS) -> Summary:
    """The sample's shape with `n` received units; unit i has i + 1 new members and rank n - i."""
    base = make_summary()
    codes = [f"CD{i:05d}" for i in range(n)]
    unit_list = [
        Unit(
            code=c,
            name=f"Công đoàn cơ sở số {i}",
            short_name=f"CĐCS số {i}",
            place=f"Nơi {i}",
            status="received",
        )
        for i, c in enumerate(codes)
    ]
    values = {
        c: {code: i + 1 for code in base.indicators if base.indicators[code].kind != "ty_le"}
        for i, c in enumerate(codes)
    }
    figures = {c: {k: Figure(value=v, target=v) for k, v in values[c].items()} for c in codes}
    totals = {k: sum(values[c][k] for c in codes) for k in values[codes[0]]}
    scores = [Score(unit=c, points=float(i), rank=n - i) for i, c in enumerate(codes)]
    return dataclasses.replace(
        base,
        unit_list=unit_list,
        units=values,
        figures=figures,
        totals=totals,
        total_figures={k: Figure(value=v) for k, v in totals.items()},
        scores=scores,
        awards=[],
        rejected=[],
        next_year=NextYear(
            year=2025,
            targets={c: {"doan_vien_moi": i + 10} for i, c in enumerate(codes)},
            target_totals={"doan_vien_moi": sum(i + 10 for i in range(n))},
        ),
    )


def test_large_report_lists_the_top_units_with_totals_and_refers_to_the_annex() -> None:
    summary = large_summary()
    documents = render_documents(summary, DEFAULT_TEMPLATES)
    doc = open_docx(documents["bao-cao-tong-ket-2024.docx"])
    biểu_01 = next(t for t in doc.tables if len(t.columns) > 6 and t.rows[0].cells[2].text == "Tổng số CĐCS")
    rows = table_rows(biểu_01)
    listed = [r[1] for r in rows[1:-1]]
    # The best-ranked first: the last unit has rank 1.
    assert listed == [f"CĐCS số {i}" for i in range(UNITS - 1, UNITS - 1 - APPENDIX_MAX_UNITS, -1)]
    assert rows[-1][1] == "Tổng cộng"
    assert rows[-1][2] == f"{sum(range(1, UNITS + 1)):,}".replace(",", ".")
    text = text_of(doc)
    assert f"chỉ liệt kê {APPENDIX_MAX_UNITS} đơn vị xếp hạng thi đua cao nhất trong số {UNITS}" in text
    assert annex_name(2024) in text
    assert f"({CHART_MAX_UNITS} đơn vị có kết quả cao nhất của mỗi chỉ tiêu)" in text

    annex = openpyxl.load_workbook(io.BytesIO(documents[annex_name(2024)]), read_only=True)
    sheet = annex["Số liệu"]
    data = list(sheet.iter_rows(min_row=4, values_only=True))
    assert [r[1] for r in data[:-1]] == [u.code for u in summary.unit_list]
    assert data[-1][2] == "Tổng cộng"
    header = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
    column = header.index("Tổng số công đoàn cơ sở (CĐCS)")
    assert sum(r[column] for r in data[:-1]) == data[-1][column] == summary.totals["cdcs"]


def test_large_chart_draws_each_panels_top_units() -> None:
    summary = large_summary()
    top = _top(summary, summary.received_units(), "doan_vien_moi")
    assert [u.code for u in top] == [f"CD{i:05d}" for i in range(UNITS - 1, UNITS - 1 - CHART_MAX_UNITS, -1)]
    assert chart_png(summary).startswith(b"\x89PNG")


def test_a_cluster_keeps_its_full_appendix_and_no_annex() -> None:
    summary = make_summary()
    context = build_context(summary)
    assert context["phu_luc"]["rut_gon"] is False
    assert context["phu_luc"]["don_vi_bao_cao"] == context["don_vi_bao_cao"]
    assert context["phu_luc"]["xep_hang"] == context["xep_hang"]
    assert context["phu_luc"]["ghi_chu"] == context["phu_luc"]["bieu_do_ghi_chu"] == ""
    documents = render_documents(summary, DEFAULT_TEMPLATES)
    assert annex_name(2024) not in documents
    assert "phu-luc-so-lieu" not in text_of(open_docx(documents["bao-cao-tong-ket-2024.docx"]))


def test_large_giao_uoc_has_a_totals_column_and_the_annex_every_units_targets() -> None:
    summary = large_summary()
    documents = render_documents(summary, DEFAULT_TEMPLATES)
    doc = open_docx(documents["giao-uoc-thi-dua-2025.docx"])
    table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Nội dung chỉ tiêu")
    assert len(table.columns) < 10
    assert f"Chỉ tiêu năm 2025 của từng đơn vị ở tệp {annex_name(2024)}" in text_of(doc)
    annex = openpyxl.load_workbook(io.BytesIO(documents[annex_name(2024)]), read_only=True)
    rows = list(annex["Chỉ tiêu 2025"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows[:-1]] == [u.code for u in summary.unit_list]
    assert rows[-1][2] == "Tổng cộng" and rows[-1][3] == sum(r[3] for r in rows[:-1])
