"""`tongket links`: a new private link for each unit, written as CSV and XLSX for a mail merge.

Only the hash of each token is kept (inputs/portal/<Y>/links.json), so the list can be printed
once: running the command again issues new links and the old ones stop working. The list itself
is a secret (whoever has a link submits for that unit): it is written beside the hashes, readable
by its owner only, never under outputs/ which staff share.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import xlsxwriter

from pipeline.errors import InputError
from pipeline.inputs.catalog import load_registry
from pipeline.office.atomic import replace_atomic
from pipeline.paths import UNITS_FILE, Paths
from pipeline.portal.store import PortalStore

COLUMNS = ("ma_don_vi", "ten_don_vi", "url")


def _base(base_url: str) -> str:
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise InputError(
            f"--base-url «{base_url}» không phải địa chỉ web; ghi dạng http://192.168.1.10:8000 "
            "(địa chỉ máy chạy «tongket serve» mà các đơn vị mở được)."
        )
    return base_url.strip().rstrip("/")


def _chosen(paths: Paths, codes: list[str]) -> list[tuple[str, str]]:
    active = {u.code: u.name for u in load_registry(paths.inputs / UNITS_FILE).active(paths.year)}
    unknown = [c for c in codes if c not in active]
    if unknown:
        raise InputError(
            f"Mã đơn vị {', '.join(unknown)} không có trong {paths.inputs / UNITS_FILE} năm {paths.year}. "
            f"Các mã: {', '.join(active)}."
        )
    return [(c, active[c]) for c in (codes or list(active))]


def issue_links(paths: Paths, base_url: str, codes: list[str]) -> list[Path]:
    """New links for `codes` (every active unit when empty); the CSV and XLSX paths written."""
    base = _base(base_url)
    units = _chosen(paths, codes)
    store = PortalStore(paths.inputs, paths.year)
    tokens = store.issue_links([code for code, _ in units])
    rows = [(code, name, f"{base}/u/{code}/{tokens[code]}") for code, name in units]
    folder = store.folder(".")
    csv_path, xlsx_path = folder / f"lien-ket-{paths.year}.csv", folder / f"lien-ket-{paths.year}.xlsx"
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    for path, data in ((csv_path, ("\ufeff" + text.getvalue()).encode("utf-8")), (xlsx_path, _xlsx(rows))):
        replace_atomic(path, data)
        os.chmod(path, 0o600)
    return [csv_path, xlsx_path]


def revoke_links(paths: Paths, codes: list[str]) -> list[str]:
    return PortalStore(paths.inputs, paths.year).revoke_links(codes)


def _xlsx(rows: list[tuple[str, str, str]]) -> bytes:
    buffer = io.BytesIO()
    # Strings stay strings: a name starting with "=" is never a formula, a URL never a hyperlink object.
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet("LienKet")
    bold = book.add_format({"bold": True})
    for col, title in enumerate(COLUMNS):
        sheet.write_string(0, col, title, bold)
    for row, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            sheet.write_string(row, col, value)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 45)
    sheet.set_column(2, 2, 90)
    book.close()
    return buffer.getvalue()
