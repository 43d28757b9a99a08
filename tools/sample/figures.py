"""The figures units submit, as literal tables: 2023 and 2024 (six provinces), with seed 002's totals.

Counts: one row per indicator, one column per unit. Money (đồng): one row per unit, since
eleven-digit amounts for six units do not fit on one line. cdcs_sxkd + cdcs_hcsn = cdcs in every
column. ty_le_cdcs_vung_manh is computed by tongket, so it is never submitted. 2025 is in `merger`.
"""

from __future__ import annotations

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
# fmt: on


def combine(units: tuple[str, ...], counts: Table, money: Table) -> Table:
    """One code → per-unit-column table from the counts and the per-unit money rows."""
    assert tuple(money) == units, "money rows must follow the unit columns"
    return {**counts, **{code: tuple(money[u][i] for u in units) for i, code in enumerate(MONEY_CODES)}}


FIGURES_2023 = combine(FIGURES_2023_UNITS, COUNTS_2023, MONEY_2023)
FIGURES_2024 = combine(FIGURES_2024_UNITS, COUNTS_2024, MONEY_2024)

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
    """The relations between indicators hold for every unit (DOMAIN.md §3)."""
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


def check_2023_trend() -> None:
    """2023 membership is 3-8 % below 2024 in every province."""
    v23 = by_unit(FIGURES_2023_UNITS, FIGURES_2023)
    v24 = by_unit(FIGURES_2024_UNITS, FIGURES_2024)
    for unit in FIGURES_2024_UNITS:
        drop = 1 - v23[unit]["doan_vien"] / v24[unit]["doan_vien"]
        assert 0.03 <= drop <= 0.08, f"2023 {unit}: doan_vien {drop:.1%} below 2024"
