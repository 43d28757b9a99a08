"""The render stage: the summary model in, the drafts staff edit out (outputs/<Y>/).

Every document is rendered before any is written, so a template a person broke leaves last
night's drafts in place instead of a half-updated set.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pipeline.formats.jinja_env import make_env
from pipeline.model.summary import Summary
from pipeline.office.atomic import write_atomic
from pipeline.render import commendation, giao_uoc, news, report
from pipeline.render.annex import render_annex
from pipeline.render.chart import chart_png
from pipeline.render.context import annex_name, appendix_is_capped, build_context
from pipeline.render.context_anchors import anchor_context
from pipeline.render.engine import TemplateRenderError

__all__ = ["Progress", "TemplateRenderError", "render_all", "render_documents"]

Job = tuple[str, Callable[[], bytes]]
# Follows the jobs as they run (items, total, label): the runner passes the run log's bar; the
# stage itself never imports the run machinery.
Progress = Callable[[Iterable[Job], int, str], Iterator[Job]]


def no_progress(jobs: Iterable[Job], total: int, label: str) -> Iterator[Job]:
    return iter(jobs)


def render_documents(
    summary: Summary, templates_dir: Path, progress: Progress = no_progress
) -> dict[str, bytes]:
    """Every draft as bytes, by output file name."""
    year = summary.year
    context = build_context(summary)
    drafts = anchor_context(context)  # what the DOCX drafts see: the same values, anchored
    chart = chart_png(summary)
    # The drafts carry anchors (pipeline.formats.anchors) so a person's edited copy can be updated
    # in place; the news text never does: it is pasted elsewhere, and its marks would travel with it.
    env = make_env(templates_dir, anchored=True)
    text_env = make_env(templates_dir)
    names = commendation.output_names(year)
    # Jobs, not calls, so a progress bar can follow them.
    jobs: list[Job] = [
        (report.output_name(year), lambda: report.render_report(templates_dir, drafts, env, chart)),
        *[
            (names[t], functools.partial(commendation.render_docx, templates_dir, t, drafts, env, chart))
            for t in (commendation.TO_TRINH, commendation.DANH_SACH)
        ],
        (names["xlsx"], lambda: commendation.render_xlsx(context)),
        (
            names[commendation.KHONG_DU],
            lambda: commendation.render_docx(templates_dir, commendation.KHONG_DU, drafts, env, chart),
        ),
        (giao_uoc.output_name(year), lambda: giao_uoc.render_giao_uoc(templates_dir, drafts, env, chart)),
        *[
            (name, functools.partial(news.render_text, text_env, template, context))
            for template, name in news.output_names(year).items()
        ],
    ]
    if appendix_is_capped(summary):
        # The report's appendix lists the best-ranked units and refers to this workbook for all.
        jobs.append((annex_name(year), lambda: render_annex(summary)))
    return {name: job() for name, job in progress(jobs, len(jobs), "Soạn văn bản")}


def render_all(
    summary: Summary, templates_dir: Path, out_dir: Path, progress: Progress = no_progress
) -> list[Path]:
    """Write the drafts into out_dir (outputs/<Y>/) and return their paths.

    bao-cao-tong-ket-<Y>.docx, to-trinh-khen-thuong-<Y>.docx, danh-sach-khen-thuong-<Y>.docx/.xlsx,
    danh-sach-khong-du-dieu-kien-<Y>.docx, giao-uoc-thi-dua-<Y+1>.docx, tin-bai-<Y>.md/.html, and
    for a body above APPENDIX_MAX_UNITS units phu-luc-so-lieu-<Y>.xlsx (every unit's figures).
    Raises TemplateRenderError (an InputError) naming the template and tag when one cannot be filled.
    """
    documents = render_documents(summary, templates_dir, progress)
    written = []
    for name, data in documents.items():
        path = out_dir / name
        write_atomic(path, data)
        written.append(path)
    return written
