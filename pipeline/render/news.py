"""The news draft for communications staff: Markdown and HTML from templates/tin-bai.*.j2."""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template, TemplateError, TemplateNotFound, TemplateSyntaxError

from pipeline.render.engine import TemplateRenderError, missing_name, tag_on_line

MARKDOWN = "tin-bai.md.j2"
HTML = "tin-bai.html.j2"


def output_names(year: int) -> dict[str, str]:
    return {MARKDOWN: f"tin-bai-{year}.md", HTML: f"tin-bai-{year}.html"}


def render_text(env: Environment, name: str, context: Mapping[str, Any]) -> bytes:
    """One text template rendered with the shared environment (its loader reads templates/)."""
    try:
        template = env.get_template(name)
    except TemplateNotFound as exc:
        raise TemplateRenderError(name, "", "không tìm thấy tệp mẫu trong thư mục mẫu.") from exc
    except TemplateSyntaxError as exc:
        tag = tag_on_line(exc.source or "", exc.lineno)
        raise TemplateRenderError(name, tag, f"sai cú pháp ({exc.message}). Sửa thẻ rồi chạy lại.") from exc
    try:
        return template.render(context).encode("utf-8")
    except (TemplateError, ValueError, TypeError) as exc:
        message = exc.message if isinstance(exc, TemplateError) else str(exc)
        raise TemplateRenderError(name, _failing_tag(template, exc), f"không điền được ({message}).") from exc


def _failing_tag(template: Template, exc: Exception) -> str:
    """The tag on the template line the traceback points at."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == template.filename]
    if not frames or not template.filename or frames[-1].lineno is None:
        return ""
    source = Path(template.filename).read_text(encoding="utf-8")
    return tag_on_line(source, frames[-1].lineno, missing_name(exc))
