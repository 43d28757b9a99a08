"""The render stage: the summary model in, the drafts staff edit out (outputs/<Y>/).

Every document is rendered before any is written, so a template a person broke leaves last
night's drafts in place instead of a half-updated set.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.jinja_env import make_env
from pipeline.model import Summary
from pipeline.outputs import write_atomic
from pipeline.render import commendation, giao_uoc, news, report
from pipeline.render.chart import chart_png
from pipeline.render.context import build_context
from pipeline.render.engine import TemplateRenderError

__all__ = ["TemplateRenderError", "render_all", "render_documents"]


def render_documents(summary: Summary, templates_dir: Path) -> dict[str, bytes]:
    """Every draft as bytes, by output file name."""
    year = summary.year
    context = build_context(summary)
    chart = chart_png(summary)
    env = make_env(templates_dir)
    documents: dict[str, bytes] = {
        report.output_name(year): report.render_report(templates_dir, context, env, chart),
    }
    names = commendation.output_names(year)
    for template in (commendation.TO_TRINH, commendation.DANH_SACH):
        documents[names[template]] = commendation.render_docx(templates_dir, template, context, env, chart)
    documents[names["xlsx"]] = commendation.render_xlsx(context)
    documents[names[commendation.KHONG_DU]] = commendation.render_docx(
        templates_dir, commendation.KHONG_DU, context, env, chart
    )
    documents[giao_uoc.output_name(year)] = giao_uoc.render_giao_uoc(templates_dir, context, env, chart)
    for template, name in news.output_names(year).items():
        documents[name] = news.render_text(env, template, context)
    return documents


def render_all(summary: Summary, templates_dir: Path, out_dir: Path) -> list[Path]:
    """Write the drafts into out_dir (outputs/<Y>/) and return their paths.

    bao-cao-tong-ket-<Y>.docx, to-trinh-khen-thuong-<Y>.docx, danh-sach-khen-thuong-<Y>.docx/.xlsx,
    danh-sach-khong-du-dieu-kien-<Y>.docx, giao-uoc-thi-dua-<Y+1>.docx, tin-bai-<Y>.md/.html.
    Raises TemplateRenderError (an InputError) naming the template and tag when one cannot be filled.
    """
    documents = render_documents(summary, templates_dir)
    written = []
    for name, data in documents.items():
        path = out_dir / name
        write_atomic(path, data)
        written.append(path)
    return written
