"""The synthetic province's units: names, figures, targets, nominations and the mess in their files.

Pure and deterministic: every unit draws from its own random stream, seeded by the seed and its
number, so unit 7 is the same whatever the number of units. `tools.demo.data` writes them out.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from pipeline.model.summary import Award, Indicator
from tools.demo.forms import Cell, Formula

# Per-unit chances of each kind of mess (ingest issue #3); duplicates and missing units are
# shares of all units, at least one each.
MESS = {
    "text": 0.06,  # numbers typed as text: "1.709", " 132 ", "25 người"
    "blank_row": 0.02,  # an empty row inserted into the table
    "formula": 0.01,  # a formula whose cached value is the figure
    "negative": 0.004,
    "not_number": 0.004,  # "không có", "x"
    "fraction": 0.002,  # 12.5 in a count
    "duplicate": 0.002,  # a second file for the same unit
    "missing": 0.01,  # no file at all
    "late": 0.05,  # arrived after the deadline (meta.toml)
}
CRITERIA = (  # the bảng điểm: indicator, max points, core
    ("doan_vien_moi", 25, True),
    ("gioi_thieu_dang", 15, True),
    ("luot_tap_huan", 15, False),
    ("thuong_luong", 10, False),
    ("suat_qua", 20, False),
    ("sang_kien", 15, False),
)


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split(", "))


_FAMILY = _names(
    "Nguyễn, Trần, Lê, Phạm, Hoàng, Vũ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý, Nông, Lương, Hà, Triệu, "
    "Giàng, Lò, Vàng"
)
_MIDDLE = _names("Văn, Thị, Đức, Minh, Thanh, Ngọc, Hữu, Quang, Thu, Kim, Xuân, Hồng")
_GIVEN = _names(
    "An, Anh, Bình, Cường, Dũng, Đức, Giang, Hà, Hải, Hạnh, Hoa, Hùng, Hương, Khánh, Lan, Linh, "
    "Long, Mai, Minh, Nam, Nga, Ngọc, Phương, Quân, Sơn, Thảo, Thắng, Trang, Tuấn, Tùng, Vân, Yến, "
    "Chính, Dung, Huệ, Lâm, Oanh, Thủy"
)
_PLACES = _names(
    "Bát Xát, Bảo Thắng, Bảo Yên, Bắc Hà, Mường Khương, Si Ma Cai, Sa Pa, Văn Bàn, Cốc San, "
    "Phố Lu, Gia Phú, Tằng Loỏng, Xuân Quang, Phong Niên, Sơn Hải, Bản Lầu, Võ Lao, Khánh Yên, "
    "Nghĩa Đô, Thanh Phú, Bình Minh, Kim Tân, Cốc Lếu, Duyên Hải, Pom Hán, Bắc Cường, Nam Cường, "
    "Xuân Giao, Thống Nhất, Lùng Phình"
)
_NAMESAKES = _names(  # schools are often named after a person
    "Lê Quý Đôn, Nguyễn Du, Trần Phú, Lý Tự Trọng, Kim Đồng, Võ Thị Sáu, Chu Văn An, Nguyễn Trãi, "
    "Lê Lợi, Hoàng Hoa Thám"
)
_HCSN = _names(
    "Trường Mầm non, Trường Tiểu học, Trường THCS, Trường THPT, Trạm Y tế xã, Ủy ban nhân dân xã, "
    "Trung tâm Y tế huyện, Chi cục Thuế khu vực, Kho bạc Nhà nước, Hạt Kiểm lâm"
)
_SXKD_KINDS = _names("Công ty TNHH, Công ty Cổ phần, Hợp tác xã")
_SECTORS = _names(
    "May, Khoáng sản, Xây dựng, Chế biến gỗ, Vận tải, Thực phẩm, Cơ khí, Chè, Điện lực, Du lịch"
)
_BRANDS = _names(
    "Minh Phát, Hưng Thịnh, An Khang, Thành Đạt, Phú Cường, Tân Tiến, Đông Á, Hoàng Liên, "
    "Việt Trung, Kim Thành, Đại Phát, Tiến Thành, Hòa Bình, Sông Hồng, Phúc Lộc"
)
_POSITIONS = _names(
    "Chủ tịch CĐCS, Phó Chủ tịch CĐCS, Tổ trưởng Công đoàn, Ủy viên BCH CĐCS, Kế toán, Giáo viên"
)
_ACHIEVEMENTS = (
    "Vận động kết nạp {n} đoàn viên mới; tổ chức tốt các hoạt động chăm lo cho đoàn viên.",
    "Có {n} sáng kiến được công nhận, làm lợi hàng trăm triệu đồng cho đơn vị.",
    "Hoàn thành xuất sắc nhiệm vụ năm; vận động {n} đoàn viên tham gia ủng hộ đồng bào bị thiên tai.",
    "Tổ chức {n} cuộc đối thoại, thương lượng; ký kết thỏa ước lao động tập thể có lợi cho người lao động.",
)


@dataclass
class DemoUnit:
    """One CĐCS of the province and what it submits."""

    code: str
    name: str  # "Công đoàn cơ sở Trường Tiểu học Bắc Hà"
    place: str
    leader: str
    sxkd: bool
    values: dict[str, Cell]  # as typed, mess included
    true_values: dict[str, int]  # the figures the mess was made from
    targets: dict[str, int]
    nominations: list[list[Cell]]
    notes: dict[str, str]
    blank_row_before: str | None = None
    submits: bool = True
    duplicate: bool = False
    late: bool = False
    # When the file arrived, from the start of the deadline day (the file's modification time).
    arrived: timedelta = timedelta(hours=9)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


def _organisation(rng: random.Random, sxkd: bool) -> tuple[str, str]:
    """The workplace's name and its place: "Trường THCS Chu Văn An", "Công ty TNHH May Phúc Lộc Sa Pa"."""
    place = rng.choice(_PLACES)
    if sxkd:
        suffix = f" {place}" if rng.random() < 0.5 else ""
        return f"{rng.choice(_SXKD_KINDS)} {rng.choice(_SECTORS)} {rng.choice(_BRANDS)}{suffix}", place
    kind = rng.choice(_HCSN)
    named = kind.startswith("Trường") and rng.random() < 0.4
    return f"{kind} {rng.choice(_NAMESAKES) if named else place}", place


def _figures(rng: random.Random, catalog: dict[str, Indicator], sxkd: bool) -> dict[str, int]:
    """A CĐCS's year: membership by sector, the rest in proportion, the catalog's relations kept."""
    members = max(5, int(rng.lognormvariate(4.8 if sxkd else 3.4, 0.9)))
    intro = int(members * rng.uniform(0, 0.03))
    lop = rng.choice((0, 0, 1, 1, 2))
    suat = int(members * rng.uniform(0.3, 1.2))
    mai_am = 1 if rng.random() < 0.02 else 0
    thien_tai = int(members * rng.uniform(0.05, 0.2)) if rng.random() < 0.1 else 0
    known = {
        "cdcs": 1,
        "cdcs_sxkd": int(sxkd),
        "cdcs_hcsn": int(not sxkd),
        "doan_vien": members,
        "cdcs_vung_manh": int(rng.random() < 0.7),
        "cdcs_moi": int(rng.random() < 0.03),
        "doan_vien_moi": int(members * rng.uniform(0, 0.12)),
        "gioi_thieu_dang": intro,
        "ket_nap_dang": int(intro * rng.uniform(0.4, 0.9)),
        "lop_tap_huan": lop,
        "luot_tap_huan": lop * rng.randint(5, 40),
        "hn_cu_tri": int(rng.random() < 0.05),
        "kien_nghi": rng.choice((0, 0, 0, 1, 2, 3)),
        "hn_doi_thoai": rng.choice((0, 1, 1, 2)) if sxkd else rng.choice((0, 0, 1)),
        "thuong_luong": rng.choice((0, 1, 2, 3)) if sxkd else rng.choice((0, 0, 1)),
        "suat_qua": suat,
        "tien_qua": suat * rng.choice((300_000, 400_000, 500_000, 700_000, 1_000_000)),
        "mai_am": mai_am,
        "tien_mai_am": mai_am * rng.choice((40_000_000, 50_000_000, 60_000_000, 80_000_000)),
        "ho_tro_thien_tai": thien_tai,
        "tien_thien_tai": thien_tai * rng.choice((500_000, 1_000_000, 2_000_000)),
        "sang_kien": int(members * rng.uniform(0, 0.05)),
        "co_thi_dua_tld": int(rng.random() < 0.002),
        "bang_khen_tap_the_tld": int(rng.random() < 0.01),
        "bang_khen_ca_nhan_tld": rng.choice((0,) * 48 + (1, 2)),
    }
    # Indicators a later catalog adds get small plausible counts (or sums of money).
    return {
        code: known[code] if code in known else rng.randint(0, 5) * (1_000_000 if ind.kind == "tien" else 1)
        for code, ind in catalog.items()
        if ind.method != "ratio"
    }


def _as_text(value: int, unit: str, rng: random.Random) -> str:
    if value >= 1000:
        return f"{value:,}".replace(",", ".")  # "1.709": Vietnamese grouping, a trap for float()
    return rng.choice((f" {value} ", f"{value} {unit}", f"{value}\u00a0"))  # NBSP: pasted from the web


def _messy(values: dict[str, int], catalog: dict[str, Indicator], rng: random.Random) -> dict[str, Cell]:
    typed: dict[str, Cell] = dict(values)
    codes = list(values)
    if rng.random() < MESS["text"]:
        for code in rng.sample(codes, rng.randint(1, 3)):
            typed[code] = _as_text(values[code], catalog[code].unit, rng)
    if rng.random() < MESS["formula"]:
        code = rng.choice(codes)
        half = values[code] // 2
        typed[code] = Formula(f"{half}+{values[code] - half}", float(values[code]))
    if rng.random() < MESS["negative"]:
        code = rng.choice(codes)
        typed[code] = -max(1, values[code])
    if rng.random() < MESS["not_number"]:
        typed[rng.choice(codes)] = rng.choice(("không có", "x", "?", "chưa có số liệu"))
    if rng.random() < MESS["fraction"]:
        counts = [c for c in codes if catalog[c].kind == "so_dem"]
        typed[rng.choice(counts)] = rng.randint(1, 40) + 0.5
    return typed


def _targets(values: dict[str, int], rng: random.Random) -> dict[str, int]:
    """Targets set a year ahead: around what the unit then did, so about half meet each one."""
    return {
        code: max(1, round(values[code] * rng.uniform(0.8, 1.25)))
        for code, _, _ in CRITERIA
        if code in values
    }


def _nominations(rng: random.Random, organisation: str, unit_name: str) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    if rng.random() < 0.01:  # the CĐCS proposes itself for a Bằng khen tập thể
        rows.append(
            [unit_name, "", organisation, "Bằng khen tập thể", _achievement(rng), "", "", "không", "có"]
        )
    for _ in range(rng.choice((1, 1, 2)) if rng.random() < 0.08 else 0):
        absent = 45 if rng.random() < 0.03 else rng.randint(0, 10)
        months = 6 if rng.random() < 0.03 else rng.randint(12, 300)
        rows.append(
            [
                _person(rng),
                rng.choice(_POSITIONS),
                organisation,
                "Bằng khen cá nhân",
                _achievement(rng),
                absent,
                months,
                "có" if rng.random() < 0.02 else "không",
                "không" if rng.random() < 0.02 else "có",
            ]
        )
    return rows


def _achievement(rng: random.Random) -> str:
    return rng.choice(_ACHIEVEMENTS).format(n=f"{rng.randint(2, 60):02d}")


def plan_units(catalog: dict[str, Indicator], units: int, seed: int, mess: bool = True) -> list[DemoUnit]:
    """Every unit's registry row, figures, targets and nominations; pure and deterministic.

    Each unit has its own random stream (seeded by `seed` and its number), so unit 7 is the same
    whatever `units` is.
    """
    width = max(6, len(str(units)))  # 130.000 CĐCS fit: codes do not change with the size
    planned = []
    seen: dict[str, int] = {}
    for index in range(1, units + 1):
        rng = random.Random(f"{seed}:{index}")
        sxkd = rng.random() < 0.15  # 937 of 6.428 CĐCS in seed 002
        organisation, place = _organisation(rng, sxkd)
        # Names identify units in the registry: a repeated one gets "số 2", as provinces do.
        seen[organisation] = seen.get(organisation, 0) + 1
        if seen[organisation] > 1:
            organisation = f"{organisation} số {seen[organisation]}"
        name = f"Công đoàn cơ sở {organisation}"
        values = _figures(rng, catalog, sxkd)
        unit = DemoUnit(
            code=f"CS{index:0{width}d}",
            name=name,
            place=place,
            leader=_person(rng),
            sxkd=sxkd,
            values=_messy(values, catalog, rng) if mess else dict(values),
            true_values=values,
            targets=_targets(values, rng),
            nominations=_nominations(rng, organisation, name),
            notes={"doan_vien": "Số liệu đến 30/11"} if rng.random() < 0.03 else {},
        )
        if mess:
            unit.blank_row_before = rng.choice(list(values)[1:]) if rng.random() < MESS["blank_row"] else None
            unit.late = rng.random() < MESS["late"]
        # Office hours: on time within the three weeks before the deadline, late within the week after.
        days = rng.randint(1, 7) if unit.late else -rng.randint(0, 20)
        unit.arrived = timedelta(days=days, hours=rng.randint(8, 16), minutes=rng.randint(0, 59))
        planned.append(unit)
    if mess:
        rng = random.Random(f"{seed}:province")
        for unit in rng.sample(planned, max(1, round(units * MESS["missing"]))):
            unit.submits = False
        submitting = [u for u in planned if u.submits]
        for unit in rng.sample(submitting, min(len(submitting), max(1, round(units * MESS["duplicate"])))):
            unit.duplicate = True
    return planned


def demo_awards(count: int, seed: int) -> list[Award]:
    """`count` accepted individual awards, as the aggregate stage makes them (for certificate runs)."""
    rng = random.Random(f"{seed}:awards")
    awards = []
    for _ in range(count):
        organisation, _place = _organisation(rng, rng.random() < 0.15)
        awards.append(
            Award(
                form="bang_khen_ca_nhan",
                recipient=_person(rng),
                unit_code="",
                unit_name=f"CĐCS {organisation}",
                position=f"{rng.choice(_POSITIONS)}, {organisation}",
                achievement=_achievement(rng),
            )
        )
    return awards
