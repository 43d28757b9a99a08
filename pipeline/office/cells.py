"""Cell addresses as Excel shows them, for the sheets tongket reads and writes."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """0 -> "A", 27 -> "AB": the column as Excel shows it (a form's cells, a written sheet's ranges)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
