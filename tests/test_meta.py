"""The year's meta from real body.toml and meta.toml files: defaults, inherited values, and the
InputError that names the file, the section and the first missing key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.inputs.meta import load_meta
from pipeline.paths import Paths

ROOT = Path(__file__).resolve().parent.parent

BODY = """[group]
name = "Cụm thi đua số 9"
superior = "TỔNG LĐLĐ VIỆT NAM"
"""
META = """[issuer]
name = "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẮC KẠN"
code = "LĐLĐ"
place = "Bắc Kạn"
signer_name = "Nguyễn Văn An"

[event]
date = 2024-12-20
place = "tỉnh Bắc Kạn"
theme = "Đổi mới, sáng tạo"

[[event.attendees]]
name = "Trần Thị Bình"

[submissions]
deadline = 2024-12-10

[submissions.received]
BK = 2024-12-11

[documents.bao_cao]
number = 7
recipients = ["Lưu: VT."]

[documents.to_trinh]
number = "8/TTr-LĐLĐ"
date = 2024-12-22

[khen_thuong]
co_quan = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"
tm = "TM. ĐOÀN CHỦ TỊCH"

[next_year]
cum_truong = "BK"
"""


def write_inputs(tmp_path: Path, body: str = BODY, meta: str = META) -> Paths:
    (tmp_path / "2024").mkdir(exist_ok=True)
    (tmp_path / "body.toml").write_text(body, encoding="utf-8")
    (tmp_path / "2024" / "meta.toml").write_text(meta, encoding="utf-8")
    return Paths(tmp_path, tmp_path / "out", 2024)


def test_defaults_and_inherited_values(tmp_path: Path) -> None:
    meta = load_meta(write_inputs(tmp_path))
    assert (meta.body.group_name, meta.body.group_kind, meta.body.group_full_name) == (
        "Cụm thi đua số 9",
        "cluster",
        "",
    )
    assert (meta.body.signing_for, meta.body.signer_title) == ("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH")
    assert meta.event.date == "2024-12-20"
    assert [(p.name, p.title) for p in meta.event.attendees] == [("Trần Thị Bình", "")]
    assert meta.event.can_cu == []
    # A document without a date carries the conference's; a number written as a number is text.
    assert (meta.documents["bao_cao"].number, meta.documents["bao_cao"].date) == ("7", "2024-12-20")
    assert meta.documents["bao_cao"].recipients == ["Lưu: VT."]
    assert (meta.documents["to_trinh"].date, meta.documents["to_trinh"].recipients) == ("2024-12-22", [])
    # [khen_thuong] without dia_danh: the certificates' date line takes the issuer's place.
    assert meta.conferrer is not None
    assert (meta.conferrer.name, meta.conferrer.place, meta.conferrer.signing_for) == (
        "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
        "Bắc Kạn",
        "TM. ĐOÀN CHỦ TỊCH",
    )
    assert (meta.conferrer.signer_title, meta.conferrer.signer_name) == ("", "")
    assert (meta.deadline, meta.received) == (date(2024, 12, 10), {"BK": date(2024, 12, 11)})
    assert (meta.cum_truong, meta.cum_pho, meta.noi_dung, meta.issuer_unit) == ("BK", None, [], None)


def test_who_confers_without_khen_thuong(tmp_path: Path) -> None:
    meta_text = META.split("[khen_thuong]")[0]
    cluster = load_meta(write_inputs(tmp_path, meta=meta_text))
    assert cluster.conferrer is not None and cluster.conferrer.name == "TỔNG LĐLĐ VIỆT NAM"
    assert (cluster.conferrer.place, cluster.conferrer.signer_name) == ("", "")
    province = load_meta(write_inputs(tmp_path, BODY + 'kind = "province"\n', meta_text))
    assert province.conferrer is not None
    assert (province.conferrer.name, province.conferrer.place, province.conferrer.signer_name) == (
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH BẮC KẠN",
        "Bắc Kạn",
        "Nguyễn Văn An",
    )


@pytest.mark.parametrize(
    ("file", "line", "named"),
    [
        ("body.toml", 'name = "Cụm thi đua số 9"\n', "body.toml: mục [group] thiếu khóa «name»"),
        ("body.toml", 'superior = "TỔNG LĐLĐ VIỆT NAM"\n', "body.toml: mục [group] thiếu khóa «superior»"),
        ("meta.toml", 'code = "LĐLĐ"\n', "meta.toml: mục [issuer] thiếu khóa «code»"),
        ("meta.toml", 'signer_name = "Nguyễn Văn An"\n', "meta.toml: mục [issuer] thiếu khóa «signer_name»"),
        ("meta.toml", "date = 2024-12-20\n", "meta.toml: mục [event] thiếu khóa «date»"),
        ("meta.toml", 'theme = "Đổi mới, sáng tạo"\n', "meta.toml: mục [event] thiếu khóa «theme»"),
        ("meta.toml", "number = 7\n", "meta.toml: mục [documents.bao_cao] thiếu khóa «number»"),
        (
            "meta.toml",
            'co_quan = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"\n',
            "mục [khen_thuong] thiếu khóa «co_quan»",
        ),
    ],
)
def test_a_missing_key_is_named(tmp_path: Path, file: str, line: str, named: str) -> None:
    body, meta = (BODY.replace(line, ""), META) if file == "body.toml" else (BODY, META.replace(line, "", 1))
    with pytest.raises(InputError) as raised:
        load_meta(write_inputs(tmp_path, body, meta))
    assert named in str(raised.value) and "Bổ sung rồi chạy lại." in str(raised.value)


def test_the_first_missing_key_is_named(tmp_path: Path) -> None:
    """Keys are read in the order of their table: with two missing, the earlier one is named."""
    meta = META.replace('code = "LĐLĐ"\n', "").replace('theme = "Đổi mới, sáng tạo"\n', "")
    with pytest.raises(InputError, match="mục \\[issuer\\] thiếu khóa «code»"):
        load_meta(write_inputs(tmp_path, meta=meta))


def test_the_sample_meta() -> None:
    meta = load_meta(Paths(ROOT / "inputs", ROOT / "outputs", 2024))
    assert meta.body.group_kind == "cluster" and meta.body.issuer_code == "LĐLĐ"
    assert meta.documents["bao_cao"].number == "34/BC-LĐLĐ" and meta.documents["bao_cao"].date == "2024-12-21"
    assert meta.conferrer is not None and meta.conferrer.place == "Hà Nội"
    assert meta.received["HG"] == date(2024, 12, 12) and meta.deadline == date(2024, 12, 10)
    assert (meta.cum_truong, meta.cum_pho, len(meta.noi_dung)) == ("HG", "TN", 7)
