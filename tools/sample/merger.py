"""The 2025 merger (Nghị quyết 202/2025/QH15): Bắc Kạn into Thái Nguyên, Hà Giang into Tuyên Quang.

Who merged into whom comes from the registry's ke_thua column; this module holds the four units'
2025 figures and checks that they fall against their predecessors for the reason the reform gives.
"""

from __future__ import annotations

from tools.sample.figures import FIGURES_2024, FIGURES_2024_UNITS, Table, by_unit, combine
from tools.sample.registry import REGISTRY

UNITS_BEFORE_MERGER = tuple(row.code for row in REGISTRY)
UNITS_AFTER_MERGER = tuple(row.code for row in REGISTRY if not row.hieu_luc_den)
PREDECESSORS = {row.code: (row.ke_thua,) for row in REGISTRY if row.ke_thua}

# fmt: off
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

FIGURES_2025 = combine(FIGURES_2025_UNITS, COUNTS_2025, MONEY_2025)


def check_merger_trend() -> None:
    """Each 2025 unit's doan_vien and cdcs_hcsn fall 10-20 % against the sum of its predecessors' 2024."""
    assert FIGURES_2025_UNITS == UNITS_AFTER_MERGER
    v24 = by_unit(FIGURES_2024_UNITS, FIGURES_2024)
    v25 = by_unit(FIGURES_2025_UNITS, FIGURES_2025)
    for unit in FIGURES_2025_UNITS:
        group = (unit, *PREDECESSORS.get(unit, ()))
        for code in ("doan_vien", "cdcs_hcsn"):
            before = sum(v24[u][code] for u in group)
            drop = 1 - v25[unit][code] / before
            assert 0.10 <= drop <= 0.20, f"2025 {unit}: {code} {drop:.1%} below its predecessors"
