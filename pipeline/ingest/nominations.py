"""Commendation nominations: one row of the form's DeNghiKhenThuong sheet or of nominations.csv."""

from __future__ import annotations

import math

from pipeline.form.layout import AWARD_FORMS
from pipeline.formats.numbers import parse_number
from pipeline.formats.text import clean, name_key
from pipeline.model.findings import Finding
from pipeline.model.ingested import NominationRow

NOMINATION_FIELDS = (
    "ma_don_vi",
    "ho_ten",
    "chuc_vu",
    "don_vi_cong_tac",
    "hinh_thuc",
    "thanh_tich",
    "so_ngay_nghi",
    "so_thang_cong_tac",
    "ky_luat",
    "dang_ky_thi_dua",
)
TEXT_FIELDS = ("ho_ten", "chuc_vu", "don_vi_cong_tac", "thanh_tich")
NUMBER_FIELDS = ("so_ngay_nghi", "so_thang_cong_tac")
YES_NO_FIELDS = ("ky_luat", "dang_ky_thi_dua")
YES, NO = "có", "không"

_AWARD_KEYS = {name_key(label): key for key, label in AWARD_FORMS.items()} | {k: k for k in AWARD_FORMS}
_YES_WORDS = {"có", "co", "x", "1", "c", "yes", "true", "đúng"}
_NO_WORDS = {"không", "khong", "ko", "k", "0", "no", "false", "sai", "-"}
_LABELS = {
    "ho_ten": "họ tên",
    "hinh_thuc": "hình thức đề nghị",
    "so_ngay_nghi": "số ngày nghỉ",
    "so_thang_cong_tac": "số tháng công tác",
    "ky_luat": "bị kỷ luật",
    "dang_ky_thi_dua": "đăng ký thi đua",
}


def is_blank_row(raw: dict[str, object]) -> bool:
    return not any(clean(raw.get(f)) for f in NOMINATION_FIELDS if f != "ma_don_vi")


def read_nomination(
    raw: dict[str, object], unit: str, file: str, sheet: str | None, cell: str
) -> tuple[NominationRow, Finding | None]:
    """One nomination from cells keyed by field name (text already decoded to Unicode), and what is wrong."""
    problems: list[str] = []
    text = {name: clean(raw.get(name)) for name in TEXT_FIELDS}
    form_text = clean(raw.get("hinh_thuc"))
    form = _AWARD_KEYS.get(name_key(form_text), "")
    if not text["ho_ten"]:
        problems.append("thiếu họ tên / tên tập thể")
    if not form:
        problems.append(
            f"hình thức «{form_text}» không có trong danh mục ({', '.join(AWARD_FORMS.values())})"
            if form_text
            else "thiếu hình thức đề nghị"
        )
    if form == "bang_khen_ca_nhan" and not text["don_vi_cong_tac"]:
        problems.append("thiếu đơn vị công tác")
    numbers = {}
    for name in NUMBER_FIELDS:
        parsed = parse_number(raw.get(name))
        numbers[name] = parsed.value if parsed.value is not None else math.nan
        if parsed.status == "invalid" or (parsed.value is not None and parsed.value < 0):
            problems.append(f"{_LABELS[name]} «{clean(raw.get(name))}» không phải số hợp lệ")
    flags = {}
    for name in YES_NO_FIELDS:
        flags[name], ok = _yes_no(raw.get(name))
        if not ok:
            problems.append(f"{_LABELS[name]} «{clean(raw.get(name))}» phải ghi có hoặc không")
    row = NominationRow(
        unit,
        text["ho_ten"],
        text["chuc_vu"],
        text["don_vi_cong_tac"],
        form or form_text,
        text["thanh_tich"],
        numbers["so_ngay_nghi"],
        numbers["so_thang_cong_tac"],
        flags["ky_luat"],
        flags["dang_ky_thi_dua"],
        file,
        sheet,
        cell,
    )
    if not problems:
        return row, None
    detail = "; ".join(problems) + "."
    return row, Finding(
        "de-nghi-khong-hop-le",
        unit=unit or None,
        file=file,
        sheet=sheet,
        cell=cell,
        value=text["ho_ten"],
        detail=detail[0].upper() + detail[1:],
    )


def _yes_no(raw: object) -> tuple[str, bool]:
    word = clean(raw).casefold()
    if not word:
        return "", True
    if word in _YES_WORDS:
        return YES, True
    if word in _NO_WORDS:
        return NO, True
    return "", False
