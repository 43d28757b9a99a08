"""The Vietnamese formatting filters against the examples of DOMAIN.md §6 and the seeds."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.formats import vnformat as f
from pipeline.formats.jinja_env import make_env


@pytest.mark.parametrize(
    ("value", "expected"),
    [(339739, "339.739"), (6428, "6.428"), (937, "937"), (0, "0"), (25493.0, "25.493"), (-1234, "-1.234")],
)
def test_so_groups_thousands_with_dots(value: float, expected: str) -> None:
    assert f.so(value) == expected


def test_decimals_and_percentages_say_which_input_they_take() -> None:
    assert f.so_thap_phan(96.5) == "96,5"
    assert f.so_thap_phan(1234.56, 2) == "1.234,56"
    assert f.phan_tram(96.5) == "96,5%"  # already in percent, as the summary stores it
    assert f.phan_tram(397.0) == "397%"
    assert f.ty_le(0.965) == "96,5%"  # a fraction
    assert f.ty_le(1) == "100%"


@pytest.mark.parametrize(("value", "expected"), [(9, "09"), (1, "01"), (13, "13"), (0, "0"), (1234, "1.234")])
def test_so_dem_leading_zero_for_one_to_nine(value: int, expected: str) -> None:
    assert f.so_dem(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (59_620_000_000, "gần 60 tỷ đồng"),
        (9_040_000_000, "trên 9 tỷ đồng"),
        (9_960_000_000, "gần 10 tỷ đồng"),
        (9_850_000_000, "gần 9,9 tỷ đồng"),
        (5_870_000_000, "gần 5,9 tỷ đồng"),
        (5_920_000_000, "trên 5,9 tỷ đồng"),
        (9_000_000_000, "9 tỷ đồng"),
        (497_000_000, "gần 500 triệu đồng"),
        (75_000_000, "75 triệu đồng"),
        (123_400_000_000, "trên 120 tỷ đồng"),
        (996_000_000, "gần 1 tỷ đồng"),
        (450_000, "450.000 đồng"),
    ],
)
def test_tien_uoc_hedges_rounded_money(value: int, expected: str) -> None:
    assert f.tien_uoc(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(24_310, "trên 24.000"), (160_000, "160.000"), (339_739, "gần 340.000"), (42, "42")],
)
def test_so_uoc_hedges_counts(value: int, expected: str) -> None:
    assert f.so_uoc(value) == expected


@given(st.integers(min_value=1_000_000, max_value=10**13))
def test_tien_uoc_hedge_word_matches_rounding_direction(value: int) -> None:
    text = f.tien_uoc(value)
    shown = f._round_significant(value)
    if shown > value:
        assert text.startswith("gần ")
    elif shown < value:
        assert text.startswith("trên ")
    else:
        assert text[0].isdigit()
    assert text.endswith(" đồng")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 1, 5), "ngày 05 tháng 01 năm 2025"),
        (date(2024, 12, 21), "ngày 21 tháng 12 năm 2024"),
        (date(2025, 2, 14), "ngày 14 tháng 02 năm 2025"),
        (date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
        ("2024-12-21", "ngày 21 tháng 12 năm 2024"),
    ],
)
def test_ngay_dai_leading_zero_rules(value: object, expected: str) -> None:
    assert f.ngay_dai(value) == expected


def test_short_date_and_date_line() -> None:
    assert f.ngay_ngan("2024-12-21") == "21/12/2024"
    assert f.ngay_ngan(date(2020, 2, 4)) == "04/02/2020"
    assert f.dong_dat("2024-12-21", "Cao Bằng") == "Cao Bằng, ngày 21 tháng 12 năm 2024"
    assert f.dong_dat(date(2025, 1, 5), "Cao Bằng") == "Cao Bằng, ngày 05 tháng 01 năm 2025"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, "năm"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (11, "mười một"),
        (105, "một trăm lẻ năm"),
        (2024, "hai nghìn không trăm hai mươi bốn"),
        (1005, "một nghìn không trăm lẻ năm"),
        (339_739, "ba trăm ba mươi chín nghìn bảy trăm ba mươi chín"),
        (9_040_000_000, "chín tỷ không trăm bốn mươi triệu"),
        (1_000_001, "một triệu không trăm lẻ một"),
        (59_600_000_000, "năm mươi chín tỷ sáu trăm triệu"),
        (2_500_000_000_000, "hai nghìn năm trăm tỷ"),
        (0, "không"),
    ],
)
def test_bang_chu_reads_numbers(value: int, expected: str) -> None:
    assert f.bang_chu(value, viet_hoa=False) == expected


def test_bang_chu_capitalises_for_amount_lines() -> None:
    assert f.bang_chu(75_000_000) == "Bảy mươi lăm triệu"


def test_document_numbers_take_leading_zero_below_ten() -> None:
    assert f.so_van_ban("5/BC-LĐLĐ") == "05/BC-LĐLĐ"
    assert f.so_van_ban("34/BC-LĐLĐ") == "34/BC-LĐLĐ"
    assert f.so_van_ban(7) == "07"
    assert f.so_van_ban("   /TTr-LĐLĐ") == "   /TTr-LĐLĐ"


def test_achievement_is_never_told_as_vuot_of_the_whole() -> None:
    assert f.dat_chi_tieu(397.0) == "đạt 397% chỉ tiêu"
    assert f.vuot_chi_tieu(397.0) == "vượt 297% so với chỉ tiêu"
    assert f.vuot_chi_tieu(85.5) == "đạt 85,5% chỉ tiêu"
    assert f.vuot_chi_tieu(100) == "đạt 100% chỉ tiêu"
    assert "397" not in f.vuot_chi_tieu(397)
    assert f.dat_chi_tieu(None) == "chưa có chỉ tiêu"


def test_change_words() -> None:
    assert f.tang_giam(8.5, 2023) == "tăng 8,5% so với năm 2023"
    assert f.tang_giam(-2.0, 2023) == "giảm 2% so với năm 2023"
    assert f.tang_giam(0.0, 2023) == "bằng năm 2023"
    assert f.tang_giam(None, 2023) == ""


def test_lists_and_capitals() -> None:
    assert (
        f.liet_ke(["LĐLĐ tỉnh Thái Nguyên", "LĐLĐ tỉnh Lạng Sơn"])
        == "LĐLĐ tỉnh Thái Nguyên và LĐLĐ tỉnh Lạng Sơn"
    )
    assert f.liet_ke(["A", "B", "C"]) == "A, B và C"
    assert f.liet_ke([]) == ""
    assert f.in_hoa("LĐLĐ tỉnh Bắc Kạn") == "LĐLĐ TỈNH BẮC KẠN"


def test_missing_figures_show_the_blank_mark() -> None:
    for name in ("so", "so_dem", "so_uoc", "tien_uoc", "phan_tram", "ty_le", "bang_chu"):
        assert f.FILTERS[name](None) == "…"
    assert f.ngay_dai(None) == "ngày … tháng … năm …"


def test_env_has_filters_escapes_and_is_strict() -> None:
    env = make_env()
    out = env.from_string("{{ n|so }} {{ t }} {{ x }}").render(n=339739, t="A & <B>", x=None)
    assert out == "339.739 A &amp; &lt;B&gt; …"
    with pytest.raises(Exception, match="khong_co"):
        env.from_string("{{ khong_co }}").render()


def test_so_sanh_brackets_the_comparison_or_says_nothing() -> None:
    fig = {"ty_le_tang": 8.5, "nam_so_sanh": 2023, "ty_le_dat": 105.26}
    assert f.so_sanh(fig) == " (tăng 8,5% so với năm 2023; đạt 105,3% chỉ tiêu)"
    assert f.so_sanh({"ty_le_tang": None, "nam_so_sanh": None, "ty_le_dat": 397.0}) == " (đạt 397% chỉ tiêu)"
    assert f.so_sanh({"ty_le_tang": None, "nam_so_sanh": None, "ty_le_dat": None}) == ""


def test_figures_by_indicator_kind() -> None:
    assert f.so_bang(59_620_000_000, "tien") == "59.620"
    assert f.so_bang(7_500_000, "tien") == "7,5"
    assert f.so_bang(96.5, "ty_le") == "96,5"
    assert f.so_bang(25493, "so_dem") == "25.493"
    assert f.kem_dvt(25493, "so_dem", "người") == "25.493 người"
    assert f.kem_dvt(9, "so_dem", "hội nghị") == "09 hội nghị"
    assert f.kem_dvt(59_620_000_000, "tien", "đồng") == "gần 60 tỷ đồng"
    assert f.kem_dvt(96.5, "ty_le", "%") == "96,5%"
