"""Synthetic inputs of any size: a province whose N CĐCS submit the real Excel form.

`tongket demo-data --units N --seed S --outputs DIR` writes a complete inputs folder — registry,
catalog, body, rules, the year's meta, targets and one workbook per unit with nominations — for
trying tongket at a province's (1.000–3.000 CĐCS) or the whole union's (130.000) scale, and for
`make bench`. With `mess`, a small share of the files carries what real submissions carry
(`tools.demo.plan.MESS`), so the findings paths are exercised too. The same seed gives
byte-identical files.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from pipeline.errors import InputError
from pipeline.inputs.catalog import REGISTRY_COLUMNS, load_indicators
from pipeline.model.summary import Indicator
from pipeline.office.atomic import write_text_atomic
from pipeline.paths import (
    BODY_FILE,
    INDICATORS_FILE,
    META_FILE,
    PROJECT_ROOT,
    RULES_FILE,
    SUBMISSIONS_DIR,
    TARGETS_FILE,
    UNITS_FILE,
)
from tools.demo.forms import FilledForm, FormFiller
from tools.demo.plan import CRITERIA, DemoUnit, plan_units

BUNDLED_CATALOG = PROJECT_ROOT / "inputs" / INDICATORS_FILE
MARKER = ".tongket-demo"  # marks a folder demo-data may replace
PROVINCE = "Lào Cai"


def write_demo_inputs(out: Path, units: int, seed: int, year: int = 2024, mess: bool = True) -> None:
    """Write a complete inputs folder for a province with `units` CĐCS into `out` (see the module doc).

    `out` must be empty, absent or an earlier demo-data folder, which is then replaced: a person's
    real inputs are never overwritten.
    """
    if units < 1:
        raise InputError("Số đơn vị phải từ 1 trở lên.")
    _claim(out)
    catalog = load_indicators(BUNDLED_CATALOG)
    planned = plan_units(catalog, units, seed, mess)
    shutil.copyfile(BUNDLED_CATALOG, out / INDICATORS_FILE)
    write_text_atomic(out / UNITS_FILE, _units_csv(planned))
    write_text_atomic(out / BODY_FILE, _body_toml())
    write_text_atomic(out / RULES_FILE, _rules_toml())
    year_dir = out / str(year)
    write_text_atomic(year_dir / META_FILE, _meta_toml(planned, year, seed))
    write_text_atomic(year_dir / TARGETS_FILE, _targets_csv(planned, lambda u: u.targets))
    # Next year's giao ước: each target a little above this year's result.
    write_text_atomic(out / str(year + 1) / TARGETS_FILE, _targets_csv(planned, _next_targets))
    _write_submissions(year_dir / SUBMISSIONS_DIR, planned, catalog, year)
    write_text_atomic(out / MARKER, f"tongket demo-data --units {units} --seed {seed} --year {year}\n")


def _claim(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise InputError(
                f"Thư mục {out} đã có dữ liệu không do demo-data tạo; chọn một thư mục trống để không ghi đè."
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def _write_submissions(
    folder: Path, planned: list[DemoUnit], catalog: dict[str, Indicator], year: int
) -> None:
    # Plain writes, not write_atomic: an fsync per file would make 130.000 files take far longer,
    # and a half-written demo folder is simply generated again.
    folder.mkdir(parents=True, exist_ok=True)
    filler = FormFiller(catalog, year)
    deadline = datetime.combine(deadline_of(year), datetime.min.time())
    for unit in planned:
        if not unit.submits:
            continue
        form = FilledForm(
            unit.code, unit.name, unit.values, unit.notes, unit.nominations, unit.blank_row_before
        )
        _write_received(folder / f"{unit.code}_{year}.xlsx", filler.workbook(form), deadline + unit.arrived)
        if unit.duplicate:  # sent again a week later with one figure corrected
            form.values = {**unit.values, "doan_vien": unit.true_values["doan_vien"] + 1}
            again = deadline + unit.arrived + timedelta(days=7)
            _write_received(folder / f"{unit.code}_{year} (1).xlsx", filler.workbook(form), again)


def _write_received(path: Path, data: bytes, arrived: datetime) -> None:
    """The file, dated when it arrived: validate reads lateness from the modification time."""
    path.write_bytes(data)
    os.utime(path, (arrived.timestamp(), arrived.timestamp()))


def deadline_of(year: int) -> date:
    return date(year, 12, 10)


def _csv(header: list[str], rows: Iterable[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _units_csv(planned: list[DemoUnit]) -> str:
    return _csv(
        list(REGISTRY_COLUMNS),
        (
            [u.code, u.name, u.name.replace("Công đoàn cơ sở", "CĐCS", 1), u.place, u.leader, "", "", "", ""]
            for u in planned
        ),
    )


def _targets_csv(planned: list[DemoUnit], targets: Callable[[DemoUnit], dict[str, int]]) -> str:
    rows = ([u.code, code, value] for u in planned for code, value in targets(u).items())
    return _csv(["ma_don_vi", "ma_chi_tieu", "chi_tieu"], rows)


def _next_targets(unit: DemoUnit) -> dict[str, int]:
    return {code: max(1, round(unit.true_values[code] * 1.05)) for code in unit.targets}


def _toml(value: object) -> str:
    """A TOML value; JSON's string escapes are valid in TOML basic strings."""
    if isinstance(value, list):
        return "[\n" + "".join(f"    {_toml(v)},\n" for v in value) + "]"
    if isinstance(value, date | bool | int | float):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return json.dumps(value, ensure_ascii=False)


def _table(name: str, items: dict[str, object]) -> str:
    return f"[{name}]\n" + "".join(f"{key} = {_toml(value)}\n" for key, value in items.items()) + "\n"


def _body_toml() -> str:
    return "# Written by tongket demo-data: a province and its CĐCS.\n\n" + _table(
        "group",
        {
            "name": f"LĐLĐ tỉnh {PROVINCE}",
            "full_name": f"Liên đoàn Lao động tỉnh {PROVINCE}",
            "kind": "province",
            "superior": "TỔNG LĐLĐ VIỆT NAM",
        },
    )


def _rules_toml() -> str:
    text = "# Bảng điểm thi đua of the demo province: points = max_points × min(achievement, cap) / 100.\n\n"
    text += _table("scoring", {"cap_pct": 150})
    for code, points, core in CRITERIA:
        text += _table("[scoring.criteria]", {"code": code, "max_points": points, "core": core})
    text += _table("penalty", {"late_points": 5, "invalid_points": 10})
    text += _table("awards.co_thi_dua", {"label": "Cờ thi đua xuất sắc", "share": 0.005, "min_points": 100})
    text += _table("awards.bang_khen_tap_the", {"label": "Bằng khen", "share": 0.03, "min_points": 90})
    text += _table("tie_break", {"order": ["points", "core_achievement", "code"]})
    return text + _table(
        "eligibility",
        {
            "max_absent_days": 39,
            "min_months": 10,
            "no_discipline": True,
            "must_register": True,
        },
    )


def _meta_toml(planned: list[DemoUnit], year: int, seed: int) -> str:
    day = date(year, 12, 20)
    deadline = deadline_of(year)
    text = f"# LĐLĐ tỉnh {PROVINCE}, năm {year}: written by tongket demo-data (seed {seed}).\n\n"
    text += _table(
        "issuer",
        {
            "name": f"LIÊN ĐOÀN LAO ĐỘNG TỈNH {PROVINCE.upper()}",
            "code": "LĐLĐ",
            "place": PROVINCE,
            "signing_for": "TM. BAN THƯỜNG VỤ",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Vũ Thị Hiền",
        },
    )
    text += _table(
        "event",
        {
            "date": day,
            "place": f"tỉnh {PROVINCE}",
            "theme": f"Đổi mới nội dung, phương thức hoạt động công đoàn; thi đua hoàn thành nhiệm vụ {year}",
            "can_cu": [
                "Luật Thi đua, khen thưởng năm 2022;",
                f"Hướng dẫn công tác thi đua, khen thưởng năm {year} của Tổng LĐLĐ Việt Nam;",
                f"Giao ước thi đua năm {year} giữa LĐLĐ tỉnh và các công đoàn cơ sở.",
            ],
        },
    )
    text += _table("submissions", {"deadline": deadline})
    # Only late arrivals are listed: a unit without a date is taken as on time.
    late = {u.code: deadline + timedelta(days=u.arrived.days) for u in planned if u.late and u.submits}
    text += _table("submissions.received", dict(late))
    for key, number in (
        ("bao_cao", "52/BC-LĐLĐ"),
        ("to_trinh", "53/TTr-LĐLĐ"),
        ("danh_sach", "53/TTr-LĐLĐ"),
        ("giao_uoc", "01/GƯTĐ-LĐLĐ"),
    ):
        text += _table(
            f"documents.{key}",
            {
                "number": number,
                "date": day,
                "recipients": ["Tổng LĐLĐ Việt Nam (để báo cáo);", "Các công đoàn cơ sở;", "Lưu: VT, TĐKT."],
            },
        )
    return text + _table(
        "next_year",
        {
            "noi_dung": [
                "Đẩy mạnh phong trào thi đua “Lao động giỏi, lao động sáng tạo” trong CNVCLĐ.",
                "Phát triển đoàn viên, thành lập CĐCS; giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp.",
                "Chăm lo đời sống đoàn viên, người lao động; tổ chức đối thoại, thương lượng tập thể.",
            ]
        },
    )
