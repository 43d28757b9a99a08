"""Báo cáo tổng kết: the year's summary report (templates/bao-cao-tong-ket.docx)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment

from pipeline.render.engine import DocxTemplateFile

TEMPLATE = "bao-cao-tong-ket.docx"


def output_name(year: int) -> str:
    return f"bao-cao-tong-ket-{year}.docx"


def render_report(
    templates_dir: Path, context: Mapping[str, Any], env: Environment, chart_png: bytes
) -> bytes:
    """The report with its appendix tables and the chart of key indicators per unit."""
    return DocxTemplateFile(templates_dir / TEMPLATE).render(context, env, chart_png)
