"""How every workbook tongket writes prints: one policy for xlsxwriter sheets and streamed ones.

Staff print the commendation list, the validation report and the blank form from LibreOffice or
Excel. A sheet left at the defaults prints portrait at 100 %, so a 180-character-wide table ran
over three pages wide with its title cut, and a wrapped cell kept the default row height, its
text running into the next row. `table_setup` picks the page (A4, landscape once the columns are
wider than a portrait page, fitted to one page wide while the print stays readable, header rows
on every page, NĐ 30 margins, page numbers) and `wrapped_height` gives a row the height its
wrapped text needs, since neither xlsxwriter nor a streamed sheet can measure text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

A4 = 9
# Column widths are in characters of the default font; across A4 within the margins below,
# LibreOffice prints about this many at 100 % (measured on the commendation list, Times New Roman).
PORTRAIT_CHARS = 88
LANDSCAPE_CHARS = 132
# Fitted to one page wide, a table more than this many times a landscape page prints below about
# 9 pt: it goes over several pages wide instead, its first columns (what identifies a row) repeated.
FIT_AT_MOST = 1.6
FOOTER = "&CTrang &P/&N"


@dataclass(frozen=True)
class PrintSetup:
    """How a sheet prints: A4 (paper 9), all columns on one page wide, margins in inches."""

    repeat_rows: tuple[int, int] | None = None  # first and last row (0-based) on every page
    paper: int = A4
    landscape: bool = False
    fit_to_width: bool = True
    margins: tuple[float, float, float, float] = (1.18, 0.59, 0.79, 0.79)  # left, right, top, bottom
    centre_horizontally: bool = True
    footer: str = ""  # Excel header/footer codes, e.g. "&CTrang &P/&N"
    repeat_columns: int = 0  # the first N columns on every page, when the table is not fitted


def table_setup(
    widths: Iterable[float],
    header_rows: tuple[int, int] | None = None,
    key_columns: int = 1,
    upright: bool = False,
) -> PrintSetup:
    """The page for a table whose columns are `widths` characters wide, `header_rows` (first, last,
    0-based) repeated on every page; `key_columns` are repeated when it is too wide to fit.
    `upright` keeps a slightly wide table portrait, fitted (a list units sign, NĐ 30's page)."""
    total = sum(widths)
    landscape = total > PORTRAIT_CHARS and not upright
    fit = total <= LANDSCAPE_CHARS * FIT_AT_MOST
    return PrintSetup(
        repeat_rows=header_rows,
        landscape=landscape,
        fit_to_width=fit,
        margins=(0.79, 0.59, 0.79, 0.79) if landscape else (1.18, 0.59, 0.79, 0.79),
        footer=FOOTER,
        repeat_columns=0 if fit else key_columns,
    )


def apply(sheet: Any, setup: PrintSetup) -> None:
    """`setup` on an xlsxwriter worksheet (the streamed writer writes the same XML itself)."""
    sheet.set_paper(setup.paper)
    if setup.landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    left, right, top, bottom = setup.margins
    sheet.set_margins(left=left, right=right, top=top, bottom=bottom)
    if setup.fit_to_width:
        sheet.fit_to_pages(1, 0)
    if setup.centre_horizontally:
        sheet.center_horizontally()
    if setup.repeat_rows:
        sheet.repeat_rows(*setup.repeat_rows)
    if setup.repeat_columns:
        sheet.repeat_columns(0, setup.repeat_columns - 1)
    if setup.footer:
        sheet.set_footer(setup.footer)


# Vietnamese text in Times New Roman 12 pt, printed by LibreOffice from the commendation list: a
# column 40 wide holds 46 to 50 characters a line, one 60 wide 69 to 75; the lower figure is kept.
CHARS_PER_WIDTH = 1.15
BOLD_WIDER = 1.08  # bold letters take this much more room
LINE_POINTS = 1.32  # a line of wrapped text, as a multiple of the font size (LibreOffice, Excel)
PADDING_POINTS = 3.0


def wrapped_height(
    cells: Iterable[tuple[str, float]], font_size: float = 12, bold: bool = False
) -> float | None:
    """The row height (points) that shows every (text, column width) of a wrapped row in full, or
    None when one line does: then the sheet's default height is kept."""
    size = font_size * (BOLD_WIDER if bold else 1)
    lines = max((_lines(text, width, size) for text, width in cells), default=1)
    if lines <= 1:
        return None
    # in whole pixels (0,75 pt), as Excel and xlsxwriter store a height, rounded up
    return math.ceil((lines * font_size * LINE_POINTS + PADDING_POINTS) / 0.75) * 0.75


def _lines(text: str, width: float, font_size: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide (characters of the 11 pt
    default font), word by word as a spreadsheet wraps: a measured estimate, on the safe side."""
    per_line = max(1, math.floor(width * CHARS_PER_WIDTH * 12 / font_size))
    count = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            need = len(word) + (1 if used else 0)
            if used + need <= per_line:
                used += need
                continue
            lines += (1 if used else 0) + (len(word) - 1) // per_line
            used = len(word) % per_line or per_line
        count += lines
    return count
