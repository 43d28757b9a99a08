"""The figures templates see: one entry per figure with its year-on-year change and its target.

`figure_entry` is the one place a figure becomes what a template reads (`so_lieu`, each unit's
`ket_qua`, the rows of the achievement tables), and `totals_context` the one place the body's
totals do: what every figure or total should also carry (a link back to where it came from, how
many units it covers) is added there once and reaches every template.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.model.summary import Figure, Summary

ACHIEVEMENT_WORDS = {"vuot": "Vượt", "dat": "Đạt", "khong_dat": "Không đạt"}


def figure_entry(fig: Figure | None, previous_year: int | None, kind: str) -> dict[str, Any]:
    """A figure, last year's and the change, its target and how far it was met."""
    fig = fig or Figure(value=None)
    return {
        "gia_tri": fig.value,
        "nam_truoc": fig.previous,
        "chenh_lech": fig.change,
        "ty_le_tang": fig.change_pct,
        "nam_so_sanh": previous_year if fig.previous is not None else None,
        "chi_tieu": fig.target,
        "ty_le_dat": fig.achievement_pct,
        "trang_thai": fig.status,
        "danh_gia": ACHIEVEMENT_WORDS.get(fig.status or "", ""),
        "kieu": kind,
    }


def table_unit(kind: str, unit: str) -> str:
    """The unit a table's column heading gives: money is tabled in millions."""
    return "triệu đồng" if kind == "tien" else unit


def target_rows(summary: Summary, figures: Mapping[str, Figure]) -> list[dict[str, Any]]:
    """One row per indicator with a target: for the achievement tables."""
    rows = []
    for code, ind in summary.indicators.items():
        fig = figures.get(code)
        if fig is None or fig.target is None:
            continue
        row = figure_entry(fig, summary.previous_year, ind.kind)
        row.update(ma=code, ten=ind.name, dvt=ind.unit, dvt_bang=table_unit(ind.kind, ind.unit))
        rows.append(row)
    return rows


def indicators_context(summary: Summary) -> dict[str, dict[str, Any]]:
    """`chi_tieu`: each indicator's name, unit and kind, by code."""
    return {
        code: {"ten": i.name, "dvt": i.unit, "dvt_bang": table_unit(i.kind, i.unit), "kieu": i.kind}
        for code, i in summary.indicators.items()
    }


def totals_context(summary: Summary) -> dict[str, Any]:
    """The body's totals: `tong`, `so_lieu`, `tong_nam_truoc` by indicator code, and `chi_tieu_tong`."""
    codes = summary.indicators
    return {
        "tong": {code: summary.totals.get(code) for code in codes},
        "so_lieu": {
            code: figure_entry(summary.total_figures.get(code), summary.previous_year, ind.kind)
            for code, ind in codes.items()
        },
        "tong_nam_truoc": {code: summary.previous_totals.get(code) for code in codes},
        "chi_tieu_tong": target_rows(summary, summary.total_figures),
    }
