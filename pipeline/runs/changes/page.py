"""The change list as an HTML page for any browser, written as it goes: a whole new batch of units
changes millions of figures, too many to hold as one page in memory."""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import islice
from typing import TextIO

from pipeline.formats.vnformat import so
from pipeline.runs.changes.listing import Change

CHANGES_DIR = "thay-doi"
# Above this many changes (a whole new batch of units, say) the documents are not searched for
# each one: the page still lists every change, and names the documents rewritten instead.
SEARCHED_CHANGES_MAX = 5_000
# At most this many rows on the page (0,8 MB; Chromium lays it out in ~2 s on the 2-core machine,
# 20.000 rows took ~6 s): a whole new national batch changes 3 million figures, a 500 MB page no
# browser opens. The page then says how many there are and where every unit's figures are (the
# annex workbook).
LISTED_CHANGES_MAX = 5_000
NOT_SEARCHED = "không dò"  # the documents cell of such a page
_ROWS_PER_WRITE = 1000


def render_html(
    changes: Sequence[Change], year: int, since: str, now: str, kept: Iterable[tuple[str, str]] = ()
) -> str:
    """The change list as a page for any browser; `kept`: pairs (edited file, new draft beside it)."""
    page = io.StringIO()
    write_html(page, changes, len(changes), year, since=since, now=now, kept=kept)
    return page.getvalue()


def write_html(
    out: TextIO,
    changes: Iterable[Change],
    count: int,
    year: int,
    since: str,
    now: str,
    kept: Iterable[tuple[str, str]] = (),
    not_searched: Sequence[str] | None = None,
    full_list: str | None = None,
    updates: str = "",
) -> None:
    """render_html written as it goes, for a list of changes too long to hold as one page in memory.
    `count`: how many changes there are; `not_searched`: the documents rewritten, when there were
    too many changes to search them (each change's documents cell then says so). Of more than
    LISTED_CHANGES_MAX changes the first that many are listed, and the page names `full_list`, the
    file with every unit's figures; `updates`: the section on the update copies of edited drafts
    (pipeline.runs.living.updates_html)."""
    since_text = f"các bản dự thảo soạn lúc {_when(since)}" if since else "lần soạn văn bản trước"
    out.write(f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Số liệu thay đổi năm {year}</title>
<style>
body {{ font-family: "Times New Roman", serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #888; padding: 4px 8px; vertical-align: top; }}
th {{ background: #eee; }}
td:nth-child(4), td:nth-child(5) {{ text-align: right; white-space: nowrap; }}
</style>
</head>
<body>
<h1>Số liệu thay đổi năm {year}</h1>
<p>Lần chạy lúc {_when(now)} so với {since_text}: {so(count)} thay đổi.</p>
{_kept_part(kept)}{updates}{_not_searched_note(not_searched)}{_cut_note(count, full_list)}<table>
<tr><th>STT</th><th>Đơn vị</th><th>Chỉ tiêu</th><th>Trước</th><th>Sau</th><th>Văn bản có số liệu này</th></tr>
""")
    _write_rows(out, islice(changes, LISTED_CHANGES_MAX), "—" if not_searched is None else NOT_SEARCHED)
    out.write("</table>\n</body>\n</html>\n")


def _write_rows(out: TextIO, changes: Iterable[Change], nowhere: str) -> None:
    """One table row per change, written a thousand at a time; `nowhere`: an empty documents cell."""
    e = html.escape
    escaped: dict[str, str] = {}  # a unit's and an indicator's names recur on many rows

    def cached(text: str) -> str:
        if text not in escaped:
            escaped[text] = e(text)
        return escaped[text]

    rows: list[str] = []
    for i, c in enumerate(changes, 1):
        rows.append(
            f"<tr><td>{i}</td><td>{cached(c.unit)}</td><td>{cached(c.what)}</td><td>{e(c.old)}</td>"
            f"<td>{e(c.new)}</td><td>{'<br>'.join(cached(d) for d in c.documents) or nowhere}</td></tr>\n"
        )
        if len(rows) == _ROWS_PER_WRITE:
            out.write("".join(rows))
            rows.clear()
    out.write("".join(rows))


def _kept_part(kept: Iterable[tuple[str, str]]) -> str:
    e = html.escape
    kept_items = "\n".join(
        f"<li><b>{e(edited)}</b>: bản mới là <b>{e(draft)}</b></li>" for edited, draft in kept
    )
    if not kept_items:
        return ""
    return (
        "<h2>Văn bản đã được sửa tay và được giữ nguyên</h2>\n"
        "<p>tongket không ghi đè lên các văn bản này. Bản mới nằm cùng thư mục; "
        "hãy chép các số liệu dưới đây vào bản đang sửa.</p>\n"
        f"<ul>\n{kept_items}\n</ul>\n"
    )


def _not_searched_note(documents: Sequence[str] | None) -> str:
    if documents is None:
        return ""
    rewritten = ", ".join(f"<b>{html.escape(d)}</b>" for d in documents)
    which = (
        f"Các văn bản soạn lại lần này: {rewritten}." if rewritten else "Lần này không soạn lại văn bản nào."
    )
    return (
        f"<p>Có quá nhiều thay đổi để dò từng văn bản (trên {so(SEARCHED_CHANGES_MAX)}): cột "
        f"«Văn bản có số liệu này» ghi «{NOT_SEARCHED}». {which}</p>\n"
    )


def _cut_note(count: int, full_list: str | None) -> str:
    if count <= LISTED_CHANGES_MAX:
        return ""
    where = (
        f"Số liệu đầy đủ của từng đơn vị có trong <b>{html.escape(full_list)}</b>."
        if full_list
        else "Số liệu đầy đủ của từng đơn vị có trong summary.json."
    )
    return (
        f"<p>Trang này chỉ liệt kê {so(LISTED_CHANGES_MAX)} thay đổi đầu tiên trong số {so(count)} "
        f"(một đợt báo cáo mới của cả khối thay đổi gần như mọi số liệu). {where}</p>\n"
    )


def _when(iso: str) -> str:
    """An ISO time as staff write it: "2024-12-10T02:00:01+07:00" → "02:00 ngày 10/12/2024"."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return html.escape(iso)
    return f"{moment:%H:%M} ngày {moment:%d/%m/%Y}"


def change_list_name(run_time: str) -> str:
    """thay-doi/thay-doi-2024-12-10_020001.html: a page per run that changed something, never overwritten."""
    stamp = run_time[:19].replace("T", "_").replace(":", "")
    return f"{CHANGES_DIR}/thay-doi-{stamp}.html"
