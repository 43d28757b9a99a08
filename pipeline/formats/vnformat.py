"""Vietnamese formatting of numbers, dates and money for the documents (DOMAIN.md §6).

Every function here is a jinja filter (see `FILTERS`); templates call them by these names, so
renaming one breaks the staff's templates. Missing figures (None) print as "…", the blank
official forms use, so a gap is visible in the draft instead of a misleading 0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal

LOCALE = "vi_VN"
BLANK = "…"

Number = int | float | Decimal


def _is_blank(value: object) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, float) and math.isnan(value)


def _num(value: object) -> float:
    if isinstance(value, str):
        text = value.strip()
        try:
            return float(text)
        except ValueError:
            # Written the Vietnamese way: "339.739" or "96,5".
            return float(text.replace(".", "").replace(",", "."))
    return float(value)  # type: ignore[arg-type]


def so(value: object) -> str:
    """A whole number with "." grouping thousands: 339739 → "339.739"."""
    if _is_blank(value):
        return BLANK
    return format_decimal(round(_num(value)), format="#,##0", locale=LOCALE)


def so_thap_phan(value: object, chu_so: int = 1) -> str:
    """A number with at most `chu_so` decimals, comma as decimal mark: 96.5 → "96,5", 397.0 → "397"."""
    if _is_blank(value):
        return BLANK
    pattern = "#,##0." + "#" * chu_so if chu_so > 0 else "#,##0"
    return format_decimal(round(_num(value), chu_so), format=pattern, locale=LOCALE)


def phan_tram(value: object, chu_so: int = 1) -> str:
    """A percentage given in percent (the summary stores 96.5 for 96,5 %): 96.5 → "96,5%"."""
    if _is_blank(value):
        return BLANK
    return so_thap_phan(value, chu_so) + "%"


def ty_le(value: object, chu_so: int = 1) -> str:
    """A percentage given as a fraction: 0.965 → "96,5%" (babel's "96%" loses the decimal)."""
    if _is_blank(value):
        return BLANK
    return so_thap_phan(_num(value) * 100, chu_so) + "%"


def so_dem(value: object) -> str:
    """A count as official text writes it: 1–9 take a leading zero ("09 hội nghị"), others as `so`."""
    if _is_blank(value):
        return BLANK
    number = round(_num(value))
    return f"{number:02d}" if 1 <= number <= 9 else so(number)


def _round_significant(value: float, digits: int = 2) -> float:
    if value == 0:
        return 0.0
    exponent = math.floor(math.log10(abs(value))) - digits + 1
    # Half up, as people round by hand (9,85 tỷ → 9,9), not Python's half-to-even.
    scaled = math.floor(abs(value) / 10**exponent + 0.5)
    return math.copysign(scaled * 10**exponent, value)


def _hedge(exact: float, shown: float) -> str:
    # Money and counts are whole numbers: within half a unit means exact (float noise only).
    if abs(exact - shown) < 0.5:
        return ""
    return "gần " if shown > exact else "trên "


def so_uoc(value: object) -> str:
    """A count rounded to 2 significant digits with a hedge: 24310 → "trên 24.000", 160000 → "160.000"."""
    if _is_blank(value):
        return BLANK
    exact = _num(value)
    if abs(exact) < 100:
        return so(exact)
    shown = _round_significant(exact)
    return _hedge(exact, shown) + so(shown)


def tien_uoc(value: object) -> str:
    """Money in đồng, hedged: 59.6e9 → "gần 60 tỷ đồng", 9.04e9 → "trên 9 tỷ đồng", 497e6 → "gần 500 triệu".

    Rounded to 2 significant digits ("gần 5,9 tỷ đồng"); "gần" when rounded up, "trên" when rounded
    down, no hedge when exact. Under a billion the amount is in triệu, under a million in đồng.
    """
    if _is_blank(value):
        return BLANK
    exact = _num(value)
    shown = _round_significant(exact)
    hedge = _hedge(exact, shown)
    if abs(shown) >= 1e9:
        return f"{hedge}{so_thap_phan(shown / 1e9, 1)} tỷ đồng"
    if abs(shown) >= 1e6:
        return f"{hedge}{so_thap_phan(shown / 1e6, 0)} triệu đồng"
    return f"{hedge}{so(shown)} đồng"


def trieu_dong(value: object, chu_so: int = 1) -> str:
    """Money in đồng shown in millions for tables: 59_600_000_000 → "59.600"."""
    if _is_blank(value):
        return BLANK
    return so_thap_phan(_num(value) / 1e6, chu_so)


def so_bang(value: object, kieu: str = "so_dem") -> str:
    """A table cell by the indicator's kind (`kieu`): money in triệu đồng, percentages with decimals."""
    if kieu == "tien":
        return trieu_dong(value)
    if kieu == "ty_le":
        return so_thap_phan(value)
    return so(value)


def kem_dvt(value: object, kieu: str = "so_dem", dvt: str = "") -> str:
    """A figure with its unit for running text: "25.493 người", "09 hội nghị", "gần 60 tỷ đồng", "96,5%"."""
    if kieu == "tien":
        return tien_uoc(value)
    if kieu == "ty_le":
        return phan_tram(value)
    return f"{so_dem(value)} {dvt}".rstrip()


_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", "nghìn", "triệu", "tỷ"]


def _read_triple(number: int, full: bool) -> list[str]:
    """Read 0–999; `full` reads "không trăm" / "lẻ" as a group after a higher group must."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return words


def _read(number: int) -> list[str]:
    if number >= 10**12:
        # Above a thousand billion Vietnamese repeats "tỷ": 2.5e12 → "hai nghìn năm trăm tỷ".
        high, low = divmod(number, 10**9)
        return _read(high) + ["tỷ"] + (_read_tail(low, 3) if low else [])
    groups: list[int] = []
    while number:
        number, rest = divmod(number, 1000)
        groups.append(rest)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index] == 0:
            continue
        words += _read_triple(groups[index], full=bool(words)) + ([_GROUPS[index]] if index else [])
    return words


def _read_tail(number: int, group_count: int) -> list[str]:
    """The part below a higher group (e.g. below "tỷ"), where leading zeros are read out."""
    words: list[str] = []
    for index in range(group_count - 1, -1, -1):
        triple = number // 1000**index % 1000
        if triple:
            words += _read_triple(triple, full=True) + ([_GROUPS[index]] if index else [])
    return words


def bang_chu(value: object, viet_hoa: bool = True) -> str:
    """A whole number in words: 2024 → "Hai nghìn không trăm hai mươi bốn".

    Written here rather than with num2words 0.5.14, whose Vietnamese reads 2024 as "hai nghìn lẻ
    hai mươi bốn" and 9.04e9 without "không trăm" — wrong in an amount written in words.
    """
    if _is_blank(value):
        return BLANK
    number = round(_num(value))
    words = ["không"] if number == 0 else _read(abs(number))
    if number < 0:
        words.insert(0, "âm")
    text = " ".join(words)
    return text[:1].upper() + text[1:] if viet_hoa else text


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


def ngay_dai(value: object) -> str:
    """The long date: "ngày 05 tháng 01 năm 2025"; day < 10 and months 1–2 take a leading zero."""
    if _is_blank(value):
        return "ngày … tháng … năm …"
    day = _as_date(value)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def ngay_ngan(value: object) -> str:
    """The date in running text: "21/12/2024"."""
    if _is_blank(value):
        return "…/…/…"
    day = _as_date(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def dong_dat(value: object, dia_danh: str) -> str:
    """The date line under the Quốc hiệu: "Cao Bằng, ngày 21 tháng 12 năm 2024"."""
    return f"{dia_danh}, {ngay_dai(value)}"


_DOC_NUMBER = re.compile(r"^\s*(\d+)")


def so_van_ban(value: object) -> str:
    """A document number with the leading zero below 10: "5/BC-LĐLĐ" → "05/BC-LĐLĐ", 7 → "07"."""
    if _is_blank(value):
        return BLANK
    text = str(value)
    return _DOC_NUMBER.sub(lambda m: f"{int(m.group(1)):02d}", text, count=1)


def dat_chi_tieu(value: object) -> str:
    """The achievement of a target from a percentage: 397.0 → "đạt 397% chỉ tiêu" (never "vượt 397%")."""
    if _is_blank(value):
        return "chưa có chỉ tiêu"
    return f"đạt {phan_tram(value)} chỉ tiêu"


def vuot_chi_tieu(value: object) -> str:
    """The achievement as the excess: 397.0 → "vượt 297% so với chỉ tiêu"; up to 100 as `dat_chi_tieu`."""
    if _is_blank(value):
        return "chưa có chỉ tiêu"
    excess = _num(value) - 100
    if round(excess, 1) <= 0:
        return dat_chi_tieu(value)
    return f"vượt {phan_tram(excess)} so với chỉ tiêu"


def tang_giam(change_pct: object, nam_truoc: object = None) -> str:
    """A change in percent told in words: 8.5 → "tăng 8,5%", -2 → "giảm 2%", 0 → "bằng"."""
    if _is_blank(change_pct):
        return ""
    pct = _num(change_pct)
    suffix = f" so với năm {nam_truoc}" if not _is_blank(nam_truoc) else ""
    if round(pct, 1) == 0:
        return f"bằng năm {nam_truoc}" if suffix else "không đổi"
    word = "tăng" if pct > 0 else "giảm"
    return f"{word} {phan_tram(abs(pct))}{suffix}"


def so_sanh(so_lieu: Mapping[str, Any]) -> str:
    """A figure's comparison in brackets, with a leading space, or "" when there is nothing to compare.

    Takes an entry of `so_lieu` / `ket_qua`: " (tăng 8,5% so với năm 2023; đạt 105,3% chỉ tiêu)".
    A total of `so_lieu` built from some of the units says so first, and its change names the
    units it is computed on when they are not all of them: " (tổng hợp từ báo cáo của 4/6 đơn vị;
    tăng 2% so với cùng 4 đơn vị năm 2023)"; a withheld change gives its reason instead.
    """
    parts = []
    expected = so_lieu.get("don_vi_du_kien")
    counted = so_lieu.get("don_vi_tong_hop")
    if not _is_blank(expected) and not _is_blank(counted) and _num(counted) < _num(expected):
        parts.append(f"tổng hợp từ báo cáo của {so(counted)}/{so(expected)} đơn vị")
    if not _is_blank(so_lieu.get("ty_le_tang")) and not _is_blank(so_lieu.get("nam_so_sanh")):
        parts.append(_change_words(so_lieu, expected))
    elif so_lieu.get("ly_do_khong_so_sanh"):
        parts.append(str(so_lieu["ly_do_khong_so_sanh"]))
    if not _is_blank(so_lieu.get("ty_le_dat")):
        parts.append(dat_chi_tieu(so_lieu["ty_le_dat"]))
    return f" ({'; '.join(parts)})" if parts else ""


def _change_words(so_lieu: Mapping[str, Any], expected: object) -> str:
    """The change, "so với năm 2023", or "so với cùng 4 đơn vị năm 2023" when computed on fewer
    than all the body's units (the ones with the figure both years)."""
    pct, year, compared = so_lieu["ty_le_tang"], so_lieu["nam_so_sanh"], so_lieu.get("don_vi_so_sanh")
    if _is_blank(compared) or _is_blank(expected) or _num(compared) >= _num(expected):
        return tang_giam(pct, year)
    base = f"cùng {so(compared)} đơn vị năm {year}"
    if round(_num(pct), 1) == 0:
        return f"không đổi so với {base}"
    return f"{tang_giam(pct)} so với {base}"


def liet_ke(items: Iterable[object], noi: str = "và") -> str:
    """Names joined the Vietnamese way: ["A", "B", "C"] → "A, B và C"."""
    names = [str(item) for item in items if not _is_blank(item)]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {noi} {names[-1]}"


def in_hoa(value: object) -> str:
    """Capitals for header lines ("LĐLĐ TỈNH CAO BẰNG"): str.upper handles Vietnamese letters."""
    return "" if _is_blank(value) else str(value).upper()


FILTERS: dict[str, Callable[..., Any]] = {
    "so": so,
    "so_thap_phan": so_thap_phan,
    "phan_tram": phan_tram,
    "ty_le": ty_le,
    "so_dem": so_dem,
    "so_uoc": so_uoc,
    "tien_uoc": tien_uoc,
    "trieu_dong": trieu_dong,
    "so_bang": so_bang,
    "kem_dvt": kem_dvt,
    "bang_chu": bang_chu,
    "ngay_dai": ngay_dai,
    "ngay_ngan": ngay_ngan,
    "dong_dat": dong_dat,
    "so_van_ban": so_van_ban,
    "dat_chi_tieu": dat_chi_tieu,
    "vuot_chi_tieu": vuot_chi_tieu,
    "tang_giam": tang_giam,
    "so_sanh": so_sanh,
    "liet_ke": liet_ke,
    "in_hoa": in_hoa,
}
