"""The news draft for communications staff: Markdown and HTML from templates/tin-bai.*.j2."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError

from pipeline.render.engine import TAG, TemplateRenderError

MARKDOWN = "tin-bai.md.j2"
HTML = "tin-bai.html.j2"


def output_names(year: int) -> dict[str, str]:
    return {MARKDOWN: f"tin-bai-{year}.md", HTML: f"tin-bai-{year}.html"}


def render_text(env: Environment, name: str, context: Mapping[str, Any]) -> bytes:
    """One text template rendered with the shared environment (its loader reads templates/)."""
    try:
        template = env.get_template(name)
        return template.render(context).encode("utf-8")
    except TemplateNotFound as exc:
        raise TemplateRenderError(name, "", "không tìm thấy tệp mẫu trong thư mục mẫu.") from exc
    except TemplateSyntaxError as exc:
        raise TemplateRenderError(
            name, _tag_on_line(exc.source, exc.lineno), f"sai cú pháp ({exc.message})."
        ) from exc
    except TemplateError as exc:
        raise TemplateRenderError(name, "", f"dùng dữ liệu không có ({exc.message}).") from exc
    except (ValueError, TypeError) as exc:
        raise TemplateRenderError(name, "", f"không điền được giá trị ({exc}).") from exc


def _tag_on_line(source: str | None, line: int) -> str:
    if not source:
        return ""
    lines = source.splitlines()
    tags = TAG.findall(lines[line - 1]) if 0 < line <= len(lines) else []
    return tags[-1] if tags else ""
