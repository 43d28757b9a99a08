"""The report's chart: key indicators per unit, as a PNG that is the same bytes for the same summary.

Agg backend (no display on a server), fixed size and dpi, DejaVu Sans (bundled with matplotlib,
so every machine draws the same glyphs, Vietnamese included) and no "Software" metadata.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from pipeline.formats.vnformat import so
from pipeline.model.summary import Summary, Unit
from pipeline.render.context_units import CHART_MAX_UNITS, chart_is_capped

# The panels: these indicators when the summary has them, the first counts of the catalog otherwise.
PREFERRED = ["doan_vien_moi", "cdcs_moi", "gioi_thieu_dang", "suat_qua"]
DPI = 150
SIZE_INCHES = (10.0, 6.2)


def _panels(summary: Summary) -> list[str]:
    present = [c for c in PREFERRED if summary.totals.get(c) is not None]
    others = [
        code
        for code, ind in summary.indicators.items()
        if ind.kind == "so_dem" and code not in present and summary.totals.get(code) is not None
    ]
    return (present + others)[:4]


def _top(summary: Summary, units: list[Unit], code: str) -> list[Unit]:
    """The CHART_MAX_UNITS units with the highest result for `code` (ties in unit order)."""

    def result(unit: Unit) -> float:
        return float(summary.units.get(unit.code, {}).get(code) or 0)

    return sorted(units, key=result, reverse=True)[:CHART_MAX_UNITS]


def chart_png(summary: Summary) -> bytes:
    """Four small bar charts, one per key indicator: each received unit's result, and its target as a mark.

    A body with more units than CHART_MAX_UNITS gets each panel's top units: thousands of bars
    say nothing and take minutes to draw.
    """
    received = summary.received_units()
    capped = chart_is_capped(summary)
    codes = _panels(summary)
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "tongket"}):
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
        axes = figure.subplots(2, 2).flatten() if codes else []
        for ax, code in zip(axes, codes, strict=False):
            indicator = summary.indicators[code]
            units = _top(summary, received, code) if capped else received
            names = [u.place or u.short_name for u in units]
            values = [summary.units.get(u.code, {}).get(code) or 0 for u in units]
            positions = list(range(len(units)))
            ax.barh(positions, values, color="#3b6ea5")
            targets = [summary.figures.get(u.code, {}).get(code) for u in units]
            marks = [
                (p, f.target) for p, f in zip(positions, targets, strict=True) if f and f.target is not None
            ]
            if marks:
                ax.scatter(
                    [t for _, t in marks],
                    [p for p, _ in marks],
                    marker="|",
                    s=220,
                    color="#c0392b",
                    label="Chỉ tiêu",
                    zorder=3,
                )
                ax.legend(loc="lower right", fontsize=7, frameon=False)
            for position, value in zip(positions, values, strict=True):
                ax.text(value, position, f" {so(value)}", va="center", fontsize=7)
            ax.set_yticks(positions, names)
            ax.invert_yaxis()
            ax.set_title(f"{indicator.name} ({indicator.unit})", fontsize=9)
            ax.xaxis.set_visible(False)
            ax.margins(x=0.25)
            for side in ("top", "right", "bottom"):
                ax.spines[side].set_visible(False)
        for ax in list(axes)[len(codes) :]:
            ax.set_visible(False)
        title = f"Một số chỉ tiêu chủ yếu năm {summary.year} theo đơn vị"
        if capped:
            title += f" ({CHART_MAX_UNITS} đơn vị có kết quả cao nhất của mỗi chỉ tiêu)"
        figure.suptitle(title, fontsize=11)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
