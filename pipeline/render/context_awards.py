"""The commendation lists templates see: proposals by award form, and those not eligible."""

from __future__ import annotations

from typing import Any

from pipeline.form.layout import AWARD_FORMS
from pipeline.model.summary import Award, Summary, Unit
from pipeline.render.collation import person_key
from pipeline.render.context_body import PROVINCE_PREFIX
from pipeline.render.context_values import LazyList, safe_text

# Above this many awarded collectives of one form, the award sentences of the report, the tờ trình
# and the news give the count and refer to the list instead of naming each one in the sentence
# (the commendation list names them all). Templates test it as `liet_ke_toi_da`.
AWARD_NAMES_MAX = 10


def awards_context(summary: Summary) -> dict[str, LazyList]:
    """`khen_thuong`: proposals by form, numbered within each form; people in Vietnamese name order."""
    units = {u.code: u for u in summary.unit_list}
    groups: dict[str, LazyList] = {}
    for form in AWARD_FORMS:
        chosen = [a for a in summary.awards if a.form == form]
        if form == "bang_khen_ca_nhan":
            chosen.sort(key=lambda a: person_key(safe_text(a.recipient)))  # type: ignore[arg-type]
        numbered = list(enumerate(chosen, 1))
        groups[form] = LazyList(numbered, lambda pair: _award(pair[1], pair[0], units))
    return groups


def _award(award: Award, index: int, units: dict[str, Unit]) -> dict[str, Any]:
    unit = units.get(award.unit_code)
    return {
        "stt": index,
        "dia_danh": unit.place if unit else "",
        "ten_tieu_de": _headline_name(unit, award.unit_name),
        "ten": award.recipient,
        "don_vi": award.unit_name,
        "chuc_vu": award.position or "",
        "chuc_vu_don_vi": award.position or award.unit_name,
        "hinh_thuc": AWARD_FORMS.get(award.form, award.form),
        "thanh_tich": award.achievement,
        "ly_do": award.reason,
    }


def rejected_context(summary: Summary) -> LazyList:
    """`khong_du_dieu_kien`: the proposals that did not meet the rules, with the reason."""

    def entry(pair: tuple[int, Any]) -> dict[str, Any]:
        index, r = pair
        return {
            "stt": index,
            "ten": r.recipient,
            "hinh_thuc": AWARD_FORMS.get(r.form, r.form),
            "don_vi": r.unit_name,
            "chuc_vu_don_vi": r.position or r.unit_name,
            "ly_do": r.reason,
        }

    return LazyList(list(enumerate(summary.rejected, 1)), entry)


def _headline_name(unit: Unit | None, fallback: str) -> str:
    """How a news headline names a unit: "Công đoàn Cao Bằng" for a province's LĐLĐ (as seed 002)."""
    if unit and unit.short_name.startswith(PROVINCE_PREFIX):
        return f"Công đoàn {unit.place}"
    return unit.short_name if unit else fallback
