"""The one jinja environment every template is rendered with: DOCX (docxtpl), HTML and Markdown."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.formats.anchors import anchored_filters, finalize_marking
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


def _finalize_anchored(value: object) -> object:
    return BLANK if value is None else finalize_marking(value)


def make_env(templates_dir: Path | None = None, anchored: bool = False) -> Environment:
    """The environment: autoescape, StrictUndefined (a misspelt variable is an error) and the filters.

    `anchored`: for DOCX drafts, figures the context anchors are printed between invisible marks
    that the DOCX writer turns into bookmarks (pipeline.formats.anchors); never for text outputs.
    """
    env = Environment(
        loader=FileSystemLoader(str(templates_dir)) if templates_dir else None,
        autoescape=autoescape_for,
        undefined=StrictUndefined,
        finalize=_finalize_anchored if anchored else _finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(anchored_filters(FILTERS) if anchored else FILTERS)
    return env
