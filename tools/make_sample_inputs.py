"""Write the bundled sample inputs under inputs/: Cụm thi đua số 5, years 2023-2026.

The sample is the ground truth of seed 002 (the cluster's 2024 totals and awards), spread over
six provinces, plus the year before (2023) and the year after the 2025 merger (Bắc Kạn into
Thái Nguyên, Hà Giang into Tuyên Quang). Every figure is a literal table below; the script checks
the totals, the relations between indicators and the award outcome before it writes anything.

Run from anywhere:  .venv/bin/python tools/make_sample_inputs.py
The output is byte-for-byte deterministic (fixed workbook properties and zip timestamps).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import sys
import tomllib
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.form.layout import (  # noqa: E402  (needs ROOT on sys.path when run as a script)
    AWARD_FORMS,
    FIGURES_HEADER,
    FIGURES_SHEET,
    FORM_VERSION,
    LABEL_UNIT_CODE,
    LABEL_UNIT_NAME,
    LABEL_YEAR,
    META_SHEET,
    NOMINATION_COLUMNS,
    NOMINATIONS_SHEET,
)
from pipeline.ingest.nominations import NOMINATION_FIELDS  # noqa: E402

INPUTS = ROOT / "inputs"
FIXED_TIME = datetime(2024, 12, 1)  # workbook created/modified, so the xlsx bytes never change
ZIP_TIME = (2024, 12, 1, 0, 0, 0)
SUBMISSION_CSV_HEADER = ("ma_don_vi", "ma_chi_tieu", "gia_tri", "ghi_chu")
NOMINATION_CSV_HEADER = NOMINATION_FIELDS  # the header ingest reads
BANG_KHEN_CA_NHAN = AWARD_FORMS["bang_khen_ca_nhan"]

# ---------------------------------------------------------------------------------------------
# The unit registry (inputs/units.csv)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistryRow:
    code: str
    place: str
    chu_tich: str
    hieu_luc_den: str = ""
    ke_thua: str = ""


# Registry order is the order the seeds list the provinces in.
REGISTRY = (
    RegistryRow("CB", "Cao Bằng", "Lý Thị Huệ"),
    RegistryRow("BK", "Bắc Kạn", "Hà Văn Khoa", hieu_luc_den="2025-06-30"),
    RegistryRow("LS", "Lạng Sơn", "Vi Thị Thu Hiền"),
    RegistryRow("TN", "Thái Nguyên", "Trần Văn Lâm", ke_thua="BK"),
    RegistryRow("TQ", "Tuyên Quang", "Phạm Thị Minh Nguyệt", ke_thua="HG"),
    RegistryRow("HG", "Hà Giang", "Nguyễn Đình Dương", hieu_luc_den="2025-06-30"),
)
PLACE = {row.code: row.place for row in REGISTRY}
CHU_TICH = {row.code: row.chu_tich for row in REGISTRY}
UNITS_BEFORE_MERGER = ("CB", "BK", "LS", "TN", "TQ", "HG")
UNITS_AFTER_MERGER = ("CB", "LS", "TN", "TQ")
PREDECESSORS = {"TN": ("BK",), "TQ": ("HG",)}


def unit_name(code: str) -> str:
    return f"Liên đoàn Lao động tỉnh {PLACE[code]}"


def unit_short_name(code: str) -> str:
    return f"LĐLĐ tỉnh {PLACE[code]}"


# ---------------------------------------------------------------------------------------------
# Shared configuration: body.toml and rules.toml (literal text; parsed back before writing)
# ---------------------------------------------------------------------------------------------

BODY_TOML = """\
[group]
name = "Cụm thi đua số 5"
full_name = "Cụm thi đua LĐLĐ các tỉnh khu vực Trung du và miền núi biên giới phía Đông Bắc"
kind = "cluster"
superior = "TỔNG LĐLĐ VIỆT NAM"
"""

RULES_TOML = """\
# Bảng điểm thi đua của Cụm thi đua số 5 (the scoring rules the cluster agreed).
# Per unit and criterion: points = max_points × min(achievement_pct, cap_pct) / 100,
# where achievement_pct = result / target × 100. Total = sum − penalties.

[scoring]
cap_pct = 150

[[scoring.criteria]]
code = "doan_vien_moi"
max_points = 20
core = true

[[scoring.criteria]]
code = "cdcs_moi"
max_points = 15
core = true

[[scoring.criteria]]
code = "ket_nap_dang"
max_points = 10
core = true

[[scoring.criteria]]
code = "gioi_thieu_dang"
max_points = 10
core = false

[[scoring.criteria]]
code = "lop_tap_huan"
max_points = 15
core = false

[[scoring.criteria]]
code = "sang_kien"
max_points = 10
core = false

[[scoring.criteria]]
code = "mai_am"
max_points = 10
core = false

[[scoring.criteria]]
code = "suat_qua"
max_points = 10
core = false

[penalty]
late_points = 5      # received after submissions.deadline in meta.toml
invalid_points = 10  # the submission has blocking errors

[awards.co_thi_dua]
label = "Cờ thi đua đơn vị xuất sắc dẫn đầu"
count = 1
min_points = 100
require_core_targets = true

[awards.bang_khen_tap_the]
label = "Bằng khen đơn vị xuất sắc"
count = 2            # may also be written as share = 0.3 (a fraction of the units)
min_points = 90
require_core_targets = true

[tie_break]
order = ["points", "core_achievement", "code"]

[eligibility]            # individual nominations
max_absent_days = 39     # absent 40+ working days: not eligible
min_months = 10          # recruited under 10 months: not eligible
no_discipline = true
must_register = true     # must have registered for emulation
"""

# ---------------------------------------------------------------------------------------------
# Figures. Counts: one row per indicator, one column per unit. Money (đồng): one row per unit,
# since eleven-digit amounts for six units do not fit on one line.
# cdcs_sxkd + cdcs_hcsn = cdcs in every column. ty_le_cdcs_vung_manh is computed by tongket,
# so it is never submitted (empty in the forms, absent from the CSV files).
# ---------------------------------------------------------------------------------------------

Table = dict[str, tuple[int, ...]]
MONEY_CODES = ("tien_qua", "tien_mai_am", "tien_thien_tai")

# fmt: off
FIGURES_2023_UNITS = ("CB", "BK", "LS", "TN", "TQ", "HG")
COUNTS_2023: Table = {
    #                             CB,     BK,     LS,      TN,     TQ,     HG
    "cdcs":                  (   832,    519,  1_230,   1_631,  1_130,    988),
    "cdcs_sxkd":             (   122,     88,    166,     306,    140,     94),
    "cdcs_hcsn":             (   710,    431,  1_064,   1_325,    990,    894),
    "doan_vien":             (35_894, 24_913, 59_878, 102_888, 53_385, 42_184),
    "cdcs_moi":              (    20,     12,     23,      33,     20,     13),
    "doan_vien_moi":         ( 3_363,  1_695,  3_792,   7_963,  3_715,  2_806),
    "gioi_thieu_dang":       ( 1_099,    603,  1_233,   2_038,  1_201,    933),
    "ket_nap_dang":          (   645,    403,    875,   1_355,    842,    582),
    "lop_tap_huan":          (    30,     17,     33,      45,     30,     24),
    "luot_tap_huan":         ( 3_358,  2_154,  4_125,   5_572,  3_990,  2_886),
    "hn_cu_tri":             (     3,      1,      2,       3,      2,      2),
    "kien_nghi":             (    25,     11,     18,      27,     17,     16),
    "hn_doi_thoai":          (     2,      1,      2,       2,      1,      1),
    "thuong_luong":          (    20,     10,     17,      28,     16,     12),
    "suat_qua":              (19_800, 12_900, 28_900,  44_200, 23_200, 21_400),
    "mai_am":                (    39,     20,     36,      46,     33,     27),
    "ho_tro_thien_tai":      (   166,     78,    166,     362,    177,    126),
    "sang_kien":             (   342,    183,    364,     593,    296,    245),
    "co_thi_dua_tld":        (     2,      1,      3,       4,      2,      2),
    "bang_khen_tap_the_tld": (    13,      6,     13,      17,     11,      9),
    "bang_khen_ca_nhan_tld": (    16,      9,     17,      24,     16,     12),
    "cdcs_vung_manh":        (   540,    328,    748,   1_023,    766,    678),
}
MONEY_2023: Table = {  # đồng
    #            tien_qua,   tien_mai_am, tien_thien_tai
    "CB": ( 7_502_800_000, 1_742_650_000, 298_000_000),
    "BK": ( 4_330_700_000,   919_300_000, 217_000_000),
    "LS": (10_173_250_000, 1_539_200_000, 277_000_000),
    "TN": (16_264_450_000, 1_977_700_000, 702_000_000),
    "TQ": ( 8_947_100_000, 1_586_400_000, 439_000_000),
    "HG": ( 7_387_450_000, 1_266_700_000, 235_000_000),
}

FIGURES_2024_UNITS = ("CB", "BK", "LS", "TN", "TQ", "HG")
COUNTS_2024: Table = {
    #                             CB,     BK,     LS,      TN,     TQ,     HG
    "cdcs":                  (   850,    528,  1_250,   1_650,  1_150,  1_000),
    "cdcs_sxkd":             (   127,     90,    168,     312,    142,     98),
    "cdcs_hcsn":             (   723,    438,  1_082,   1_338,  1_008,    902),
    "doan_vien":             (38_045, 26_721, 63_217, 108_452, 57_986, 45_318),
    "cdcs_moi":              (    22,     12,     24,      38,     21,     15),
    "doan_vien_moi":         ( 3_568,  1_950,  4_460,   8_120,  4_215,  3_180),
    "gioi_thieu_dang":       ( 1_102,    615,  1_380,   2_050,  1_290,    980),
    "ket_nap_dang":          (   732,    407,    918,   1_362,    856,    650),
    "lop_tap_huan":          (    33,     19,     38,      52,     34,     26),
    "luot_tap_huan":         ( 3_948,  2_263,  4_580,   6_215,  4_102,  3_130),
    "hn_cu_tri":             (     3,      1,      2,       3,      2,      2),
    "kien_nghi":             (    26,     11,     21,      28,     19,     17),
    "hn_doi_thoai":          (     2,      1,      2,       2,      1,      1),
    "thuong_luong":          (    20,     10,     19,      31,     17,     12),
    "suat_qua":              (22_900, 13_400, 29_800,  45_200, 27_100, 21_600),
    "mai_am":                (    42,     22,     40,      52,     38,     31),
    "ho_tro_thien_tai":      (   690,    350,    640,   1_280,    720,    520),
    "sang_kien":             (   356,    184,    385,     612,    342,    268),
    "co_thi_dua_tld":        (     2,      1,      3,       4,      2,      2),
    "bang_khen_tap_the_tld": (    13,      7,     14,      18,     12,     10),
    "bang_khen_ca_nhan_tld": (    18,     10,     19,      24,     16,     13),
    "cdcs_vung_manh":        (   631,    325,    846,   1_148,    761,    618),
}
MONEY_2024: Table = {  # đồng
    #            tien_qua,   tien_mai_am, tien_thien_tai
    "CB": ( 8_641_750_000, 1_890_000_000, 1_452_000_000),
    "BK": ( 4_862_300_000,   968_000_000,   743_000_000),
    "LS": (11_118_600_000, 1_760_000_000, 1_362_000_000),
    "TN": (17_254_350_000, 2_288_000_000, 2_815_000_000),
    "TQ": (10_046_200_000, 1_672_000_000, 1_548_000_000),
    "HG": ( 7_832_500_000, 1_395_000_000, 1_104_000_000),
}

# After the merger: TN includes former Bắc Kạn, TQ former Hà Giang. The CĐCS of fully
# state-funded administrative units were ended, so cdcs_hcsn and doan_vien fall 13-16 %.
FIGURES_2025_UNITS = ("CB", "LS", "TN", "TQ")
COUNTS_2025: Table = {
    #                             CB,     LS,      TN,     TQ
    "cdcs":                  (   743,  1_066,   1_921,  1_849),
    "cdcs_sxkd":             (   129,    173,     414,    247),
    "cdcs_hcsn":             (   614,    893,   1_507,  1_602),
    "doan_vien":             (32_713, 54_719, 113_789, 89_076),
    "cdcs_moi":              (    22,     24,      58,     37),
    "doan_vien_moi":         ( 3_640,  4_785,  11_350,  7_020),
    "gioi_thieu_dang":       ( 1_049,  1_409,   2_790,  2_355),
    "ket_nap_dang":          (   739,    970,   1_905,  1_587),
    "lop_tap_huan":          (    33,     39,      80,     63),
    "luot_tap_huan":         ( 3_930,  4_853,   9_013,  7_518),
    "hn_cu_tri":             (     3,      2,       4,      4),
    "kien_nghi":             (    25,     22,      42,     36),
    "hn_doi_thoai":          (     2,      2,       3,      2),
    "thuong_luong":          (    21,     19,      42,     29),
    "suat_qua":              (24_300, 31_300,  63_800, 48_600),
    "mai_am":                (    41,     42,      82,     63),
    "ho_tro_thien_tai":      (   684,    623,   1_589,  1_184),
    "sang_kien":             (   349,    411,     842,    612),
    "co_thi_dua_tld":        (     2,      3,       5,      4),
    "bang_khen_tap_the_tld": (    13,     13,      26,     21),
    "bang_khen_ca_nhan_tld": (    18,     19,      35,     31),
    "cdcs_vung_manh":        (   512,    715,   1_359,  1_303),
}
MONEY_2025: Table = {  # đồng
    #            tien_qua,   tien_mai_am, tien_thien_tai
    "CB": ( 8_240_700_000, 1_911_350_000, 1_467_250_000),
    "LS": (10_793_950_000, 1_723_750_000, 1_361_250_000),
    "TN": (22_278_950_000, 3_116_100_000, 3_663_100_000),
    "TQ": (18_495_800_000, 2_966_900_000, 2_722_850_000),
}
# fmt: on


def combine(units: tuple[str, ...], counts: Table, money: Table) -> Table:
    """One code → per-unit-column table from the counts and the per-unit money rows."""
    assert tuple(money) == units, "money rows must follow the unit columns"
    return {**counts, **{code: tuple(money[u][i] for u in units) for i, code in enumerate(MONEY_CODES)}}


FIGURES_2023 = combine(FIGURES_2023_UNITS, COUNTS_2023, MONEY_2023)
FIGURES_2024 = combine(FIGURES_2024_UNITS, COUNTS_2024, MONEY_2024)
FIGURES_2025 = combine(FIGURES_2025_UNITS, COUNTS_2025, MONEY_2025)

# ---------------------------------------------------------------------------------------------
# Targets (chỉ tiêu giao ước). The 2024 and 2025 pledges were signed by the six provinces
# (Dec 2023 and Dec 2024); the 2026 pledge by the four after the merger.
# ---------------------------------------------------------------------------------------------

# fmt: off
TARGET_CODES = (
    "cdcs_moi", "doan_vien_moi", "gioi_thieu_dang", "ket_nap_dang", "sang_kien",
    "mai_am", "suat_qua", "lop_tap_huan", "hn_doi_thoai", "hn_cu_tri",
)

TARGETS_2024_UNITS = ("CB", "BK", "LS", "TN", "TQ", "HG")
TARGETS_2024: Table = {
    "cdcs_moi":        (15,     12,     22,     35,     24,     15),
    "doan_vien_moi":   (2_800,  1_900,  4_300,  7_500,  4_000,  3_100),
    "gioi_thieu_dang": (900,    750,    1_300,  1_900,  1_250,  950),
    "ket_nap_dang":    (600,    400,    880,    1_250,  820,    640),
    "sang_kien":       (300,    280,    370,    520,    330,    320),
    "mai_am":          (30,     30,     38,     45,     36,     38),
    "suat_qua":        (20_000, 17_000, 29_000, 42_000, 26_000, 24_000),
    "lop_tap_huan":    (28,     27,     36,     48,     33,     32),
    "hn_doi_thoai":    (2,      1,      2,      2,      1,      1),
    "hn_cu_tri":       (2,      1,      2,      3,      2,      2),
}

TARGETS_2025_UNITS = ("CB", "BK", "LS", "TN", "TQ", "HG")
TARGETS_2025: Table = {
    "cdcs_moi":        (20,     12,     24,     38,     22,     15),
    "doan_vien_moi":   (3_400,  1_950,  4_500,  8_200,  4_300,  3_200),
    "gioi_thieu_dang": (1_000,  600,    1_350,  2_000,  1_300,  1_000),
    "ket_nap_dang":    (700,    400,    900,    1_350,  850,    650),
    "sang_kien":       (340,    200,    380,    600,    350,    280),
    "mai_am":          (40,     22,     40,     52,     38,     32),
    "suat_qua":        (22_000, 13_000, 30_000, 45_000, 27_000, 22_000),
    "lop_tap_huan":    (32,     19,     38,     52,     34,     26),
    "hn_doi_thoai":    (2,      1,      2,      2,      1,      1),
    "hn_cu_tri":       (3,      1,      2,      3,      2,      2),
}

TARGETS_2026_UNITS = ("CB", "LS", "TN", "TQ")
TARGETS_2026: Table = {
    "cdcs_moi":        (22,     25,     55,     38),
    "doan_vien_moi":   (3_600,  4_900,  10_500, 7_700),
    "gioi_thieu_dang": (1_050,  1_400,  2_600,  2_350),
    "ket_nap_dang":    (740,    970,    1_800,  1_600),
    "sang_kien":       (350,    410,    760,    620),
    "mai_am":          (42,     42,     75,     66),
    "suat_qua":        (24_000, 31_500, 61_000, 51_000),
    "lop_tap_huan":    (34,     40,     75,     64),
    "hn_doi_thoai":    (2,      2,      3,      2),
    "hn_cu_tri":       (3,      2,      4,      4),
}
# fmt: on

# Which file type each unit sends; the rest of the year's units send CSV.
XLSX_UNITS = {2024: ("CB", "LS", "TN"), 2025: ("CB", "TN")}

# Notes the units write in the Ghi chú column.
NOTES = {
    2024: {"ho_tro_thien_tai": "Hỗ trợ sau cơn bão số 3 (Yagi)"},
    2025: {"cdcs_hcsn": "Giảm do kết thúc hoạt động CĐCS cơ quan hành chính khi sắp xếp bộ máy"},
}
RATIO_NOTE = "Phần mềm tự tính, không nhập"

# ---------------------------------------------------------------------------------------------
# Nominations for Bằng khen cá nhân
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nomination:
    unit: str
    ho_ten: str
    chuc_vu: str
    don_vi_cong_tac: str
    thanh_tich: str
    so_ngay_nghi: int
    so_thang_cong_tac: int
    ky_luat: str = "không"
    dang_ky_thi_dua: str = "có"
    hinh_thuc: str = BANG_KHEN_CA_NHAN


NOMINATIONS_2024 = (
    # Cao Bằng (form)
    Nomination(
        "CB",
        "Nông Thị Ánh",
        "Chủ tịch CĐCS Trường THPT Nà Bao",
        "Công đoàn ngành Giáo dục tỉnh Cao Bằng",
        "Vận động đoàn viên đóng góp xây dựng nhà “Mái ấm Công đoàn” cho đoàn viên khó khăn; "
        "CĐCS được xếp loại hoàn thành xuất sắc nhiệm vụ năm 2024.",
        3,
        184,
    ),
    Nomination(
        "CB",
        "Hoàng Văn Đức",
        "Phó Chủ tịch LĐLĐ huyện Hòa An",
        "LĐLĐ huyện Hòa An",
        "Chỉ đạo thành lập mới 04 CĐCS, kết nạp 312 đoàn viên, vượt 56% chỉ tiêu được giao.",
        39,
        156,
    ),
    Nomination(
        "CB",
        "Lý Thị Hạnh",
        "Trưởng ban Tuyên giáo LĐLĐ tỉnh Cao Bằng",
        "LĐLĐ tỉnh Cao Bằng",
        "Tham mưu tổ chức các hoạt động kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam; "
        "có 01 sáng kiến được công nhận cấp tỉnh.",
        2,
        228,
    ),
    Nomination(
        "CB",
        "Bế Văn Dũng",
        "Chủ tịch CĐCS Công ty Cổ phần Xi măng Cao Bằng",
        "LĐLĐ thành phố Cao Bằng",
        "Phối hợp tổ chức 02 hội nghị đối thoại, thương lượng nâng giá trị bữa ăn ca "
        "từ 20.000 đồng lên 25.000 đồng cho người lao động.",
        5,
        142,
    ),
    Nomination(
        "CB",
        "Nguyễn Thị Yến",
        "Ủy viên BCH CĐCS Bệnh viện Đa khoa tỉnh Cao Bằng",
        "Công đoàn ngành Y tế tỉnh Cao Bằng",
        "Tích cực tham gia phong trào “Giỏi việc nước, đảm việc nhà”; vận động 45 đoàn viên "
        "tham gia hiến máu tình nguyện.",
        45,
        96,
    ),
    Nomination(
        "CB",
        "Đàm Quang Anh",
        "Chủ tịch CĐCS Công ty TNHH MTV Cấp thoát nước Cao Bằng",
        "LĐLĐ thành phố Cao Bằng",
        "Tổ chức “Bữa cơm Công đoàn” cho 320 lượt đoàn viên; CĐCS đạt tiêu chuẩn “CĐCS vững mạnh” năm 2024.",
        4,
        121,
    ),
    Nomination(
        "CB",
        "Hoàng Như Ý",
        "Chủ tịch CĐCS Kho bạc Nhà nước huyện Trùng Khánh",
        "LĐLĐ huyện Trùng Khánh",
        "Kịp thời thăm hỏi, hỗ trợ 27 đoàn viên bị thiệt hại do cơn bão số 3 với tổng số tiền 81 triệu đồng.",
        0,
        74,
    ),
    # Lạng Sơn (form)
    Nomination(
        "LS",
        "Vi Văn Đức",
        "Phó Chủ tịch LĐLĐ huyện Hữu Lũng",
        "LĐLĐ huyện Hữu Lũng",
        "Trực tiếp vận động thành lập 03 CĐCS doanh nghiệp ngoài nhà nước, kết nạp 268 đoàn viên.",
        6,
        205,
    ),
    Nomination(
        "LS",
        "Lương Thị Mai",
        "Chủ tịch CĐCS Công ty Cổ phần Xi măng Đồng Bành",
        "LĐLĐ huyện Chi Lăng",
        "Phối hợp với người sử dụng lao động ký kết thỏa ước lao động tập thể có nhiều điểm "
        "có lợi hơn cho người lao động.",
        1,
        133,
    ),
    Nomination(
        "LS",
        "Chu Văn Thắng",
        "Trưởng ban Chính sách - Pháp luật LĐLĐ tỉnh Lạng Sơn",
        "LĐLĐ tỉnh Lạng Sơn",
        "Tham mưu tổ chức 02 hội nghị tiếp xúc cử tri chuyên đề, tổng hợp 21 ý kiến, kiến nghị "
        "của đoàn viên gửi Đoàn đại biểu Quốc hội tỉnh.",
        2,
        247,
    ),
    Nomination(
        "LS",
        "Tô Thị Phương",
        "Công nhân Tổ may 3, Công ty Cổ phần May Lạng Sơn",
        "LĐLĐ thành phố Lạng Sơn",
        "Có 01 sáng kiến cải tiến thao tác may cổ áo, tăng năng suất tổ sản xuất 12%.",
        0,
        8,
    ),
    Nomination(
        "LS",
        "Nguyễn Đức Anh",
        "Chủ tịch CĐCS Cục Hải quan tỉnh Lạng Sơn",
        "Công đoàn Viên chức tỉnh Lạng Sơn",
        "CĐCS hoàn thành xuất sắc nhiệm vụ 5 năm liền; tổ chức chương trình “Tết sum vầy” "
        "cho 150 đoàn viên khó khăn.",
        3,
        172,
    ),
    Nomination(
        "LS",
        "Đinh Thị Ánh",
        "Chủ tịch CĐCS Trường Tiểu học Hoàng Văn Thụ",
        "Công đoàn ngành Giáo dục tỉnh Lạng Sơn",
        "Vận động đoàn viên hỗ trợ 12 học sinh có hoàn cảnh khó khăn; CĐCS vững mạnh 3 năm liền.",
        8,
        263,
    ),
    Nomination(
        "LS",
        "Lăng Văn Bình",
        "Chủ tịch CĐCS Công ty Cổ phần Bến xe Lạng Sơn",
        "LĐLĐ thành phố Lạng Sơn",
        "Chủ động thương lượng tăng phụ cấp độc hại cho lái xe; phát triển 46 đoàn viên mới.",
        5,
        98,
    ),
    # Thái Nguyên (form)
    Nomination(
        "TN",
        "Nguyễn Thị Lan Anh",
        "Chủ tịch CĐCS Công ty TNHH May mặc Phú Bình",
        "Công đoàn các Khu công nghiệp tỉnh Thái Nguyên",
        "Kết nạp 1.215 đoàn viên trong năm; tổ chức “Ngày hội công nhân lao động” cho trên 3.000 công nhân.",
        4,
        115,
    ),
    Nomination(
        "TN",
        "Trần Văn Đạt",
        "Tổ trưởng Tổ cơ điện, Nhà máy Cán thép Lưu Xá",
        "Công đoàn Công ty Cổ phần Gang thép Thái Nguyên",
        "Có 02 sáng kiến cải tiến kỹ thuật làm lợi cho doanh nghiệp trên 600 triệu đồng.",
        7,
        186,
        ky_luat="có",
    ),
    Nomination(
        "TN",
        "Dương Thị Hà",
        "Phó Chủ tịch LĐLĐ thành phố Sông Công",
        "LĐLĐ thành phố Sông Công",
        "Tham mưu tổ chức 06 lớp tập huấn nghiệp vụ cho 720 lượt cán bộ CĐCS; "
        "giới thiệu 86 đoàn viên ưu tú cho Đảng.",
        2,
        198,
    ),
    Nomination(
        "TN",
        "Lê Minh Ân",
        "Chủ tịch CĐCS Công ty Cổ phần Chè Tân Cương",
        "LĐLĐ thành phố Thái Nguyên",
        "Tổ chức hỗ trợ 58 đoàn viên bị thiệt hại do cơn bão số 3, tổng số tiền 174 triệu đồng.",
        3,
        144,
    ),
    Nomination(
        "TN",
        "Phạm Quốc Hùng",
        "Trưởng ban Tổ chức LĐLĐ tỉnh Thái Nguyên",
        "LĐLĐ tỉnh Thái Nguyên",
        "Tham mưu phát triển 8.120 đoàn viên, thành lập 38 CĐCS, vượt chỉ tiêu giao ước thi đua của Cụm.",
        1,
        236,
    ),
    Nomination(
        "TN",
        "Ngô Thị Thu Trang",
        "Công nhân Tổ SMT, Công ty TNHH Điện tử Yên Bình",
        "Công đoàn các Khu công nghiệp tỉnh Thái Nguyên",
        "Có 01 sáng kiến giảm tỷ lệ lỗi hàn linh kiện 30%, được Công ty công nhận và áp dụng.",
        0,
        10,
    ),
    Nomination(
        "TN",
        "Đỗ Văn Khánh",
        "Chủ tịch CĐCS Trường Tiểu học Gia Sàng",
        "Công đoàn ngành Giáo dục tỉnh Thái Nguyên",
        "CĐCS vững mạnh tiêu biểu; tổ chức hiệu quả phong trào “Dạy tốt, học tốt” trong đoàn viên.",
        6,
        167,
    ),
    # Bắc Kạn (CSV)
    Nomination(
        "BK",
        "Hà Thị Yến",
        "Chủ tịch CĐCS Bệnh viện Đa khoa tỉnh Bắc Kạn",
        "Công đoàn ngành Y tế tỉnh Bắc Kạn",
        "Tổ chức khám, tư vấn sức khỏe miễn phí cho 420 đoàn viên, người lao động khó khăn.",
        4,
        152,
    ),
    Nomination(
        "BK",
        "Triệu Đức Long",
        "Phó Chủ tịch LĐLĐ huyện Ba Bể",
        "LĐLĐ huyện Ba Bể",
        "Vận động thành lập 02 CĐCS, kết nạp 135 đoàn viên; hỗ trợ xây 02 nhà “Mái ấm Công đoàn”.",
        3,
        139,
    ),
    Nomination(
        "BK",
        "Lục Thị Oanh",
        "Trưởng ban Tổ chức LĐLĐ tỉnh Bắc Kạn",
        "LĐLĐ tỉnh Bắc Kạn",
        "Tham mưu tổ chức 19 lớp tập huấn cho trên 2.200 lượt cán bộ công đoàn các cấp.",
        2,
        214,
    ),
    Nomination(
        "BK",
        "Hoàng Văn Uy",
        "Chủ tịch CĐCS Công ty Cổ phần Khoáng sản Bắc Kạn",
        "LĐLĐ thành phố Bắc Kạn",
        "Thương lượng, ký kết thỏa ước lao động tập thể; không để xảy ra tai nạn lao động nghiêm trọng.",
        5,
        126,
    ),
    Nomination(
        "BK",
        "Hoàng Văn Dũng",
        "Chủ tịch CĐCS Trường THPT Chợ Đồn",
        "Công đoàn ngành Giáo dục tỉnh Bắc Kạn",
        "CĐCS vững mạnh 3 năm liền; giới thiệu 05 đoàn viên ưu tú cho Đảng xem xét kết nạp.",
        1,
        178,
    ),
    # Tuyên Quang (CSV)
    Nomination(
        "TQ",
        "Hà Thiên Ân",
        "Chủ tịch CĐCS Công ty Cổ phần Giấy An Hòa",
        "Công đoàn Khu công nghiệp Long Bình An",
        "Tổ chức “Tết sum vầy” cho 1.100 công nhân; thương lượng tăng giá trị bữa ăn ca.",
        2,
        161,
    ),
    Nomination(
        "TQ",
        "Phạm Hải Yến",
        "Phó Chủ tịch LĐLĐ huyện Sơn Dương",
        "LĐLĐ huyện Sơn Dương",
        "Chỉ đạo thành lập 03 CĐCS doanh nghiệp, kết nạp 410 đoàn viên, đạt 128% chỉ tiêu.",
        4,
        132,
    ),
    Nomination(
        "TQ",
        "Trịnh Văn Dũng",
        "Chủ tịch CĐCS Trường THCS Hồng Thái",
        "LĐLĐ huyện Na Hang",
        "Vận động đoàn viên quyên góp ủng hộ đồng bào bị thiệt hại do cơn bão số 3.",
        3,
        88,
        dang_ky_thi_dua="không",
    ),
    Nomination(
        "TQ",
        "Hoàng Thị Thảo",
        "Trưởng ban Nữ công LĐLĐ tỉnh Tuyên Quang",
        "LĐLĐ tỉnh Tuyên Quang",
        "Tham mưu tổ chức đám cưới tập thể cho 15 cặp đôi công nhân; triển khai hiệu quả "
        "chương trình “Mái ấm Công đoàn”.",
        2,
        219,
    ),
    Nomination(
        "TQ",
        "Lê Văn Cường",
        "Chủ tịch CĐCS Công ty Cổ phần Xi măng Tân Quang",
        "LĐLĐ huyện Yên Sơn",
        "Có 03 sáng kiến được công nhận cấp cơ sở; tổ chức tốt “Tháng Công nhân” năm 2024.",
        6,
        190,
    ),
    # Hà Giang (CSV)
    Nomination(
        "HG",
        "Lò Thị Hà",
        "Chủ tịch CĐCS Trường Phổ thông Dân tộc nội trú huyện Đồng Văn",
        "Công đoàn ngành Giáo dục tỉnh Hà Giang",
        "Vận động đoàn viên hỗ trợ học sinh vùng cao khó khăn; CĐCS vững mạnh tiêu biểu.",
        5,
        148,
    ),
    Nomination(
        "HG",
        "Vương Quang Đạt",
        "Phó Chủ tịch LĐLĐ huyện Yên Minh",
        "LĐLĐ huyện Yên Minh",
        "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND huyện với công nhân lao động; kết nạp 96 đoàn viên.",
        2,
        175,
    ),
    Nomination(
        "HG",
        "Nguyễn Văn Tâm",
        "Chủ tịch CĐCS Công ty Cổ phần Thủy điện Sông Miện",
        "LĐLĐ thành phố Hà Giang",
        "Phối hợp bảo đảm an toàn vệ sinh lao động, không để xảy ra sự cố trong mùa mưa bão.",
        52,
        201,
        ky_luat="có",
    ),
    Nomination(
        "HG",
        "Đặng Thị Quỳnh",
        "Chủ tịch CĐCS Trung tâm Y tế huyện Quản Bạ",
        "Công đoàn ngành Y tế tỉnh Hà Giang",
        "Tổ chức thăm hỏi, hỗ trợ 34 đoàn viên bị ảnh hưởng do thiên tai; CĐCS vững mạnh.",
        4,
        117,
    ),
    Nomination(
        "HG",
        "Sùng Mí Chứ",
        "Chủ tịch Công đoàn ngành Nông nghiệp và Phát triển nông thôn tỉnh Hà Giang",
        "LĐLĐ tỉnh Hà Giang",
        "Chỉ đạo 100% CĐCS trực thuộc đăng ký thi đua; có 02 sáng kiến được công nhận cấp ngành.",
        3,
        232,
    ),
)

# The reason each ineligible 2024 nominee fails, as the rules in RULES_TOML decide it.
INELIGIBLE_2024 = {
    "Nguyễn Thị Yến": {"absent"},
    "Tô Thị Phương": {"months"},
    "Trần Văn Đạt": {"discipline"},
    "Trịnh Văn Dũng": {"register"},
    "Nguyễn Văn Tâm": {"absent", "discipline"},
}

NOMINATIONS_2025 = (
    Nomination(
        "CB",
        "Lý Thị Hạnh",
        "Trưởng ban Tuyên giáo LĐLĐ tỉnh Cao Bằng",
        "LĐLĐ tỉnh Cao Bằng",
        "Tham mưu tuyên truyền sắp xếp tổ chức bộ máy, bảo đảm hoạt động công đoàn thông suốt "
        "sau ngày 01/7/2025.",
        3,
        240,
    ),
    Nomination(
        "CB",
        "Nông Văn Tuấn",
        "Chủ tịch Công đoàn phường Thục Phán",
        "LĐLĐ tỉnh Cao Bằng",
        "Tiếp nhận, kiện toàn 38 CĐCS sau sắp xếp đơn vị hành chính; kết nạp 215 đoàn viên.",
        2,
        131,
    ),
    Nomination(
        "CB",
        "Đàm Thị Xuân",
        "Chủ tịch CĐCS Công ty Cổ phần Xi măng Cao Bằng",
        "Công đoàn phường Nùng Trí Cao",
        "Thương lượng tăng giá trị bữa ăn ca lên 30.000 đồng; tổ chức “Bữa cơm Công đoàn” cho "
        "400 lượt đoàn viên.",
        5,
        104,
    ),
    Nomination(
        "LS",
        "Vi Văn Đức",
        "Phó Chủ tịch LĐLĐ tỉnh Lạng Sơn",
        "LĐLĐ tỉnh Lạng Sơn",
        "Chỉ đạo phát triển 4.785 đoàn viên, thành lập 24 CĐCS, hoàn thành vượt các chỉ tiêu "
        "giao ước thi đua.",
        1,
        217,
    ),
    Nomination(
        "LS",
        "Hoàng Thị Giang",
        "Chủ tịch Công đoàn phường Lương Văn Tri",
        "LĐLĐ tỉnh Lạng Sơn",
        "Tổ chức thăm hỏi, hỗ trợ 86 đoàn viên bị thiệt hại do mưa lũ tháng 10/2025.",
        4,
        156,
    ),
    Nomination(
        "TN",
        "Triệu Đức Long",
        "Chủ tịch Công đoàn xã Ba Bể",
        "LĐLĐ tỉnh Thái Nguyên",
        "Kiện toàn tổ chức công đoàn xã sau sắp xếp; hỗ trợ xây 03 nhà “Mái ấm Công đoàn”.",
        3,
        151,
    ),
    Nomination(
        "TN",
        "Nguyễn Thị Lan Anh",
        "Chủ tịch CĐCS Công ty TNHH May mặc Phú Bình",
        "Công đoàn các Khu công nghiệp tỉnh Thái Nguyên",
        "Kết nạp 1.340 đoàn viên; tổ chức “Tháng Công nhân” năm 2025 cho trên 3.500 công nhân.",
        2,
        127,
    ),
    Nomination(
        "TN",
        "Phan Minh Khôi",
        "Công nhân Tổ bảo dưỡng, Công ty Cổ phần Gang thép Thái Nguyên",
        "Công đoàn Công ty Cổ phần Gang thép Thái Nguyên",
        "Có 02 sáng kiến cải tiến kỹ thuật làm lợi cho doanh nghiệp trên 450 triệu đồng.",
        41,
        98,
    ),
    Nomination(
        "TQ",
        "Phạm Hải Yến",
        "Chủ tịch Công đoàn xã Sơn Dương",
        "LĐLĐ tỉnh Tuyên Quang",
        "Tiếp nhận 41 CĐCS sau sắp xếp; kết nạp 386 đoàn viên, đạt 121% chỉ tiêu.",
        3,
        144,
    ),
    Nomination(
        "TQ",
        "Vương Quang Đạt",
        "Chủ tịch Công đoàn phường Hà Giang 1",
        "LĐLĐ tỉnh Tuyên Quang",
        "Tổ chức hội nghị đối thoại với công nhân lao động; kịp thời hỗ trợ đoàn viên bị thiên tai.",
        2,
        187,
    ),
    Nomination(
        "TQ",
        "Hoàng Thị Thảo",
        "Trưởng ban Nữ công LĐLĐ tỉnh Tuyên Quang",
        "LĐLĐ tỉnh Tuyên Quang",
        "Tham mưu chương trình “Mái ấm Công đoàn” hỗ trợ 63 nhà cho đoàn viên khó khăn.",
        1,
        231,
    ),
)
INELIGIBLE_2025 = {"Phan Minh Khôi": {"absent"}}

# ---------------------------------------------------------------------------------------------
# Per-year meta (meta.toml): issuer, conference, deadlines, document numbers, next year
# ---------------------------------------------------------------------------------------------

RECIPIENTS_BAO_CAO = [
    "Tổng LĐLĐ Việt Nam (để báo cáo);",
    "Ban Thi đua - Khen thưởng Tổng LĐLĐ;",
    "LĐLĐ các tỉnh trong Cụm;",
    "Lưu: VT, TĐKT.",
]
RECIPIENTS_TO_TRINH = [
    "Tổng LĐLĐ Việt Nam (để xem xét);",
    "Ban Thi đua - Khen thưởng Tổng LĐLĐ;",
    "Lưu: VT, TĐKT.",
]
RECIPIENTS_GIAO_UOC = [
    "Tổng LĐLĐ Việt Nam (để báo cáo);",
    "Ban Thi đua - Khen thưởng Tổng LĐLĐ;",
    "LĐLĐ các tỉnh trong Cụm (để thực hiện);",
    "Lưu: VT, TĐKT.",
]


def issuer(code: str) -> dict[str, Any]:
    """The Cụm trưởng of the year issues the cluster's documents."""
    return {
        "unit": code,
        "name": f"LIÊN ĐOÀN LAO ĐỘNG TỈNH {PLACE[code].upper()}",
        "code": "LĐLĐ",
        "place": PLACE[code],
        "signing_for": "TM. BAN THƯỜNG VỤ",
        "signer_title": "CHỦ TỊCH",
        "signer_name": CHU_TICH[code],
    }


def documents(year_end: date, bao_cao: int) -> dict[str, Any]:
    """Document numbers: the báo cáo, the tờ trình right after it (the danh sách is attached
    to the tờ trình and carries its number), and the cluster's giao ước."""
    to_trinh = f"{bao_cao + 1:02d}/TTr-LĐLĐ"
    return {
        "bao_cao": {"number": f"{bao_cao:02d}/BC-LĐLĐ", "date": year_end, "recipients": RECIPIENTS_BAO_CAO},
        "to_trinh": {"number": to_trinh, "date": year_end, "recipients": RECIPIENTS_TO_TRINH},
        "danh_sach": {"number": to_trinh, "date": year_end, "recipients": RECIPIENTS_TO_TRINH},
        "giao_uoc": {"number": "01/GƯTĐ-CTĐ5", "date": year_end, "recipients": RECIPIENTS_GIAO_UOC},
    }


# The cluster only proposes; the Tổng LĐLĐ confers the Cờ and Bằng khen and signs the certificates
# (seed 002: its Phó Chủ tịch Huỳnh Thanh Xuân presented them).
KHEN_THUONG_TLD = {
    "co_quan": "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
    "dia_danh": "Hà Nội",
    "tm": "TM. ĐOÀN CHỦ TỊCH",
    "chuc_vu_ky": "PHÓ CHỦ TỊCH",
    "nguoi_ky": "Huỳnh Thanh Xuân",
}

META: dict[int, dict[str, Any]] = {
    2023: {
        "issuer": issuer("LS"),
        "event": {
            "date": date(2023, 12, 15),
            "place": "tỉnh Lạng Sơn",
            "theme": "Tập trung tổ chức thành công Đại hội Công đoàn các cấp, tiến tới Đại hội XIII "
            "Công đoàn Việt Nam, nhiệm kỳ 2023 - 2028",
            "can_cu": [
                "Luật Thi đua, khen thưởng ngày 26/11/2003 và các Luật sửa đổi, bổ sung;",
                "Hướng dẫn công tác thi đua, khen thưởng năm 2023 của Tổng LĐLĐ Việt Nam;",
                "Giao ước thi đua năm 2023 của Cụm thi đua số 5 ký kết ngày 16/12/2022;",
                "Kết quả chấm điểm, bình xét thi đua năm 2023 của Cụm thi đua số 5.",
            ],
            "attendees": [
                {"name": "Huỳnh Thanh Xuân", "title": "Phó Chủ tịch Tổng LĐLĐ Việt Nam"},
                {
                    "name": "Lương Thị Thu Trang",
                    "title": "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Tỉnh ủy Lạng Sơn",
                },
            ],
        },
        "submissions": {
            "deadline": date(2023, 12, 5),
            "received": {
                "CB": date(2023, 12, 1),
                "BK": date(2023, 12, 4),
                "LS": date(2023, 11, 30),
                "TN": date(2023, 12, 1),
                "TQ": date(2023, 12, 4),
                "HG": date(2023, 12, 5),
            },
        },
        "documents": documents(date(2023, 12, 15), 27),
        "khen_thuong": KHEN_THUONG_TLD,
        "next_year": {
            "cum_truong": "CB",
            "cum_pho": "BK",
            "noi_dung": [
                "Các cấp công đoàn tổ chức triển khai sâu rộng Nghị quyết Đại hội XIII Công đoàn Việt Nam "
                "và Nghị quyết Đại hội Công đoàn các tỉnh; đổi mới nội dung, phương thức hoạt động "
                "hướng về cơ sở.",
                "Các cấp công đoàn tổ chức phong trào thi đua “Lao động giỏi, lao động sáng tạo” gắn với "
                "thi đua lập thành tích chào mừng kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam "
                "(28/7/1929 - 28/7/2024).",
                "Các cấp công đoàn thực hiện tốt chức năng đại diện, bảo vệ quyền, lợi ích hợp pháp, "
                "chính đáng của đoàn viên, người lao động; chủ động tổ chức đối thoại, thương lượng "
                "tập thể tại nơi làm việc.",
                "Các cấp công đoàn tổ chức chăm lo Tết, “Tháng Công nhân”, “Mái ấm Công đoàn”, "
                "“Bữa cơm Công đoàn” thiết thực, hiệu quả cho đoàn viên, người lao động.",
                "Các cấp công đoàn đẩy mạnh phát triển đoàn viên, thành lập công đoàn cơ sở, xây dựng "
                "công đoàn cơ sở vững mạnh; giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp.",
                "Các cấp công đoàn nâng cao chất lượng đào tạo, bồi dưỡng cán bộ công đoàn; đẩy mạnh "
                "ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động công đoàn.",
                "Các cấp công đoàn làm tốt công tác thi đua, khen thưởng; phát hiện, bồi dưỡng, "
                "nhân rộng các điển hình tiên tiến trong công nhân, viên chức, lao động.",
            ],
        },
    },
    2024: {
        "issuer": issuer("CB"),
        "event": {
            "date": date(2024, 12, 21),
            "place": "tỉnh Cao Bằng",
            "theme": "Tập trung đưa nghị quyết đại hội Công đoàn các cấp vào cuộc sống; thi đua lập "
            "thành tích chào mừng kỷ niệm 95 năm ngày Thành lập Công đoàn Việt Nam",
            "can_cu": [
                "Luật Thi đua, khen thưởng năm 2022;",
                "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành "
                "một số điều của Luật Thi đua, khen thưởng;",
                "Hướng dẫn công tác thi đua, khen thưởng năm 2024 của Tổng LĐLĐ Việt Nam;",
                "Giao ước thi đua năm 2024 của Cụm thi đua số 5 ký kết ngày 15/12/2023.",
            ],
            "attendees": [
                {"name": "Huỳnh Thanh Xuân", "title": "Phó Chủ tịch Tổng LĐLĐ Việt Nam"},
                {
                    "name": "Hà Ngọc Giáp",
                    "title": "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Tỉnh ủy Cao Bằng",
                },
            ],
        },
        "submissions": {
            "deadline": date(2024, 12, 10),
            "received": {
                "CB": date(2024, 12, 5),
                "BK": date(2024, 12, 9),
                "LS": date(2024, 12, 6),
                "TN": date(2024, 12, 4),
                "TQ": date(2024, 12, 10),
                "HG": date(2024, 12, 12),
            },
        },
        "documents": documents(date(2024, 12, 21), 34),
        "khen_thuong": KHEN_THUONG_TLD,
        "next_year": {
            "cum_truong": "HG",
            "cum_pho": "TN",
            "noi_dung": [
                "Các cấp công đoàn tổ chức các phong trào thi đua sâu rộng, thiết thực, trọng tâm là "
                "phong trào thi đua “Lao động giỏi, lao động sáng tạo”, thi đua lập thành tích chào mừng "
                "Đại hội Đảng bộ các cấp, tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng.",
                "Các cấp công đoàn tuyên truyền, quán triệt Nghị quyết số 18-NQ/TW của Ban Chấp hành "
                "Trung ương Đảng khóa XII; chủ động tham gia sắp xếp, tinh gọn tổ chức bộ máy công đoàn, "
                "bảo đảm hoạt động thông suốt, không gián đoạn.",
                "Các cấp công đoàn thực hiện tốt chức năng đại diện, bảo vệ quyền, lợi ích hợp pháp, "
                "chính đáng của đoàn viên, người lao động; phối hợp tổ chức hội nghị đối thoại, tiếp xúc "
                "cử tri chuyên đề, thương lượng, ký kết thỏa ước lao động tập thể.",
                "Các cấp công đoàn chăm lo đời sống vật chất, tinh thần cho đoàn viên, người lao động qua "
                "các chương trình “Tết sum vầy”, “Tháng Công nhân”, “Mái ấm Công đoàn”; kịp thời thăm "
                "hỏi, hỗ trợ đoàn viên, người lao động bị ảnh hưởng bởi thiên tai.",
                "Các cấp công đoàn đẩy mạnh phát triển đoàn viên, thành lập công đoàn cơ sở, xây dựng "
                "công đoàn cơ sở vững mạnh; bồi dưỡng, giới thiệu đoàn viên ưu tú cho Đảng xem xét "
                "kết nạp.",
                "Các cấp công đoàn nâng cao chất lượng đào tạo, bồi dưỡng cán bộ công đoàn; đẩy mạnh "
                "chuyển đổi số trong quản lý đoàn viên và hoạt động công đoàn.",
                "Các cấp công đoàn làm tốt công tác thi đua, khen thưởng; kịp thời phát hiện, bồi dưỡng, "
                "biểu dương, nhân rộng các điển hình tiên tiến, mô hình hay, sáng kiến hiệu quả trong "
                "công nhân, viên chức, lao động.",
            ],
        },
    },
    2025: {
        # Hà Giang, elected Cụm trưởng for 2025, merged into Tuyên Quang on 01/7/2025.
        "issuer": issuer("TQ"),
        "event": {
            "date": date(2025, 12, 19),
            "place": "tỉnh Tuyên Quang",
            "theme": "Đổi mới tổ chức, hoạt động công đoàn theo tinh thần tinh gọn, hiệu lực, hiệu quả; "
            "thi đua lập thành tích chào mừng Đại hội Đảng bộ các cấp, tiến tới Đại hội đại biểu "
            "toàn quốc lần thứ XIV của Đảng",
            "can_cu": [
                "Luật Thi đua, khen thưởng năm 2022;",
                "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành "
                "một số điều của Luật Thi đua, khen thưởng;",
                "Hướng dẫn công tác thi đua, khen thưởng năm 2025 của Tổng LĐLĐ Việt Nam;",
                "Giao ước thi đua năm 2025 của Cụm thi đua số 5 ký kết ngày 21/12/2024.",
            ],
            "attendees": [
                {"name": "Huỳnh Thanh Xuân", "title": "Phó Chủ tịch Tổng LĐLĐ Việt Nam"},
                {
                    "name": "Hoàng Việt Phương",
                    "title": "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang",
                },
            ],
        },
        "submissions": {
            "deadline": date(2025, 12, 10),
            "received": {
                "CB": date(2025, 12, 8),
                "LS": date(2025, 12, 9),
                "TN": date(2025, 12, 5),
                "TQ": date(2025, 12, 3),
            },
        },
        "documents": documents(date(2025, 12, 19), 41),
        "khen_thuong": KHEN_THUONG_TLD,
        "next_year": {
            "cum_truong": "TN",
            "cum_pho": "LS",
            "noi_dung": [
                "Các cấp công đoàn tổ chức tuyên truyền, quán triệt Nghị quyết Đại hội đại biểu toàn quốc "
                "lần thứ XIV của Đảng và Nghị quyết Đại hội Đảng bộ các tỉnh, nhiệm kỳ 2025 - 2030 "
                "trong đoàn viên, người lao động.",
                "Các cấp công đoàn tổ chức phong trào thi đua “Lao động giỏi, lao động sáng tạo” gắn với "
                "thi đua lập thành tích chào mừng cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu "
                "Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031.",
                "Các cấp công đoàn kiện toàn, ổn định tổ chức công đoàn xã, phường và công đoàn cơ sở "
                "sau sắp xếp; đổi mới phương thức hoạt động phù hợp với chính quyền địa phương hai cấp.",
                "Các cấp công đoàn thực hiện tốt chức năng đại diện, bảo vệ quyền, lợi ích hợp pháp, "
                "chính đáng của đoàn viên, người lao động; tổ chức đối thoại, thương lượng tập thể "
                "thực chất, hiệu quả.",
                "Các cấp công đoàn tổ chức chăm lo Tết, “Tháng Công nhân”, “Mái ấm Công đoàn”; "
                "hỗ trợ đoàn viên, người lao động khắc phục hậu quả thiên tai, ổn định cuộc sống.",
                "Các cấp công đoàn đẩy mạnh phát triển đoàn viên trong doanh nghiệp ngoài nhà nước; "
                "giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp.",
                "Các cấp công đoàn làm tốt công tác thi đua, khen thưởng; phát hiện, bồi dưỡng, "
                "nhân rộng điển hình tiên tiến, sáng kiến hiệu quả trong công nhân, viên chức, lao động.",
            ],
        },
    },
}

# Comments written above or beside keys of meta.toml, by dotted path.
META_COMMENTS = {
    "issuer": "the Cụm trưởng issues the cluster's documents",
    "submissions.received": "date each unit's submission arrived (lateness penalty)",
    "documents.to_trinh": "tờ trình carrying the commendation list",
    "documents.danh_sach": "attached to the tờ trình, so it carries the same number",
    "next_year": "the Cụm trưởng / Cụm phó elected at the conference, and next year's nội dung",
    "khen_thuong": "the body that confers the awards and signs the certificates",
}

# ---------------------------------------------------------------------------------------------
# Checks: totals of seed 002, relations, scores and awards. All run before anything is written.
# ---------------------------------------------------------------------------------------------

SEED_002_TOTALS = {
    "cdcs": 6_428,
    "cdcs_sxkd": 937,
    "cdcs_hcsn": 5_491,
    "doan_vien": 339_739,
    "cdcs_moi": 132,
    "doan_vien_moi": 25_493,
    "gioi_thieu_dang": 7_417,
    "ket_nap_dang": 4_925,
    "lop_tap_huan": 202,
    "hn_cu_tri": 13,
    "kien_nghi": 122,
    "hn_doi_thoai": 9,
    "thuong_luong": 109,
    "suat_qua": 160_000,
    "mai_am": 225,
    "ho_tro_thien_tai": 4_200,
    "co_thi_dua_tld": 14,
    "bang_khen_tap_the_tld": 74,
    "bang_khen_ca_nhan_tld": 100,
}
# Totals the seed states with a hedge: (lowest, highest) inclusive.
SEED_002_RANGES = {
    "luot_tap_huan": (24_001, 24_499),  # "trên 24.000 lượt"
    "tien_qua": (59_500_000_000, 59_990_000_000),  # "gần 60 tỷ đồng"
    "tien_mai_am": (9_950_000_000, 9_999_000_000),  # "gần 10 tỷ đồng"
    "tien_thien_tai": (9_001_000_000, 9_049_000_000),  # "trên 9 tỷ đồng"
}
NEW_AT_MOST_TOTAL = (("cdcs_moi", "cdcs"), ("doan_vien_moi", "doan_vien"), ("cdcs_vung_manh", "cdcs"))


def by_unit(units: tuple[str, ...], table: Table) -> dict[str, dict[str, int]]:
    """Turn a code → per-unit-column table into unit → code → value."""
    for code, row in table.items():
        assert len(row) == len(units), f"{code}: {len(row)} values for {len(units)} units"
    return {unit: {code: row[i] for code, row in table.items()} for i, unit in enumerate(units)}


def column_totals(table: Table) -> dict[str, int]:
    return {code: sum(row) for code, row in table.items()}


def check_figures(year: int, units: tuple[str, ...], table: Table, submitted_codes: list[str]) -> None:
    assert sorted(table) == sorted(submitted_codes), f"{year}: the table's codes differ from indicators.csv"
    for unit, values in by_unit(units, table).items():
        where = f"{year} {unit}"
        assert values["cdcs_sxkd"] + values["cdcs_hcsn"] == values["cdcs"], f"{where}: sxkd + hcsn ≠ cdcs"
        for new, total in NEW_AT_MOST_TOTAL:
            assert values[new] <= values[total], f"{where}: {new} > {total}"
        assert values["ket_nap_dang"] <= values["gioi_thieu_dang"], f"{where}: kết nạp > giới thiệu"
        assert 0.60 <= values["cdcs_vung_manh"] / values["cdcs"] <= 0.75, f"{where}: cdcs_vung_manh"
        assert all(v >= 0 for v in values.values()), f"{where}: negative value"


def check_2024_totals() -> None:
    totals = column_totals(FIGURES_2024)
    for code, expected in SEED_002_TOTALS.items():
        assert totals[code] == expected, f"2024 {code}: {totals[code]} ≠ seed 002's {expected}"
    for code, (low, high) in SEED_002_RANGES.items():
        assert low <= totals[code] <= high, f"2024 {code}: {totals[code]} outside [{low}, {high}]"
    per_unit = by_unit(FIGURES_2024_UNITS, FIGURES_2024)
    sizes = sorted(per_unit, key=lambda u: per_unit[u]["doan_vien"])
    assert sizes[0] == "BK" and sizes[-1] == "TN", "Bắc Kạn must be the smallest, Thái Nguyên the biggest"
    assert all(100 <= v["sang_kien"] <= 999 for v in per_unit.values()), "sang_kien: a few hundred"


def check_membership_trends() -> None:
    """2023 is 3-8 % below 2024; 2025 merged units fall 10-20 % against their predecessors."""
    v23 = by_unit(FIGURES_2023_UNITS, FIGURES_2023)
    v24 = by_unit(FIGURES_2024_UNITS, FIGURES_2024)
    v25 = by_unit(FIGURES_2025_UNITS, FIGURES_2025)
    for unit in FIGURES_2024_UNITS:
        drop = 1 - v23[unit]["doan_vien"] / v24[unit]["doan_vien"]
        assert 0.03 <= drop <= 0.08, f"2023 {unit}: doan_vien {drop:.1%} below 2024"
    for unit in FIGURES_2025_UNITS:
        group = (unit, *PREDECESSORS.get(unit, ()))
        for code in ("doan_vien", "cdcs_hcsn"):
            before = sum(v24[u][code] for u in group)
            drop = 1 - v25[unit][code] / before
            assert 0.10 <= drop <= 0.20, f"2025 {unit}: {code} {drop:.1%} below its predecessors"


@dataclass
class UnitScore:
    unit: str
    raw_points: float
    penalty: float
    core_met: bool
    core_achievement: float
    breakdown: dict[str, float]

    @property
    def points(self) -> float:
        return self.raw_points - self.penalty


def score_units(
    rules: dict[str, Any],
    results: dict[str, dict[str, int]],
    targets: dict[str, dict[str, int]],
    received: dict[str, date],
    deadline: date,
) -> list[UnitScore]:
    """The scoring the rules describe, as tongket is meant to compute it (no invalid submissions)."""
    cap = rules["scoring"]["cap_pct"]
    scores = []
    for unit, values in results.items():
        breakdown: dict[str, float] = {}
        core: list[float] = []
        for criterion in rules["scoring"]["criteria"]:
            code = criterion["code"]
            achievement = values[code] / targets[unit][code] * 100
            breakdown[code] = criterion["max_points"] * min(achievement, cap) / 100
            if criterion["core"]:
                core.append(achievement)
        late = received[unit] > deadline
        scores.append(
            UnitScore(
                unit=unit,
                raw_points=sum(breakdown.values()),
                penalty=rules["penalty"]["late_points"] if late else 0,
                core_met=all(a >= 100 for a in core),
                core_achievement=sum(core) / len(core),
                breakdown=breakdown,
            )
        )
    return sorted(scores, key=lambda s: (-s.points, -s.core_achievement, s.unit))


def award(rules: dict[str, Any], scores: list[UnitScore]) -> dict[str, str]:
    """unit → award key: higher forms first, each unit at most one form."""
    assert rules["tie_break"]["order"] == ["points", "core_achievement", "code"]
    given: dict[str, str] = {}
    for key, form in rules["awards"].items():
        count = form["count"]
        for score in scores:
            if count == 0:
                break
            if score.unit in given or score.points < form["min_points"]:
                continue
            if form["require_core_targets"] and not score.core_met:
                continue
            given[score.unit] = key
            count -= 1
    return given


def merged_targets(targets: dict[str, dict[str, int]], units: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """A merged unit's target is the sum of its own and its predecessors' pledged targets."""
    merged = {}
    for unit in units:
        group = (unit, *PREDECESSORS.get(unit, ()))
        merged[unit] = {code: sum(targets[u][code] for u in group) for code in TARGET_CODES}
    return merged


def print_scores(year: int, scores: list[UnitScore], awards: dict[str, str]) -> None:
    print(f"Scores {year} (points = raw − penalty; core = mean achievement of core criteria):")
    for rank, s in enumerate(scores, 1):
        core = "met" if s.core_met else "MISSED"
        print(
            f"  {rank}. {s.unit}  {s.points:7.2f} = {s.raw_points:7.2f} − {s.penalty:g}"
            f"   core {core} ({s.core_achievement:6.1f}%)   {awards.get(s.unit, '-')}"
        )


def check_margins(year: int, scores: list[UnitScore]) -> None:
    """No unit within 1 point of a threshold or of its neighbour: rounding cannot change the outcome."""
    ordered = [s.points for s in scores]
    assert all(a - b >= 1 for a, b in itertools.pairwise(ordered)), (year, ordered)
    for s in scores:
        assert all(abs(s.points - t) >= 1 for t in (90, 100)), (year, s.unit, s.points)


def check_scores(rules: dict[str, Any]) -> None:
    """The 2024 sample must reproduce seed 002's awards; 2025 gets a stable, explained outcome."""
    meta24 = META[2024]["submissions"]
    scores = score_units(
        rules,
        by_unit(FIGURES_2024_UNITS, FIGURES_2024),
        by_unit(TARGETS_2024_UNITS, TARGETS_2024),
        meta24["received"],
        meta24["deadline"],
    )
    awards = award(rules, scores)
    print_scores(2024, scores, awards)
    assert awards == {"CB": "co_thi_dua", "TN": "bang_khen_tap_the", "LS": "bang_khen_tap_the"}, awards
    check_margins(2024, scores)
    points = {s.unit: s for s in scores}
    assert [s.unit for s in scores[:3]] == ["CB", "TN", "LS"], "seed 002's order: CB, then TN and LS"
    assert points["CB"].points >= points["TN"].points + 10, "Cao Bằng must be clearly first"
    # Each of the other three fails for its own reason: a missed core target (TQ), the late
    # penalty (HG: enough points on time, too few after the penalty), too few points (BK).
    assert not points["TQ"].core_met and points["TQ"].points >= 90
    assert points["HG"].core_met and points["HG"].raw_points >= 91 and points["HG"].points <= 89
    assert points["BK"].core_met and points["BK"].points <= 89

    # 2025: the merged units are scored against the sum of the targets their predecessors pledged.
    meta25 = META[2025]["submissions"]
    scores25 = score_units(
        rules,
        by_unit(FIGURES_2025_UNITS, FIGURES_2025),
        merged_targets(by_unit(TARGETS_2025_UNITS, TARGETS_2025), FIGURES_2025_UNITS),
        meta25["received"],
        meta25["deadline"],
    )
    awards25 = award(rules, scores25)
    print_scores(2025, scores25, awards25)
    assert awards25 == {"TN": "co_thi_dua", "CB": "bang_khen_tap_the", "LS": "bang_khen_tap_the"}, awards25
    check_margins(2025, scores25)
    assert not {s.unit: s for s in scores25}["TQ"].core_met, "TQ misses doan_vien_moi in 2025"


def eligibility_failures(rules: dict[str, Any], nomination: Nomination) -> set[str]:
    rule = rules["eligibility"]
    failures = set()
    if nomination.so_ngay_nghi > rule["max_absent_days"]:
        failures.add("absent")
    if nomination.so_thang_cong_tac < rule["min_months"]:
        failures.add("months")
    if rule["no_discipline"] and nomination.ky_luat == "có":
        failures.add("discipline")
    if rule["must_register"] and nomination.dang_ky_thi_dua != "có":
        failures.add("register")
    return failures


def check_nominations(rules: dict[str, Any]) -> None:
    for year, nominations, units, expected, minimum in (
        (2024, NOMINATIONS_2024, UNITS_BEFORE_MERGER, INELIGIBLE_2024, 34),
        (2025, NOMINATIONS_2025, UNITS_AFTER_MERGER, INELIGIBLE_2025, 8),
    ):
        assert len(nominations) >= minimum, f"{year}: {len(nominations)} nominations"
        assert {n.unit for n in nominations} == set(units), f"{year}: every unit nominates"
        failing = {n.ho_ten: f for n in nominations if (f := eligibility_failures(rules, n))}
        assert failing == expected, f"{year}: {failing}"
        for n in nominations:
            assert n.ky_luat in ("có", "không") and n.dang_ky_thi_dua in ("có", "không"), n.ho_ten
    given_names = {n.ho_ten.split()[-1] for n in NOMINATIONS_2024}
    sorting_cases = {"Anh", "Ánh", "Ân", "Dũng", "Đức", "Đạt", "Hà", "Hạnh", "Ý", "Yến"}
    assert sorting_cases <= given_names, sorting_cases - given_names


def check_meta(text: str, year: int, units: tuple[str, ...]) -> None:
    meta = tomllib.loads(text)
    assert set(meta["submissions"]["received"]) == set(units), f"{year}: received dates"
    assert meta["issuer"]["unit"] in units, f"{year}: the issuer is a member"
    assert len(meta["next_year"]["noi_dung"]) == 7, f"{year}: seven nội dung"
    assert meta["event"]["date"].year == year


def check_nfc(path: Path, text: str) -> None:
    assert unicodedata.normalize("NFC", text) == text, f"{path}: not NFC"


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        # JSON string escapes are valid in TOML basic strings.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if sum(len(toml_value(v)) for v in value) <= 60:
            return "[" + ", ".join(toml_value(v) for v in value) + "]"
        return "[\n" + "".join(f"    {toml_value(v)},\n" for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def toml_table(path: str, table: dict[str, Any], comments: dict[str, str]) -> list[str]:
    """One TOML table and its sub-tables; arrays of tables for lists of dicts."""
    lines: list[str] = []
    header = f"[{path}]"
    nested: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            nested.append((key, value))
        else:
            lines.append(f"{key} = {toml_value(value)}")
    if lines or path in comments:  # a table holding only sub-tables needs no header of its own
        lines.insert(0, f"{header}  # {comments[path]}" if path in comments else header)
    for key, value in nested:
        sub = f"{path}.{key}"
        if isinstance(value, dict):
            lines += ["", *toml_table(sub, value, comments)] if lines else toml_table(sub, value, comments)
        else:
            for item in value:
                lines += ["", f"[[{sub}]]", *(f"{k} = {toml_value(v)}" for k, v in item.items())]
    return lines


def meta_toml(year: int) -> str:
    lines = [f"# Cụm thi đua số 5, năm {year}: written by tools/make_sample_inputs.py"]
    for key, table in META[year].items():
        lines += ["", *toml_table(key, table, META_COMMENTS)]
    return "\n".join(lines) + "\n"


def csv_text(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def write_text(path: Path, text: str, written: list[Path]) -> None:
    check_nfc(path, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    written.append(path)


def units_csv() -> str:
    header = (
        "ma_don_vi",
        "ten_don_vi",
        "ten_viet_tat",
        "dia_danh",
        "chu_tich",
        "hieu_luc_tu",
        "hieu_luc_den",
        "ke_thua",
        "ten_khac",
    )
    rows = [
        (
            row.code,
            unit_name(row.code),
            unit_short_name(row.code),
            row.place,
            row.chu_tich,
            "",
            row.hieu_luc_den,
            row.ke_thua,
            f"LĐLĐ {row.place};Công đoàn tỉnh {row.place}",
        )
        for row in REGISTRY
    ]
    return csv_text(header, rows)


def targets_csv(units: tuple[str, ...], table: Table) -> str:
    assert tuple(table) == TARGET_CODES
    values = by_unit(units, table)
    rows = [(unit, code, values[unit][code]) for unit in units for code in TARGET_CODES]
    return csv_text(("ma_don_vi", "ma_chi_tieu", "chi_tieu"), rows)


def submission_csv(year: int, unit: str, values: dict[str, int], codes: list[str]) -> str:
    notes = NOTES.get(year, {})
    rows = [(unit, code, values[code], notes.get(code, "")) for code in codes]
    return csv_text(SUBMISSION_CSV_HEADER, rows)


def nominations_csv(nominations: list[Nomination]) -> str:
    rows = [
        (
            n.unit,
            n.ho_ten,
            n.chuc_vu,
            n.don_vi_cong_tac,
            n.hinh_thuc,
            n.thanh_tich,
            n.so_ngay_nghi,
            n.so_thang_cong_tac,
            n.ky_luat,
            n.dang_ky_thi_dua,
        )
        for n in nominations
    ]
    return csv_text(NOMINATION_CSV_HEADER, rows)


def form_workbook(
    year: int,
    unit: str,
    values: dict[str, int],
    indicators: list[dict[str, str]],
    nominations: list[Nomination],
) -> openpyxl.Workbook:
    """The submission form of pipeline/form/layout.py, filled in by one unit."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = FIGURES_SHEET
    ws["A1"] = f"BÁO CÁO SỐ LIỆU PHONG TRÀO THI ĐUA NĂM {year}"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FIGURES_HEADER))
    for row, (label, value) in enumerate(
        ((LABEL_UNIT_CODE, unit), (LABEL_UNIT_NAME, unit_name(unit)), (LABEL_YEAR, year)), start=3
    ):
        ws.cell(row=row, column=1, value=label).font = Font(bold=True)
        ws.cell(row=row, column=2, value=value)
    header_row = 7  # rows 3-5 heading block, row 6 blank
    for column, title in enumerate(FIGURES_HEADER, start=1):
        cell = ws.cell(row=header_row, column=column, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    notes = NOTES.get(year, {})
    for number, indicator in enumerate(indicators, start=1):
        code = indicator["ma_chi_tieu"]
        row = header_row + number
        is_ratio = indicator["phuong_phap"] == "ratio"
        cells = (number, code, indicator["ten_chi_tieu"], indicator["don_vi_tinh"])
        for column, value in enumerate(cells, start=1):
            ws.cell(row=row, column=column, value=value)
        value_cell = ws.cell(row=row, column=5, value=None if is_ratio else values[code])
        value_cell.number_format = "#,##0"
        ws.cell(row=row, column=6, value=RATIO_NOTE if is_ratio else notes.get(code) or None)
    for column, width in zip("ABCDEF", (6, 24, 62, 12, 18, 40), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)

    sheet = wb.create_sheet(NOMINATIONS_SHEET)
    for column, title in enumerate(NOMINATION_COLUMNS, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for number, n in enumerate(nominations, start=1):
        record = {
            "stt": number,
            "ho_ten": n.ho_ten,
            "chuc_vu": n.chuc_vu,
            "don_vi_cong_tac": n.don_vi_cong_tac,
            "hinh_thuc": n.hinh_thuc,
            "thanh_tich": n.thanh_tich,
            "so_ngay_nghi": n.so_ngay_nghi,
            "so_thang_cong_tac": n.so_thang_cong_tac,
            "ky_luat": n.ky_luat,
            "dang_ky_thi_dua": n.dang_ky_thi_dua,
        }
        for column, key in enumerate(NOMINATION_COLUMNS.values(), start=1):
            sheet.cell(row=number + 1, column=column, value=record[key])
    for column, width in enumerate((6, 24, 40, 36, 20, 60, 12, 12, 12, 12), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width

    meta = wb.create_sheet(META_SHEET)
    meta["A1"] = "form_version"
    meta["B1"] = FORM_VERSION
    meta.sheet_state = "hidden"

    wb.properties.creator = "tongket"
    wb.properties.lastModifiedBy = unit_short_name(unit)
    wb.properties.title = f"Báo cáo số liệu thi đua năm {year} - {unit_short_name(unit)}"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def workbook_bytes(wb: openpyxl.Workbook) -> bytes:
    """The xlsx bytes with fixed properties and zip entry times, so reruns give identical files.

    openpyxl's save() stamps the current time into docProps/core.xml and every zip entry, so the
    workbook is written with ExcelWriter directly and then re-zipped with a fixed date.
    """
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return fixed.getvalue()


def check_workbook(data: bytes, unit: str, year: int, values: dict[str, int]) -> None:
    """Read the form back as ingest would: labels, header and numeric values."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[FIGURES_SHEET]
    assert ws["B3"].value == unit and ws["B5"].value == year
    assert tuple(c.value for c in ws[7]) == FIGURES_HEADER
    read = {row[1]: row[4] for row in ws.iter_rows(min_row=8, values_only=True)}
    assert read.pop("ty_le_cdcs_vung_manh") is None
    assert read == values, f"{year} {unit}: the form does not read back"
    assert wb[META_SHEET].sheet_state == "hidden" and wb[META_SHEET]["B1"].value == FORM_VERSION
    assert tuple(c.value for c in wb[NOMINATIONS_SHEET][1]) == tuple(NOMINATION_COLUMNS)


# ---------------------------------------------------------------------------------------------


def read_indicators() -> list[dict[str, str]]:
    with (INPUTS / "indicators.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_year_submissions(
    year: int,
    units: tuple[str, ...],
    table: Table,
    indicators: list[dict[str, str]],
    nominations: tuple[Nomination, ...],
    written: list[Path],
) -> None:
    folder = INPUTS / str(year) / "submissions"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in sorted([*folder.glob("*.csv"), *folder.glob("*.xlsx")]):
        stale.unlink()  # this folder is generated: drop files of units no longer in the sample
    xlsx_units = XLSX_UNITS.get(year, ())
    for unit, values in by_unit(units, table).items():
        if unit in xlsx_units:
            own = [n for n in nominations if n.unit == unit]
            data = workbook_bytes(form_workbook(year, unit, values, indicators, own))
            check_workbook(data, unit, year, values)
            path = folder / f"{unit}_{year}.xlsx"
            path.write_bytes(data)
            written.append(path)
        else:
            codes = [row["ma_chi_tieu"] for row in indicators if row["phuong_phap"] != "ratio"]
            write_text(folder / f"{unit}_{year}.csv", submission_csv(year, unit, values, codes), written)
    if nominations:
        in_csv = [n for n in nominations if n.unit not in xlsx_units]
        write_text(INPUTS / str(year) / "nominations.csv", nominations_csv(in_csv), written)


def main() -> None:
    indicators = read_indicators()
    submitted = [row["ma_chi_tieu"] for row in indicators if row["phuong_phap"] != "ratio"]
    rules = tomllib.loads(RULES_TOML)
    tomllib.loads(BODY_TOML)
    assert sum(c["max_points"] for c in rules["scoring"]["criteria"]) == 100
    assert {c["code"] for c in rules["scoring"]["criteria"]} <= set(TARGET_CODES)

    check_figures(2023, FIGURES_2023_UNITS, FIGURES_2023, submitted)
    check_figures(2024, FIGURES_2024_UNITS, FIGURES_2024, submitted)
    check_figures(2025, FIGURES_2025_UNITS, FIGURES_2025, submitted)
    check_2024_totals()
    check_membership_trends()
    check_scores(rules)
    check_nominations(rules)
    metas = {year: meta_toml(year) for year in META}
    for year, units in ((2023, UNITS_BEFORE_MERGER), (2024, UNITS_BEFORE_MERGER), (2025, UNITS_AFTER_MERGER)):
        check_meta(metas[year], year, units)

    written: list[Path] = []
    write_text(INPUTS / "units.csv", units_csv(), written)
    write_text(INPUTS / "body.toml", BODY_TOML, written)
    write_text(INPUTS / "rules.toml", RULES_TOML, written)
    for year, text in metas.items():
        write_text(INPUTS / str(year) / "meta.toml", text, written)
    write_year_submissions(2023, FIGURES_2023_UNITS, FIGURES_2023, indicators, (), written)
    write_year_submissions(2024, FIGURES_2024_UNITS, FIGURES_2024, indicators, NOMINATIONS_2024, written)
    write_year_submissions(2025, FIGURES_2025_UNITS, FIGURES_2025, indicators, NOMINATIONS_2025, written)
    for year, units, table in (
        (2024, TARGETS_2024_UNITS, TARGETS_2024),
        (2025, TARGETS_2025_UNITS, TARGETS_2025),
        (2026, TARGETS_2026_UNITS, TARGETS_2026),
    ):
        write_text(INPUTS / str(year) / "targets.csv", targets_csv(units, table), written)
    print(f"Wrote {len(written)} files under {INPUTS.relative_to(ROOT)}/", file=sys.stderr)


if __name__ == "__main__":
    main()
