"""Reproducible packages: files made at different times, on different days, are byte-identical."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime

import docx
import openpyxl
import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from pipeline.office.determinism import ZIP_DATE, as_timestamp, reproducible

WHEN = "2024-12-21"


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Tổng số đoàn viên: 339.739 người")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_openpyxl() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Chỉ tiêu", "Giá trị"])
    workbook.active.append(["Đoàn viên", 339739])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_xlsxwriter() -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    workbook.add_worksheet("Tổng hợp").write(0, 0, "Đoàn viên")
    workbook.close()
    return out.getvalue()


@pytest.mark.parametrize(
    ("maker", "suffix"), [(make_docx, ".docx"), (make_openpyxl, ".xlsx"), (make_xlsxwriter, ".xlsx")]
)
def test_two_saves_a_second_apart_are_identical(maker: Callable[[], bytes], suffix: str) -> None:
    first = maker()
    time.sleep(1.1)  # the writers' timestamps have a resolution of one (or two) seconds
    second = maker()
    assert reproducible("a" + suffix, first, WHEN) == reproducible("a" + suffix, second, WHEN)


def test_docx_still_opens_with_properties_from_the_inputs() -> None:
    data = reproducible("bao-cao.docx", make_docx(), WHEN)
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[-1].text == "Tổng số đoàn viên: 339.739 người"
    props = document.core_properties
    assert props.created == props.modified == datetime(2024, 12, 21, tzinfo=UTC)
    assert props.last_modified_by == "tongket" and props.revision == 1
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {ZIP_DATE}
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])


def test_xlsx_still_opens() -> None:
    data = reproducible("bang.xlsx", make_openpyxl(), date(2024, 12, 21))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.active["B2"].value == 339739
    assert workbook.properties.created == datetime(2024, 12, 21)


def test_idempotent_and_other_files_untouched() -> None:
    once = reproducible("a.docx", make_docx(), WHEN)
    assert reproducible("a.docx", once, WHEN) == once
    assert reproducible("tin-bai.md", b"# Tin", WHEN) == b"# Tin"


@given(st.permutations(["word/document.xml", "[Content_Types].xml", "_rels/.rels", "docProps/app.xml"]))
def test_entry_order_does_not_matter(order: list[str]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in order:
            archive.writestr(name, f"<x>{name}</x>")
    baseline = io.BytesIO()
    with zipfile.ZipFile(baseline, "w") as archive:
        for name in sorted(order):
            archive.writestr(name, f"<x>{name}</x>")
    assert reproducible("a.docx", out.getvalue(), WHEN) == reproducible("a.docx", baseline.getvalue(), WHEN)


def test_as_timestamp() -> None:
    assert as_timestamp("2024-12-21") == datetime(2024, 12, 21, tzinfo=UTC)
    assert as_timestamp(date(2024, 12, 21)) == datetime(2024, 12, 21, tzinfo=UTC)
