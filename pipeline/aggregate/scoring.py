"""Scores, ranking and commendation choices, driven by the bảng điểm staff edit (inputs/rules.toml).

The rules change every year and differ per group, so nothing here knows a criterion, a weight
or a quota: they all come from the rules file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.errors import InputError
from pipeline.form.layout import AWARD_FORMS
from pipeline.inputs.meta import read_toml, toml_number
from pipeline.model.summary import Award, RejectedNomination, Score, Unit
from pipeline.model.unit_tables import FigureTable

UNIT_AWARD_FORMS = ("co_thi_dua", "bang_khen_tap_the")  # higher form first
# Seed 002's wording; [awards.<form>] thanh_tich in rules.toml overrides it.
DEFAULT_ACHIEVEMENT = {
    "co_thi_dua": "Đơn vị xuất sắc dẫn đầu phong trào thi đua CNVCLĐ và hoạt động công đoàn năm {nam}",
    "bang_khen_tap_the": (
        "Có thành tích xuất sắc trong phong trào thi đua CNVCLĐ và hoạt động công đoàn năm {nam}"
    ),
}


@dataclass
class Criterion:
    code: str
    max_points: float
    core: bool = False


@dataclass
class AwardQuota:
    form: str
    label: str
    count: int | None = None
    share: float | None = None  # fraction of the scored units, rounded down, at least 1
    min_points: float = 0.0
    require_core_targets: bool = True
    achievement: str = ""  # tóm tắt thành tích as printed on the list and certificate; {nam} = year

    def slots(self, scored_units: int) -> int:
        if self.count is not None:
            return self.count
        if self.share is not None:
            return max(1, math.floor(self.share * scored_units))
        return 0


@dataclass
class Eligibility:
    max_absent_days: int | None = None
    min_months: int | None = None
    no_discipline: bool = False
    must_register: bool = False


@dataclass
class Rules:
    criteria: list[Criterion]
    cap_pct: float = 150.0
    late_points: float = 0.0
    invalid_points: float = 0.0
    quotas: list[AwardQuota] = field(default_factory=list)
    tie_break: list[str] = field(default_factory=lambda: ["points", "core_achievement", "code"])
    eligibility: Eligibility = field(default_factory=Eligibility)


def load_rules(path: Path) -> Rules:
    data = read_toml(path)
    scoring = data.get("scoring", {})

    def number(table: dict[str, Any], key: str, default: float | None, section: str) -> float:
        value = toml_number(table, key, default, path, section)
        if value is None:
            raise InputError(f"Tệp {path}, mục [{section}]: thiếu khóa «{key}». Bổ sung rồi chạy lại.")
        return value

    criteria = []
    for item in scoring.get("criteria", []):
        if "code" not in item:
            raise InputError(f"Tệp {path}: một mục [[scoring.criteria]] thiếu khóa «code» (mã chỉ tiêu).")
        section = f"scoring.criteria «{item['code']}»"
        criteria.append(
            Criterion(item["code"], number(item, "max_points", None, section), bool(item.get("core")))
        )
    if not criteria:
        raise InputError(f"Tệp {path}: chưa có tiêu chí chấm điểm nào ([[scoring.criteria]]).")
    quotas = []
    for form in UNIT_AWARD_FORMS:
        quota = data.get("awards", {}).get(form)
        if quota is None:
            continue
        quotas.append(
            AwardQuota(
                form=form,
                label=quota.get("label", AWARD_FORMS[form]),
                count=_whole(toml_number(quota, "count", None, path, f"awards.{form}")),
                share=toml_number(quota, "share", None, path, f"awards.{form}"),
                min_points=number(quota, "min_points", 0, f"awards.{form}"),
                require_core_targets=bool(quota.get("require_core_targets", True)),
                achievement=quota.get("thanh_tich", DEFAULT_ACHIEVEMENT[form]),
            )
        )
    penalty = data.get("penalty", {})
    elig = data.get("eligibility", {})
    return Rules(
        criteria=criteria,
        cap_pct=number(scoring, "cap_pct", 150, "scoring"),
        late_points=number(penalty, "late_points", 0, "penalty"),
        invalid_points=number(penalty, "invalid_points", 0, "penalty"),
        quotas=quotas,
        tie_break=list(data.get("tie_break", {}).get("order", ["points", "core_achievement", "code"])),
        eligibility=Eligibility(
            max_absent_days=_whole(toml_number(elig, "max_absent_days", None, path, "eligibility")),
            min_months=_whole(toml_number(elig, "min_months", None, path, "eligibility")),
            no_discipline=bool(elig.get("no_discipline", False)),
            must_register=bool(elig.get("must_register", False)),
        ),
    )


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)


def _fmt(x: float) -> str:
    return f"{x:.1f}".replace(".", ",").removesuffix(",0")


def score_units(
    rules: Rules,
    units: list[Unit],
    figures: FigureTable,
    late: set[str],
    invalid: set[str],
) -> list[Score]:
    """Score every received unit; rank them with the rules' tie-breaks. Others get no score."""
    received = [u for u in units if u.status == "received"]
    pcts = _achievement(figures, [u.code for u in received], [c.code for c in rules.criteria])
    scores = []
    core_mean: dict[str, float] = {}
    for unit, unit_pcts in zip(received, pcts, strict=True):
        breakdown: dict[str, float] = {}
        core_pcts: list[float] = []
        notes: list[str] = []
        for crit, found in zip(rules.criteria, unit_pcts, strict=True):
            pct = 0.0 if found is None else found
            if found is None:
                notes.append(f"Chưa có chỉ tiêu hoặc kết quả «{crit.code}»: 0 điểm.")
            breakdown[crit.code] = round(crit.max_points * min(pct, rules.cap_pct) / 100, 2)
            if crit.core:
                core_pcts.append(pct)
        penalty = 0.0
        if unit.code in late:
            penalty += rules.late_points
            notes.append(f"Nộp báo cáo muộn: trừ {_fmt(rules.late_points)} điểm.")
        if unit.code in invalid:
            penalty += rules.invalid_points
            notes.append(f"Báo cáo có lỗi phải sửa: trừ {_fmt(rules.invalid_points)} điểm.")
        points = round(sum(breakdown.values()) - penalty, 2)
        scores.append(
            Score(
                unit=unit.code,
                points=points,
                breakdown=breakdown,
                penalty=penalty,
                core_targets_met=all(p >= 100 for p in core_pcts),
                notes=notes,
            )
        )
        core_mean[unit.code] = sum(core_pcts) / len(core_pcts) if core_pcts else 0.0

    def sort_key(score: Score) -> tuple[Any, ...]:
        key: list[Any] = []
        for name in rules.tie_break:
            if name == "points":
                key.append(-score.points)
            elif name == "core_achievement":
                key.append(-core_mean[score.unit])
            elif name == "code":
                key.append(score.unit)
        return (*key, score.unit)

    scores.sort(key=sort_key)
    for rank, score in enumerate(scores, start=1):
        score.rank = rank
    return scores


def _achievement(figures: FigureTable, units: list[str], codes: list[str]) -> list[list[float | None]]:
    """Each unit's result / target % for each criterion (None: no figure, or no target), taken
    from the figure table's column at once: a national ranking reads over a million of them."""
    rows = np.array([figures.value.row_of.get(u, -1) for u in units], dtype=np.int64)
    found = np.full((len(units), len(codes)), np.nan)
    known = rows >= 0
    for j, code in enumerate(codes):
        column = figures.value.column_of.get(code)
        if column is not None:
            found[known, j] = figures.achievement_pct[rows[known], column]
    return [[None if v != v else v for v in row] for row in found.tolist()]


def choose_unit_awards(rules: Rules, scores: list[Score], units: dict[str, Unit], year: int) -> list[Award]:
    """Walk the ranking once per form, higher form first; a unit receives at most one form."""
    awarded: set[str] = set()
    awards: list[Award] = []
    for quota in rules.quotas:
        slots = quota.slots(len(scores))
        for score in scores:
            if slots == 0:
                break
            if score.unit in awarded or score.points < quota.min_points:
                continue
            if quota.require_core_targets and not score.core_targets_met:
                continue
            unit = units[score.unit]
            awards.append(
                Award(
                    form=quota.form,  # type: ignore[arg-type]
                    recipient=unit.name,
                    unit_code=unit.code,
                    unit_name=unit.short_name,
                    achievement=quota.achievement.replace("{nam}", str(year)),
                    reason=(
                        f"{quota.label}: xếp thứ {score.rank}/{len(scores)}, {_fmt(score.points)} điểm "
                        f"(tối thiểu {_fmt(quota.min_points)})"
                        + ("; đạt mọi chỉ tiêu cốt lõi" if score.core_targets_met else "")
                    ),
                )
            )
            awarded.add(score.unit)
            slots -= 1
    return awards


def _yes(text: str) -> bool:
    return text.strip().casefold() in {"có", "co", "x", "1", "yes", "true"}


def _int(text: str) -> int | None:
    try:
        return int(float(str(text).replace(",", ".")))
    except ValueError:
        return None


def check_nominations(
    rules: Rules, nominations: list[dict[str, str]], units: dict[str, Unit]
) -> tuple[list[Award], list[RejectedNomination]]:
    """Individual nominations checked against the eligibility rules; every rejection keeps its reason."""
    accepted: list[Award] = []
    rejected: list[RejectedNomination] = []
    elig = rules.eligibility
    for nom in nominations:
        unit = units.get(nom.get("ma_don_vi", ""))
        unit_name = unit.short_name if unit else nom.get("ma_don_vi", "")
        reasons = []
        absent = _int(nom.get("so_ngay_nghi", "") or "0")
        months = _int(nom.get("so_thang_cong_tac", "") or "")
        if elig.max_absent_days is not None and absent is not None and absent > elig.max_absent_days:
            reasons.append(f"nghỉ {absent} ngày trong năm (quá {elig.max_absent_days} ngày)")
        if elig.min_months is not None and months is not None and months < elig.min_months:
            reasons.append(f"mới công tác {months} tháng (chưa đủ {elig.min_months} tháng)")
        if elig.no_discipline and _yes(nom.get("ky_luat", "")):
            reasons.append("bị kỷ luật trong năm")
        if elig.must_register and not _yes(nom.get("dang_ky_thi_dua", "có")):
            reasons.append("không đăng ký thi đua")
        form = _form_code(nom.get("hinh_thuc", ""))
        if form is None:
            reasons.append(f"hình thức đề nghị «{nom.get('hinh_thuc', '')}» không có trong danh mục")
        position = ", ".join(p for p in (nom.get("chuc_vu", ""), nom.get("don_vi_cong_tac", "")) if p)
        if reasons:
            rejected.append(
                RejectedNomination(
                    recipient=nom.get("ho_ten", ""),
                    form=form or nom.get("hinh_thuc", ""),
                    unit_code=nom.get("ma_don_vi", ""),
                    unit_name=unit_name,
                    position=position or None,
                    reason="Không đủ điều kiện: " + "; ".join(reasons) + ".",
                )
            )
            continue
        accepted.append(
            Award(
                form=form,  # type: ignore[arg-type]  # checked above: a known form
                recipient=nom.get("ho_ten", ""),
                unit_code=nom.get("ma_don_vi", ""),
                unit_name=unit_name,
                position=position or None,
                achievement=nom.get("thanh_tich", ""),
                reason=f"Do {unit_name} đề nghị; đủ điều kiện theo quy định.",
            )
        )
    return accepted, rejected


def _form_code(label: str) -> str | None:
    """The award form code for a label as units write it; None when it is none of ours."""
    text = label.strip().casefold()
    for code, name in AWARD_FORMS.items():
        if text in (code, name.casefold()):
            return code
    return None
