"""Cells as tongket writes them: addresses as Excel shows them, and text that never turns into a formula.

A unit's note, a nominee's name or a file name is input: typed into a spreadsheet cell it could be
`=HYPERLINK("http://…","Bấm vào đây")` or `=cmd|' /C calc'!A0`, which Excel runs when someone opens
tongket's output. OWASP's advice against CSV/formula injection is followed in both formats:

- XLSX: every text is a string cell (xlsxwriter with `WORKBOOK_OPTIONS`, or the inline strings of
  pipeline/office/xlsx_stream.py), which Excel and LibreOffice show as typed and never evaluate;
  links are not made from text either. Formulas are written only by tongket itself (write_formula).
- CSV: a text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe
  (`csv_safe`); one already starting with an apostrophe gets another, so `csv_typed` gives back exactly
  what was typed when tongket reads its own CSV files again. Number columns are left as they are.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
# Options for every xlsxwriter workbook tongket writes: no formula and no link from a written string.
WORKBOOK_OPTIONS: dict[str, Any] = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}


def column_letter(index: int) -> str:
    """0 -> "A", 27 -> "AB": the column as Excel shows it (a form's cells, a written sheet's ranges)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def csv_safe(text: str) -> str:
    """`text` as a CSV cell a spreadsheet shows as text: see the module doc."""
    return _QUOTE + text if text.startswith(FORMULA_START) or text.startswith(_QUOTE) else text


def csv_typed(text: str) -> str:
    """What was typed, from a cell `csv_safe` wrote."""
    return text[1:] if text.startswith(_QUOTE) else text


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text cell made `csv_safe` (a new frame only where a cell changes).

    Categorical columns change their categories only: a national ingested.csv has 3 million rows but
    a few thousand distinct notes."""
    return _map_text(frame, csv_safe)


def csv_typed_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame `csv_safe_frame` was given, from the CSV file it wrote and pandas read back."""
    return _map_text(frame, csv_typed)


def _map_text(frame: pd.DataFrame, change: Any) -> pd.DataFrame:
    changed: dict[str, pd.Series] = {}
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            categories = column.cat.categories
            if _is_text(categories.dtype) and _needs(categories, change):
                changed[name] = column.cat.rename_categories([_apply(change, c) for c in categories])
        elif _is_text(column.dtype) and _needs(column, change):
            changed[name] = column.map(lambda value: _apply(change, value))
    return frame.assign(**changed) if changed else frame


def _is_text(dtype: Any) -> bool:
    """Object columns, and pandas' own string dtype (pandas 3 reads text as it by default)."""
    return pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)


def _needs(values: Any, change: Any) -> bool:
    return any(isinstance(v, str) and change(v) != v for v in values)


def _apply(change: Any, value: object) -> object:
    return change(value) if isinstance(value, str) else value
