"""The units templates see: each unit's entry, the per-unit lists, the ranking and the appendix.

Every list here is a `LazyList`, so building them costs the same for 130.000 units as for 6.
Above APPENDIX_MAX_UNITS received units the report's appendix lists the best-ranked ones and
the annex workbook (`annex_name`, pipeline/render/annex.py) has every unit.
"""

from __future__ import annotations

from typing import Any

from pipeline.formats.vnformat import so
from pipeline.model.summary import Score, Summary, Unit
from pipeline.render.context_figures import figure_entry, target_rows
from pipeline.render.context_values import LazyList

STATUS_WORDS = {"received": "Đã gửi báo cáo", "missing": "Chưa gửi báo cáo", "excluded": "Không tổng hợp"}
INCOMPLETE_WORDS = "Đã gửi, chưa đủ số liệu"  # received, some figures unreadable: see Unit.complete
# Above this many received units the documents list the best-ranked units or give counts, and
# the annex workbook (annex_name) has every unit: see appendix_context and the giao ước's context.
APPENDIX_MAX_UNITS = 60
# Above this many units each panel of the chart draws the units with the highest results.
CHART_MAX_UNITS = 25


class UnitEntries:
    """Makes what a template sees of one unit; the lookups every unit shares are built once."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        self.scores: dict[str, Score] = {s.unit: s for s in summary.scores}
        self.kinds = {code: ind.kind for code, ind in summary.indicators.items()}
        self.short_names = {u.code: u.short_name for u in summary.unit_list}
        self.received = [u for u in summary.unit_list if u.status == "received"]
        self.ranked = sorted(summary.scores, key=lambda s: s.rank)

    def unit(self, unit: Unit) -> dict[str, Any]:
        summary = self.summary
        figures = summary.figures.get(unit.code, {})
        values = summary.units.get(unit.code, {})
        with_target = [f for f in figures.values() if f.target is not None]
        score = self.scores.get(unit.code)
        return {
            "ma": unit.code,
            "ten": unit.name,
            "ten_ngan": unit.short_name,
            "ten_in_hoa": unit.short_name.upper(),
            "dia_danh": unit.place,
            "trang_thai": unit.status,
            "trang_thai_chu": STATUS_WORDS[unit.status] if unit.complete else INCOMPLETE_WORDS,
            "chu_tich": unit.leader or "",
            "ghi_chu": unit.note or "",
            "so_lieu": {code: values.get(code) for code in summary.indicators},
            "ket_qua": {
                code: figure_entry(figures.get(code), summary.previous_year, self.kinds[code])
                for code in summary.indicators
            },
            "so_chi_tieu": len(with_target),
            "so_chi_tieu_dat": sum(1 for f in with_target if f.status in ("vuot", "dat")),
            "diem": score.points if score else None,
            "xep_hang": score.rank if score else None,
        }

    def with_target_rows(self, unit: Unit) -> dict[str, Any]:
        """The unit and `dong`, its rows of indicators with a target (chi_tieu_don_vi)."""
        return {
            **self.unit(unit),
            "dong": target_rows(self.summary, self.summary.figures.get(unit.code, {})),
        }

    def ranking(self, score: Score) -> dict[str, Any]:
        """One row of the ranking table (xep_hang)."""
        return {
            "hang": score.rank,
            "ten_ngan": self.short_names.get(score.unit, score.unit),
            "diem": score.points,
            "diem_thuong": score.bonus,
            "diem_tru": score.penalty,
            "dat_chi_tieu_cot_loi": "Có" if score.core_targets_met else "Không",
            "ghi_chu": "; ".join(score.notes),
        }


def unit_lists(entries: UnitEntries) -> dict[str, LazyList]:
    """The per-unit variables: every unit, by status, their names, the ranking, their targets."""
    units = entries.summary.unit_list
    return {
        "don_vi": LazyList(units, entries.unit),
        "don_vi_bao_cao": LazyList(entries.received, entries.unit),
        "don_vi_thieu": LazyList([u for u in units if u.status == "missing"], entries.unit),
        "don_vi_chua_du": LazyList([u for u in entries.received if not u.complete], entries.unit),
        "don_vi_loai": LazyList([u for u in units if u.status == "excluded"], entries.unit),
        "ten_cac_don_vi": LazyList(units, lambda u: u.short_name),
        "xep_hang": LazyList(entries.ranked, entries.ranking),
        "chi_tieu_don_vi": LazyList(entries.received, entries.with_target_rows),
    }


def annex_name(year: int) -> str:
    """The per-unit workbook that replaces the report's appendix tables for a large body."""
    return f"phu-luc-so-lieu-{year}.xlsx"


def appendix_is_capped(summary: Summary) -> bool:
    return _received_count(summary) > APPENDIX_MAX_UNITS


def chart_is_capped(summary: Summary) -> bool:
    return _received_count(summary) > CHART_MAX_UNITS


def _received_count(summary: Summary) -> int:
    return sum(1 for u in summary.unit_list if u.status == "received")


def _best_ranked(summary: Summary, received: list[Unit]) -> list[Unit]:
    """The APPENDIX_MAX_UNITS received units with the best rank (unranked last, then by code)."""
    rank = {s.unit: s.rank for s in summary.scores}
    last = len(received) + 1
    return sorted(received, key=lambda u: (rank.get(u.code) or last, u.code))[:APPENDIX_MAX_UNITS]


def appendix_context(entries: UnitEntries, lists: dict[str, LazyList]) -> dict[str, Any]:
    """What the report's appendix tables list: every unit, or for a large body the best-scored ones.

    A table of thousands of rows helps no one who signs the report; the totals rows still cover
    every unit and the workbook `annex_name(year)` has them all. `lists` is `unit_lists(entries)`.
    """
    summary, received = entries.summary, entries.received
    capped = appendix_is_capped(summary)
    shown = _best_ranked(summary, received) if capped else received
    note = (
        f"Các Biểu 01 đến 04 chỉ liệt kê {len(shown)} đơn vị xếp hạng thi đua cao nhất trong số "
        f"{so(len(received))} đơn vị đã báo cáo; dòng tổng cộng tính trên tất cả các đơn vị. Số liệu "
        f"đầy đủ của từng đơn vị ở tệp {annex_name(summary.year)} kèm theo báo cáo này."
        if capped
        else ""
    )
    chart_note = (
        f" ({CHART_MAX_UNITS} đơn vị có kết quả cao nhất của mỗi chỉ tiêu)"
        if chart_is_capped(summary)
        else ""
    )
    return {
        "rut_gon": capped,
        "so_don_vi": len(shown),
        "tep_so_lieu": annex_name(summary.year) if capped else "",
        "ghi_chu": note,
        "bieu_do_ghi_chu": chart_note,
        "don_vi_bao_cao": LazyList(shown, entries.unit) if capped else lists["don_vi_bao_cao"],
        "chi_tieu_don_vi": LazyList(shown, entries.with_target_rows) if capped else lists["chi_tieu_don_vi"],
        "xep_hang": (
            LazyList(entries.ranked[:APPENDIX_MAX_UNITS], entries.ranking) if capped else lists["xep_hang"]
        ),
    }
