"""Ingest pieces: Vietnamese numbers, legacy encodings, unit matching, and that nothing ever raises."""

from __future__ import annotations

import datetime as dt
import io
import random
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_helpers import CATALOG, REGISTRY, YEAR

from pipeline.form.writer import build_form
from pipeline.formats.numbers import parse_number
from pipeline.ingest import assemble
from pipeline.ingest.collector import Collector
from pipeline.ingest.context import ReadContext
from pipeline.ingest.legacy import _VIETNAMESE_LATIN1, Decoded, from_unicode, to_unicode
from pipeline.ingest.submission import read_bytes, read_submission
from pipeline.model.ingested import read_ingested, write_ingested

CTX = ReadContext.build(REGISTRY, CATALOG, YEAR)


@pytest.mark.parametrize(
    ("raw", "kind", "unit", "value", "status"),
    [
        ("1.709", "so_dem", "", 1709, "ok"),
        ("25.493", "so_dem", "", 25493, "ok"),
        ("339.739", "so_dem", "", 339739, "ok"),
        ("1.234.567", "so_dem", "", 1234567, "ok"),
        ("96,5", "ty_le", "%", 96.5, "ok"),
        ("96,5%", "ty_le", "%", 96.5, "ok"),
        ("1.234,5", "tien", "đồng", 1234.5, "ok"),
        ("1,234.5", "tien", "đồng", 1234.5, "ok"),
        ("1,234,567", "so_dem", "", 1234567, "ok"),
        (" 132 ", "so_dem", "", 132, "ok"),
        ("25.493 người", "so_dem", "người", 25493, "ok"),
        ("59.800.000.000 đồng", "tien", "đồng", 59_800_000_000, "ok"),
        ("1 234", "so_dem", "", 1234, "ok"),
        ("-5", "so_dem", "", -5, "ok"),
        ("(5)", "so_dem", "", -5, "ok"),
        (12.0, "so_dem", "", 12, "ok"),
        (0, "so_dem", "", 0, "ok"),
        ("25,493", "so_dem", "", 25493, "ambiguous"),
        ("25,493", "ty_le", "%", 25.493, "ambiguous"),
        ("1.5", "so_dem", "", 1.5, "ambiguous"),
        ("0.500", "so_dem", "", 0.5, "ambiguous"),
        ("", "so_dem", "", None, "blank"),
        ("  ", "so_dem", "", None, "blank"),
        ("-", "so_dem", "", None, "blank"),
        (None, "so_dem", "", None, "blank"),
        ("hai nghìn", "so_dem", "", None, "invalid"),
        ("25.493 người", "so_dem", "CĐCS", None, "invalid"),
        ("12abc", "so_dem", "", None, "invalid"),
        ("1.2.3", "so_dem", "", None, "invalid"),
        ("1,2.3,4", "so_dem", "", None, "invalid"),
        ("50%", "so_dem", "", None, "invalid"),
        ("#DIV/0!", "so_dem", "", None, "invalid"),
        ("1e5", "so_dem", "", None, "invalid"),
        (True, "so_dem", "", None, "invalid"),
        (dt.date(2024, 5, 1), "so_dem", "", None, "invalid"),
        (float("nan"), "so_dem", "", None, "invalid"),
        (1e16, "so_dem", "", None, "invalid"),
    ],
)
def test_parse_number(raw: object, kind: str, unit: str, value: float | None, status: str) -> None:
    parsed = parse_number(raw, kind, unit)
    assert (parsed.value, parsed.status) == (value, status)


@given(st.integers(min_value=0, max_value=10**14))
def test_vietnamese_grouping_reads_back(number: int) -> None:
    assert parse_number(f"{number:,}".replace(",", "."), "so_dem").value == number


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimal_comma_reads_back(whole: int, hundredths: int) -> None:
    text = f"{whole:,}".replace(",", ".") + f",{hundredths:02d}"
    parsed = parse_number(text, "ty_le")
    assert parsed.status in ("ok", "ambiguous") and parsed.value == pytest.approx(whole + hundredths / 100)


WORDS = [
    "Liên",
    "đoàn",
    "Lao",
    "động",
    "tỉnh",
    "Cao",
    "Bằng",
    "Thái",
    "Nguyên",
    "Lạng",
    "Sơn",
    "Hà",
    "Giang",
    "Tuyên",
    "Quang",
    "Bắc",
    "Kạn",
    "công",
    "đoàn",
    "cơ",
    "sở",
    "đoàn",
    "viên",
    "người",
    "lao",
    "động",
    "khó",
    "khăn",
    "được",
    "hỗ",
    "trợ",
    "thiên",
    "tai",
    "bão",
    "số",
    "ba",
    "Yagi",
    "nhà",
    "Mái",
    "ấm",
    "quà",
    "Tết",
    "sáng",
    "kiến",
    "thương",
    "lượng",
    "đối",
    "thoại",
    "hội",
    "nghị",
    "tiếp",
    "xúc",
    "cử",
    "tri",
    "kết",
    "nạp",
    "Đảng",
    "xuất",
    "sắc",
    "dẫn",
    "đầu",
    "phong",
    "trào",
    "thi",
    "đua",
    "Nguyễn",
    "Thị",
    "Hoàng",
    "Văn",
    "Trưởng",
    "Phó",
    "Chủ",
    "tịch",
    "Ủy",
    "viên",
    "Ban",
    "Thường",
    "vụ",
    "huyện",
    "Trùng",
    "Khánh",
    "Quảng",
    "Hòa",
    "Mường",
    "Khương",
    "quyết",
    "định",
    "khen",
    "thưởng",
    "Bằng",
    "khen",
    "Cờ",
    "tập",
    "thể",
    "cá",
    "nhân",
    "hoàn",
    "thành",
    "nhiệm",
    "vụ",
    "năm",
]


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), st.sampled_from(["TCVN3", "VNI"]))
def test_legacy_text_round_trips(words: list[str], encoding: str) -> None:
    """Never a wrong conversion, never a silent one: converted exactly, or left as it is and flagged.

    One word can read two ways ("trî" is TCVN3 "trợ" and VNI "trỵ"; "Êm" is TCVN3 "ấm" and the
    Unicode word "êm"): such text is kept as it came, flagged when it has legacy-only letters.
    """
    text = " ".join(words)
    legacy = from_unicode(text, encoding)
    decoded = to_unicode(legacy)
    # TCVN3 has no toned capitals ("Ủy" is stored as "ủy"), so compare without case.
    assert decoded.text.casefold() in (text.casefold(), legacy.casefold())
    if decoded.encoding:
        assert (decoded.text.casefold(), decoded.encoding) == (text.casefold(), encoding)
    if any(not ch.isascii() and ch not in _VIETNAMESE_LATIN1 for ch in legacy):
        assert decoded.encoding or decoded.unsure


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
@pytest.mark.parametrize(
    "text",
    [
        "Liên đoàn Lao động tỉnh Cao Bằng",
        "Nguyễn Thị Lan Anh, Chủ tịch công đoàn cơ sở",
        "Hỗ trợ 4.200 đoàn viên bị thiệt hại do bão số 3 (Yagi)",
        "xuất sắc dẫn đầu phong trào thi đua",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH",
    ],
)
def test_legacy_sentences(text: str, encoding: str) -> None:
    assert to_unicode(from_unicode(text, encoding)) == Decoded(text, encoding)


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12))
def test_unicode_text_is_left_alone(words: list[str]) -> None:
    text = " ".join(words)
    assert to_unicode(text).text == text
    assert to_unicode(unicodedata.normalize("NFC", text)).encoding is None


def test_legacy_unsure_is_flagged_not_converted() -> None:
    assert to_unicode("naïve ®§").unsure
    assert to_unicode("naïve ®§").text == "naïve ®§"
    assert to_unicode("LIªN ®OµN LAO §éNG").text == "LIÊN ĐOÀN LAO ĐỘNG"


@pytest.mark.parametrize(
    ("code", "name", "found"),
    [
        ("TP", "", "TP"),
        (" tp ", "", "TP"),
        ("", "LĐLĐ thành phố Cao Bằng", "TP"),
        ("", "Liên đoàn Lao động thành phố Cao Bằng", "TP"),
        ("", unicodedata.normalize("NFD", "lđlđ   THÀNH PHỐ cao bằng"), "TP"),
        ("", "LĐLĐ TP Cao Bằng", "TP"),
        ("LĐLĐ huyện Hòa An", "", "HA"),
        ("", "Công đoàn ngành Hải quan", None),
    ],
)
def test_find_unit(code: str, name: str, found: str | None) -> None:
    by_code, by_name = CTX.find_unit(code, name)
    match = by_code or by_name
    assert (match.code if match else None) == found


@pytest.mark.parametrize(
    ("stem", "unit"),
    [
        ("CT_2024", "CT"),
        ("BaoCao_HoaAn_2024", "HA"),
        ("bao cao Trung Khanh", "TK"),
        ("CaoBang", ""),  # every industry union is in Cao Bằng: no guess
        ("tong_hop", ""),
    ],
)
def test_guess_unit_from_filename(stem: str, unit: str) -> None:
    assert CTX.guess_unit_from_filename(stem) == unit


SUFFIXES = [".xlsx", ".xls", ".ods", ".csv", ".txt", ".pdf", ""]


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_never_raise(data: bytes, suffix: str) -> None:
    collector = Collector("tep" + suffix, CTX)
    read_bytes(data, suffix, collector)
    sub = collector.finish()
    assert sub.findings or sub.rows == []  # garbage gives findings, never silent figures


def _form_bytes() -> bytes:
    return build_form(CATALOG, YEAR, REGISTRY.by_code()["TP"])


FORM = _form_bytes()


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=len(FORM)), st.integers(min_value=0, max_value=255))
def test_damaged_workbook_never_raises(position: int, byte: int) -> None:
    damaged = FORM[:position] + bytes([byte]) + FORM[position + 1 :]
    collector = Collector("TP.xlsx", CTX)
    read_bytes(damaged, ".xlsx", collector)
    collector.finish()


CELL_VALUES = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(-(10**6), 10**16),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.from_regex(r"[0-9]{1,3}([.,][0-9]{3}){0,3}([,.][0-9]{1,2})?( người| đồng)?", fullmatch=True),
)
CODES = [i.code for i in CATALOG.values() if i.method != "ratio"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(CELL_VALUES, min_size=len(CODES), max_size=len(CODES)))
def test_arbitrary_cell_values_are_each_a_figure_or_a_finding(
    values: list[object], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Whatever a unit types, ingest does not raise, and every cell it typed is used or reported."""
    book = openpyxl.load_workbook(io.BytesIO(FORM))
    sheet = book["BaoCao"]
    cells = {row[1].value: row[4] for row in sheet.iter_rows(min_row=9) if row[1].value in CODES}
    typed = {}
    for code, value in zip(CODES, values, strict=True):
        if isinstance(value, str):
            # openpyxl refuses control characters and would store "=..." as a formula without a value
            value = "".join(ch for ch in value if ch.isprintable()).lstrip("=")
        cells[code].value = value
        typed[code] = cells[code].coordinate
    path = tmp_path_factory.mktemp("cells") / "TP.xlsx"
    book.save(path)
    sub = read_submission(path, "TP.xlsx", CTX)
    used = {r.cell for r in sub.rows if r.gia_tri == r.gia_tri}  # not NaN
    reported = {f.cell for f in sub.findings if f.code == "so-khong-hop-le"}
    for code, cell in typed.items():
        blank = parse_number(cells[code].value).status == "blank"
        assert blank or (cell in used) != (cell in reported), (code, cells[code].value)


def test_file_order_does_not_matter(tmp_path: Path) -> None:
    from ingest_helpers import FIXTURES

    paths = sorted(p for p in FIXTURES.glob("*/submissions/*") if not p.name.startswith(("~$", ".")))
    subs = [read_submission(p, f"{p.parent.parent.name}/{p.name}", CTX) for p in paths]
    first = assemble(subs)
    shuffled = subs[:]
    random.Random(7).shuffle(shuffled)
    again = assemble(
        [
            read_submission(p, f"{p.parent.parent.name}/{p.name}", CTX)
            for p in [paths[subs.index(s)] for s in shuffled]
        ]
    )
    pd.testing.assert_frame_equal(first.figures, again.figures)
    assert [f.to_dict() for f in first.report.sorted()] == [f.to_dict() for f in again.report.sorted()]


def test_write_and_read_back(tmp_path: Path) -> None:
    from ingest_helpers import registry_of, run_folders

    run = run_folders(
        ["sach", "csv-utf16-tab", "de-nghi-khong-hop-le"], tmp_path, registry_of({"TP", "KB", "TNMT"})
    )
    write_ingested(run.ingested, tmp_path / "out")
    back = read_ingested(tmp_path / "out")
    pd.testing.assert_frame_equal(run.ingested.figures, back.figures)
    pd.testing.assert_frame_equal(run.ingested.nominations, back.nominations)
    assert back.files == run.ingested.files and back.received_at == run.ingested.received_at
    assert [f.to_dict() for f in back.report.sorted()] == [f.to_dict() for f in run.ingested.report.sorted()]


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    from ingest_helpers import FIXTURES, copy_submissions

    from pipeline.ingest import ingest
    from pipeline.paths import Paths

    folder = tmp_path / "inputs" / str(YEAR) / "submissions"
    for name in ("sach", "zip-hong", "mat-khau", "tcvn3-xls"):
        copy_submissions(FIXTURES / name / "submissions", folder)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    ingest(Paths(tmp_path / "inputs", tmp_path / "outputs", YEAR), REGISTRY, CATALOG)
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before


def test_reading_back_before_ingest_is_a_clear_error(tmp_path: Path) -> None:
    from pipeline.errors import InputError

    with pytest.raises(InputError, match="tongket ingest"):
        read_ingested(tmp_path)


def test_a_broken_formula_is_reported_not_read_as_a_blank(tmp_path: Path) -> None:
    """python-calamine reads an Excel error cell as empty: the form's XML says #DIV/0!, and the unit
    is told, naming the cell (a real formula, as Excel saves it, with its cached error value)."""
    book = openpyxl.load_workbook(io.BytesIO(FORM))
    book.move_sheet("BaoCao", offset=1)  # not the first sheet: found by name through the workbook
    sheet = book["BaoCao"]
    cells = {row[1].value: row[4] for row in sheet.iter_rows(min_row=9) if row[1].value in CODES}
    broken, blank = cells[CODES[0]], cells[CODES[1]]
    broken.value, blank.value = "#DIV/0!", None  # openpyxl stores an error cell (t="e")
    book["_tongket" if "_tongket" in book.sheetnames else "BaoCao"]["Z99"] = "#REF!"  # elsewhere
    path = tmp_path / "TP.xlsx"
    book.save(path)
    sub = read_submission(path, "TP.xlsx", CTX)
    reported = [f for f in sub.findings if f.code == "so-khong-hop-le"]
    assert [(f.cell, f.value) for f in reported] == [(broken.coordinate, "#DIV/0!")]
    assert all(f.cell != blank.coordinate for f in sub.findings)  # a blank stays a blank
