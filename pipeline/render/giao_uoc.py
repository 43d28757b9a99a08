"""Giao ước thi đua for the next year (templates/giao-uoc-thi-dua.docx)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment

from pipeline.render.engine import DocxTemplateFile

TEMPLATE = "giao-uoc-thi-dua.docx"


def output_name(year: int) -> str:
    """Named after the year it pledges for: giao-uoc-thi-dua-2025.docx from the 2024 summary."""
    return f"giao-uoc-thi-dua-{year + 1}.docx"


def render_giao_uoc(
    templates_dir: Path, context: Mapping[str, Any], env: Environment, chart_png: bytes
) -> bytes:
    """The pledge: căn cứ, signing units, nội dung, the target table (one column per unit), signatures.

    Above 60 units the target table has its totals column only: it is widened to the page.
    """
    capped = bool(context["nam_sau_gu"]["ky_o_phu_luc"])
    return DocxTemplateFile(templates_dir / TEMPLATE).render(context, env, chart_png, fill_width=capped)
