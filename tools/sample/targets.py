"""The chỉ tiêu giao ước (targets.csv): the 2024 and 2025 pledges were signed by the six provinces
(Dec 2023 and Dec 2024), the 2026 pledge by the four after the merger."""

from __future__ import annotations

from tools.sample.figures import Table, by_unit
from tools.sample.files import csv_text

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

TARGETS = {
    2024: (TARGETS_2024_UNITS, TARGETS_2024),
    2025: (TARGETS_2025_UNITS, TARGETS_2025),
    2026: (TARGETS_2026_UNITS, TARGETS_2026),
}


def targets_csv(units: tuple[str, ...], table: Table) -> str:
    assert tuple(table) == TARGET_CODES
    values = by_unit(units, table)
    rows = [(unit, code, values[unit][code]) for unit in units for code in TARGET_CODES]
    return csv_text(("ma_don_vi", "ma_chi_tieu", "chi_tieu"), rows)
