"""The change list: every figure that changed since the last run, for staff editing yesterday's drafts.

A re-run never overwrites a draft a person has edited; the new draft goes beside it. This page
tells them what to carry into their copy: which unit, which indicator, old → new, and which
documents show it. It compares the previous summary.json with the new one, read as plain JSON
data, so it still works when the previous run was made by an older tongket.

The parts, each building on the one before:
- `summaries`: the two summary.json files read a line at a time, a national one never whole;
- `diff`: what differs, as data (`FigureDiff.differences()`: path, old value, new value);
- `listing`: the differences worded for staff (`Change`, `Comparison`, `find_changes`);
- `documents`: which drafts show each change, by their sources or by searching their text;
- `page`: the HTML page, written as it goes.
"""

from pipeline.runs.changes.diff import Difference, FigureDiff, diff_files, diff_summaries
from pipeline.runs.changes.documents import document_pieces, find_in_documents, mark_documents
from pipeline.runs.changes.listing import (
    AWARD_WORDS,
    STATUS_WORDS,
    Change,
    Comparison,
    compare_files,
    find_changes,
    find_file_changes,
)
from pipeline.runs.changes.page import (
    CHANGES_DIR,
    NOT_SEARCHED,
    SEARCHED_CHANGES_MAX,
    change_list_name,
    render_html,
    write_html,
)

__all__ = [
    "AWARD_WORDS",
    "CHANGES_DIR",
    "NOT_SEARCHED",
    "SEARCHED_CHANGES_MAX",
    "STATUS_WORDS",
    "Change",
    "Comparison",
    "Difference",
    "FigureDiff",
    "change_list_name",
    "compare_files",
    "diff_files",
    "diff_summaries",
    "document_pieces",
    "find_changes",
    "find_file_changes",
    "find_in_documents",
    "mark_documents",
    "render_html",
    "write_html",
]
