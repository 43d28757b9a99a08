"""The differences between two summaries worded for staff: which unit, which indicator, old → new,
as the documents write them (names from unit_list, numbers in Vietnamese format)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.formats.vnformat import so, so_thap_phan
from pipeline.runs.changes.diff import Difference, FigureDiff, diff_files, diff_summaries

STATUS_WORDS = {"received": "đã gửi báo cáo", "missing": "chưa gửi báo cáo", "excluded": "không tổng hợp"}
AWARD_WORDS = {
    "co_thi_dua": "Cờ thi đua",
    "bang_khen_tap_the": "Bằng khen tập thể",
    "bang_khen_ca_nhan": "Bằng khen cá nhân",
}


@dataclass(slots=True)  # slots: a change list of a whole new batch of units holds millions of them
class Change:
    """One thing that changed. `path` locates it in summary.json, e.g. ("units", "CB", "doan_vien")."""

    path: tuple[str, ...]
    unit: str  # the unit's name as documents show it, or the whole group for totals
    what: str  # the indicator's name, or what else changed
    old: str
    new: str
    documents: list[str] = field(default_factory=list)


@dataclass
class Comparison(FigureDiff):
    """Two summaries compared, as the change list shows them: `changes()` words each difference,
    computed when asked (and again each time: a national list of changes need not be held whole)."""

    @classmethod
    def of(cls, diff: FigureDiff) -> Comparison:
        return cls(diff.old, diff.new, diff.before, diff.after, diff.units)

    def changes(self) -> Iterator[Change]:
        """Every difference worded, in the order of `differences()`."""
        old, new = self.old, self.new
        names = {code: name for code, name, _ in old.listed} | {code: name for code, name, _ in new.listed}
        indicators = self.indicators()
        describe = {code: _indicator(code, indicator) for code, indicator in indicators.items()}
        group = _group_name(new.small) or _group_name(old.small)
        everyone = f"Tổng cộng ({group})" if group else "Tổng cộng"
        for path, before, after in self.differences():
            kind, key = path[0], path[1]
            if kind in ("units", "totals"):
                code = path[-1]
                indicator = indicators.get(code, {})
                who = names.get(key, key) if kind == "units" else everyone
                what = describe.get(code) or _indicator(code, indicator)
                yield Change(path, who, what, _number(before, indicator), _number(after, indicator))
            elif kind == "unit_list":
                yield Change(
                    path,
                    names.get(key, key),
                    "Tình trạng báo cáo",
                    STATUS_WORDS.get(before or "", "—"),
                    STATUS_WORDS.get(after or "", "—"),
                )
            else:
                yield _award_change(Difference(path, before, after))


def _award_change(difference: Difference) -> Change:
    added = difference.new is not None
    award = difference.new if added else difference.old
    form = award.get("form", "")
    return Change(
        difference.path,
        award.get("recipient", ""),
        f"Đề nghị {AWARD_WORDS.get(form, form)}",
        "—" if added else "có đề nghị",
        "có đề nghị" if added else "—",
    )


def find_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every figure, total, unit status and award that differs between two summary.json documents."""
    return list(Comparison.of(diff_summaries(old, new)).changes())


def find_file_changes(old: Path, new: Path) -> list[Change]:
    """find_changes for two summary.json files, read as `compare_files` reads them."""
    return list(compare_files(old, new).changes())


def compare_files(old: Path, new: Path) -> Comparison:
    """Compare two summary.json files a line at a time; raises OSError or ValueError when one
    cannot be read as JSON at all."""
    return Comparison.of(diff_files(old, new))


def _group_name(summary: Mapping[str, Any]) -> str:
    return str((summary.get("body") or {}).get("group_name") or "")


def _indicator(code: str, indicator: Mapping[str, Any]) -> str:
    name = indicator.get("name") or code
    return f"{name} ({indicator['unit']})" if indicator.get("unit") else str(name)


def _number(value: object, indicator: Mapping[str, Any]) -> str:
    if value is None:
        return "—"
    if indicator.get("kind") == "ty_le":
        return f"{so_thap_phan(value, 1)}%"
    if isinstance(value, float) and not value.is_integer():
        return so_thap_phan(value, 2)
    if isinstance(value, int | float) and not isinstance(value, bool):
        # What so() writes ("339.739"), fifty times faster: a new batch of units changes millions.
        return f"{int(value):,}".replace(",", ".")
    return so(value)
