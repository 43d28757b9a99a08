"""The one jinja environment every template is rendered with: DOCX (docxtpl), HTML and Markdown."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.formats.vnformat import BLANK, FILTERS

# Markdown is text a person reads and pastes; entities such as "&amp;" or "&#34;" would show up
# literally there. Every other template — DOCX XML (rendered from a string, so no name) and HTML —
# is escaped, which is what keeps "&", "<" and quotes in unit names from breaking the document.
_PLAIN_TEXT_SUFFIXES = (".md.j2", ".txt.j2")


def autoescape_for(template_name: str | None) -> bool:
    """True for every template except plain-text ones (Markdown)."""
    return not (template_name or "").endswith(_PLAIN_TEXT_SUFFIXES)


def _finalize(value: object) -> object:
    # A missing value shows the blank mark of official forms, never the word "None".
    return BLANK if value is None else value


def make_env(templates_dir: Path | None = None) -> Environment:
    """The environment: autoescape, StrictUndefined (a misspelt variable is an error) and the filters."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)) if templates_dir else None,
        autoescape=autoescape_for,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env
