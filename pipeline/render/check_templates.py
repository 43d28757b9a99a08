"""`tongket check-templates`: find what would break in the templates before a run does.

For every file in templates/: Jinja syntax, tags that Word split across runs or paragraphs,
paragraph/row/cell tags sharing their paragraph/row/cell with text docxtpl would delete,
variables and filters the render context does not have, and blocks that do nothing. Each
finding names the template and the tag, with a Vietnamese message saying what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.errors import InputError
from pipeline.formats.jinja_env import make_env
from pipeline.inputs.catalog import load_indicators
from pipeline.model.summary import Indicator, Summary
from pipeline.paths import INDICATORS_FILE
from pipeline.render import commendation, giao_uoc, news, report
from pipeline.render.check_templates_jinja import ANY, check_source
from pipeline.render.check_templates_problem import Severity, TemplateProblem
from pipeline.render.check_templates_word import SPLIT_MESSAGE, check_docx
from pipeline.render.context import build_context
from pipeline.render.specimen import specimen_summary

# The names the CLI and the tests import from here.
__all__ = ["ANY", "SPLIT_MESSAGE", "Severity", "TemplateProblem", "check_templates", "template_contexts"]

CERTIFICATE_TEMPLATE = "bang-khen.docx"


def _specimen() -> Summary:
    path = resources.sample() / INDICATORS_FILE  # the standard catalog tongket ships
    try:
        return specimen_summary(load_indicators(path))
    except InputError:
        core = ["cdcs", "doan_vien", "doan_vien_moi", "cdcs_moi"]
        return specimen_summary({c: Indicator(c, c, "người", "khac", "so_dem", "sum") for c in core})


def template_contexts(summary: Summary) -> dict[str, dict[str, Any]]:
    """The variables each known template is rendered with (DOCX ones also get the chart `bieu_do`)."""
    base = build_context(summary)
    docx = {**base, "bieu_do": ANY}
    contexts: dict[str, dict[str, Any]] = {
        report.TEMPLATE: docx,
        giao_uoc.TEMPLATE: docx,
        commendation.TO_TRINH: docx,
        commendation.DANH_SACH: docx,
        commendation.KHONG_DU: docx,
        news.MARKDOWN: base,
        news.HTML: base,
    }
    try:
        from pipeline.render.certificates import certificate_context  # optional part, see except

        if summary.awards:
            contexts[CERTIFICATE_TEMPLATE] = certificate_context(summary, summary.awards[0])
    except ImportError:  # certificates are optional; without them their template is simply unused
        pass
    return contexts


def check_templates(templates_dir: Path, summary: Summary | None = None) -> list[TemplateProblem]:
    """Every problem in templates_dir; `summary` (e.g. last run's) sharpens the variable check."""
    if not templates_dir.is_dir():
        return [TemplateProblem(str(templates_dir), "", "không có thư mục mẫu.", "khong-co-thu-muc")]
    env = make_env(templates_dir)
    contexts = template_contexts(summary or _specimen())
    problems: list[TemplateProblem] = []
    present = {p.name for p in templates_dir.iterdir() if p.is_file()}
    for name in sorted(set(contexts) - present):
        problems.append(
            TemplateProblem(name, "", "thiếu tệp mẫu: tongket không soạn được văn bản này.", "thieu-mau")
        )
    for path in sorted(templates_dir.rglob("*")):
        name = path.relative_to(templates_dir).as_posix()
        if path.name.startswith((".", "~$")) or not path.is_file():
            continue  # hidden files and Word's lock files
        if path.suffix == ".docx":
            problems += check_docx(path, name, env, contexts.get(name))
        elif path.name.endswith(".j2"):
            problems += check_source(name, path.read_text(encoding="utf-8"), env, contexts.get(name))
        else:
            continue
        # Templates in sub-folders belong to other stages (validation/ ...): checked, not matched.
        if name not in contexts and "/" not in name:
            problems.append(
                TemplateProblem(
                    name,
                    "",
                    "tongket không dùng mẫu này (tên tệp không khớp mẫu nào).",
                    "mau-khong-dung",
                    "canh_bao",
                )
            )
    return problems
