"""Vietnamese number parsing: "1.709" is one thousand seven hundred and nine, "96,5" is 96.5.

A value whose meaning depends on the writer's convention is reported as ambiguous (finding
`so-mo-ho`) together with the reading used, never guessed silently.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from pipeline.formats.text import name_key

Status = Literal["ok", "blank", "invalid", "ambiguous"]

# Counts beyond this are typing accidents (a pasted phone or account number), not data.
LARGEST_VALUE = 1e15
_BLANKS = {"", "-", "–", "—", "x"}
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']+")
_NUMBER_THEN_WORDS = re.compile(r"^([-+−(]?[0-9][0-9.,\s\u00a0\u2009\u202f']*\)?%?)\s*(\D.*)?$")
_GROUPED = re.compile(r"^[1-9][0-9]{0,2}(?:[.,][0-9]{3})+$")
_EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"}
# Words a unit may type after the number, besides the indicator's own unit of measure.
_MONEY_WORDS = {"đ", "đồng", "vnđ", "vnd", "đ.", "(đồng)"}


@dataclass(frozen=True)
class ParsedNumber:
    value: float | None
    status: Status
    detail: str = ""  # Vietnamese: why invalid, or how an ambiguous value was read


def _blank() -> ParsedNumber:
    return ParsedNumber(None, "blank")


def _invalid(detail: str) -> ParsedNumber:
    return ParsedNumber(None, "invalid", detail)


def parse_number(raw: object, kind: str = "so_dem", unit: str = "") -> ParsedNumber:
    """Read one cell or CSV field as a number.

    `kind` is the indicator's kind ("so_dem", "tien", "ty_le"), `unit` its unit of measure:
    "25.493 người" is accepted for an indicator counted in người.
    """
    if raw is None:
        return _blank()
    if isinstance(raw, bool):
        return _invalid("Ô chứa giá trị đúng/sai (TRUE/FALSE), không phải số.")
    if isinstance(raw, int | float):
        return _checked(float(raw), "ok", "")
    if isinstance(raw, dt.date | dt.datetime | dt.time | dt.timedelta):
        return _invalid("Excel đã hiểu giá trị là ngày tháng hoặc giờ; định dạng ô là Number rồi nhập lại.")
    return _parse_text(str(raw), kind, unit)


def _parse_text(raw: str, kind: str, unit: str) -> ParsedNumber:
    text = unicodedata.normalize("NFKC", raw).strip()
    if text.casefold() in _BLANKS:
        return _blank()
    if text.upper() in _EXCEL_ERRORS:
        return _invalid("Ô báo lỗi công thức; sửa công thức hoặc nhập số.")
    match = _NUMBER_THEN_WORDS.match(text)
    if not match:
        return _invalid("")
    number, words = match.group(1), (match.group(2) or "").strip()
    if words and not _is_unit_word(words, kind, unit):
        return _invalid("Có chữ kèm theo số.")
    number = _SPACES.sub("", number)
    negative = number[0] in "-−" or (number[0] == "(" and number.endswith(")"))
    number = number.strip("-+−()")
    percent = number.endswith("%")
    number = number.rstrip("%")
    if percent and kind != "ty_le":
        return _invalid("Chỉ tiêu này không phải tỷ lệ; bỏ dấu %.")
    if (
        not number
        or not number[0].isdigit()
        or not number[-1].isdigit()
        or not set(number) <= set("0123456789.,")
    ):
        return _invalid("")
    value, status, detail = _read_separators(number, kind)
    if value is None:
        return _invalid(detail)
    return _checked(-value if negative else value, status, detail)


def _is_unit_word(words: str, kind: str, unit: str) -> bool:
    key = name_key(words)
    if unit and key == name_key(unit):
        return True
    return kind == "tien" and key in _MONEY_WORDS


def _read_separators(text: str, kind: str) -> tuple[float | None, Status, str]:
    """Dots group thousands and a comma marks decimals; other readings are flagged."""
    dots, commas = text.count("."), text.count(",")
    if not dots and not commas:
        return float(text), "ok", ""
    if dots and commas:
        # Both present: the last one written is the decimal mark, the other groups thousands.
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if decimal == "," else ","
        whole, _, fraction = text.rpartition(decimal)
        if decimal in whole or not _GROUPED.match(whole) or group in fraction:
            return None, "invalid", "Dấu chấm, dấu phẩy đặt sai chỗ."
        return float(whole.replace(group, "") + "." + fraction), "ok", ""
    sep, count = (".", dots) if dots else (",", commas)
    whole, _, fraction = text.partition(sep)
    if count > 1:
        if _GROUPED.match(text):
            return float(text.replace(sep, "")), "ok", ""
        return None, "invalid", "Dấu ngăn cách hàng nghìn đặt sai chỗ."
    groups_thousands = len(fraction) == 3 and _GROUPED.match(text) is not None
    if sep == ".":
        if groups_thousands:
            return float(whole + fraction), "ok", ""
        return float(text), "ambiguous", f"Đã hiểu dấu chấm là dấu thập phân: {text.replace('.', ',')}."
    if not groups_thousands:
        return float(whole + "." + fraction), "ok", ""
    if kind == "ty_le":
        return float(whole + "." + fraction), "ambiguous", f"Đã hiểu dấu phẩy là dấu thập phân: {text}."
    return (
        float(whole + fraction),
        "ambiguous",
        f"Đã hiểu dấu phẩy là dấu ngăn cách hàng nghìn: {whole}.{fraction}.",
    )


def _checked(value: float, status: Status, detail: str) -> ParsedNumber:
    if math.isnan(value) or math.isinf(value):
        return _invalid("")
    if abs(value) > LARGEST_VALUE:
        return _invalid("Số quá lớn.")
    return ParsedNumber(value, status, detail)


def is_whole(value: float) -> bool:
    """True for counts stored as floats by Excel (25493.0, or 0.1 + 0.2 style noise)."""
    return abs(value - round(value)) < 1e-9 * max(1.0, abs(value))


def vn_number(value: float) -> str:
    """339739 -> "339.739", 96.5 -> "96,5": numbers in messages as Vietnamese readers write them."""
    if is_whole(value):
        return f"{round(value):,}".replace(",", ".")
    whole, _, fraction = f"{value:,.2f}".rstrip("0").partition(".")
    return f"{whole.replace(',', '.')},{fraction}" if fraction else whole.replace(",", ".")


def shown(raw: object) -> str:
    """A cell's value as the person who typed it would write it: 2023, 12/05/2024, "hai nghìn"."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return f"{raw:%d/%m/%Y}" if raw.time() == dt.time() else f"{raw:%d/%m/%Y %H:%M}"
    if isinstance(raw, dt.date):
        return f"{raw:%d/%m/%Y}"
    return " ".join(unicodedata.normalize("NFC", str(raw)).split()) if raw is not None else ""
