"""The hostile-input scenarios: each one change to a copy of the bundled sample, what it must give.

To add one, append a `Scenario` (tests/hostile/test_hostile.py runs and checks every entry of
SCENARIOS the same way); builders.py makes the files from the sample's real ones.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from builders import (
    LAUGHS,
    SHEET,
    XXE,
    Setup,
    add_file,
    big_file_on_disk,
    both,
    broken_symlink,
    csv_field,
    fifo,
    folder,
    form_as_csv,
    form_cells,
    html_page,
    nomination,
    office_nomination,
    reencoded,
    rename,
    replace_file,
    rewrite_part,
    symlink_outside,
    truncated,
    with_doctype,
    zip_bomb,
    zip_slip,
)

EXIT_FINDINGS = 1
ALL = None  # every figure of the unit may be lost (its file is refused)


@dataclass(frozen=True)
class Scenario:
    name: str
    setup: Setup
    codes: frozenset[str]  # finding codes the validation report must carry
    exit: int = EXIT_FINDINGS
    lost: dict[str, frozenset[str] | None] = field(default_factory=dict)  # unit -> indicators it may lose
    payload: str = ""  # hostile text: never a formula in an XLSX, never raw in HTML, kept as typed
    posix_only: bool = False
    certificates: bool = False  # also run `tongket certificates` (the payload is in a nominee's fields)


def _s(name: str, setup: Setup, *codes: str, **more: object) -> Scenario:
    return Scenario(name, setup, frozenset(codes), **more)  # type: ignore[arg-type]


FORMULA = '=HYPERLINK("http://example.invalid/x","Bấm vào đây")'
DDE = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert('tongket')</script>"
IMG = '<img src=x onerror="alert(1)">'
RTL = "Nguy\u202eễn Văn \u202dAn"
EMOJI = "Đoàn viên 👷‍♀️🎉 Công đoàn 🇻🇳"
LONG_WORD = "Đ" * 5000
CONTROLS = "Ghi\x00chú\x07có\x1bký\x08tự điều khiển\x7f"
TCVN3 = "Li\xaan \xae\xabn"  # «Liên đoàn» typed in the legacy TCVN3 (ABC) font encoding

SCENARIOS: list[Scenario] = [
    # Workbooks that attack the XML or zip reader.
    _s(
        "xxe-entity-never-resolved",  # calamine resolves no external entity: the file reads, nothing leaks
        replace_file("CB", ".xlsx", lambda d: rewrite_part(d, SHEET, with_doctype(XXE, b"&xxe;"))),
        exit=0,
    ),
    _s(
        "billion-laughs-never-expanded",
        replace_file("CB", ".xlsx", lambda d: rewrite_part(d, SHEET, with_doctype(LAUGHS, b"&i;"))),
        exit=0,
    ),
    _s("zip-bomb", replace_file("CB", ".xlsx", zip_bomb), "tep-qua-lon", lost={"CB": ALL}),
    _s("zip-slip-names", replace_file("CB", ".xlsx", zip_slip), exit=0),  # member names are never paths
    _s("truncated-xlsx", replace_file("LS", ".xlsx", truncated), "khong-doc-duoc", lost={"LS": ALL}),
    _s("html-as-xlsx", replace_file("LS", ".xlsx", html_page), "khong-doc-duoc", lost={"LS": ALL}),
    # Formulas where text goes: values, notes, nominees' fields.
    _s(
        "formula-in-value-csv",
        csv_field("BK", "doan_vien", "gia_tri", FORMULA),
        "so-khong-hop-le",
        lost={"BK": frozenset({"doan_vien"})},
        payload=FORMULA,
    ),
    _s(
        "dde-in-value-csv",
        csv_field("BK", "cdcs_moi", "gia_tri", DDE),
        "so-khong-hop-le",
        lost={"BK": frozenset({"cdcs_moi"})},
        payload=DDE,
    ),
    _s(
        "formula-in-value-xlsx",
        form_cells("TN", {"BaoCao": {"value:doan_vien": FORMULA}}),
        "so-khong-hop-le",
        lost={"TN": frozenset({"doan_vien"})},
        payload=FORMULA,
    ),
    _s("formula-in-note-csv", csv_field("BK", "doan_vien", "ghi_chu", FORMULA), exit=0, payload=FORMULA),
    _s(
        "plus-in-note-csv",
        csv_field("HG", "cdcs", "ghi_chu", "+1+cmd|' /C calc'!A0"),
        exit=0,
        payload="+1+cmd|' /C calc'!A0",
    ),
    _s(
        "minus-in-note-xlsx",
        form_cells("TN", {"BaoCao": {"note:cdcs": "-2+3+cmd|' /C calc'!A0"}}),
        exit=0,
        payload="-2+3+cmd|' /C calc'!A0",
    ),
    _s(
        "at-in-note-xlsx",
        form_cells("TN", {"BaoCao": {"note:doan_vien": "@SUM(1+1)*cmd|' /C calc'!A0"}}),
        exit=0,
        payload="@SUM(1+1)*cmd|' /C calc'!A0",
    ),
    _s("tab-cr-in-note-csv", csv_field("TQ", "cdcs", "ghi_chu", "\t=1+1\r=2+2"), exit=0, payload="=1+1"),
    _s("formula-in-nominee-name", nomination("ho_ten", FORMULA), exit=0, payload=FORMULA, certificates=True),
    _s("formula-in-position", nomination("chuc_vu", DDE), exit=0, payload=DDE, certificates=True),
    _s(
        "formula-in-workplace",
        nomination("don_vi_cong_tac", "@SUM(1+9)*cmd|' /C calc'!A0"),
        exit=0,
        payload="@SUM(1+9)*cmd|' /C calc'!A0",
        certificates=True,
    ),
    _s(
        "formula-in-achievement",
        nomination("thanh_tich", "-1+" + FORMULA),
        exit=0,
        payload="-1+" + FORMULA,
        certificates=True,
    ),
    _s(
        "formula-in-office-nominations",
        office_nomination("ho_ten", FORMULA),
        exit=0,
        payload=FORMULA,
        certificates=True,
    ),
    # HTML and script where text goes.
    _s("script-in-note-csv", csv_field("BK", "cdcs", "ghi_chu", SCRIPT), exit=0, payload=SCRIPT),
    _s("script-in-nominee-name", nomination("ho_ten", SCRIPT), exit=0, payload=SCRIPT, certificates=True),
    _s("img-in-achievement", nomination("thanh_tich", IMG), exit=0, payload=IMG, certificates=True),
    _s("script-in-position", nomination("chuc_vu", SCRIPT), exit=0, payload=SCRIPT, certificates=True),
    _s(
        "script-in-office-achievement",
        office_nomination("thanh_tich", SCRIPT),
        exit=0,
        payload=SCRIPT,
        certificates=True,
    ),
    _s(
        "script-in-year-cell",
        form_cells("LS", {"BaoCao": {"year": SCRIPT}}),
        "sai-nam",
        lost={"LS": ALL},
        payload=SCRIPT,
    ),
    # Characters that break XML, bidi text, width and fonts.
    _s("control-chars-in-note", csv_field("BK", "cdcs", "ghi_chu", CONTROLS), exit=0),
    _s(
        "control-chars-in-name",
        office_nomination("ho_ten", "Hà\x00Thị\x0bYến\x1f"),
        exit=0,
        certificates=True,
    ),
    _s("rtl-override-in-name", nomination("ho_ten", RTL), exit=0, payload=RTL, certificates=True),
    _s(
        "emoji-in-name-and-note",
        both(nomination("ho_ten", EMOJI), csv_field("HG", "cdcs", "ghi_chu", EMOJI)),
        exit=0,
        payload=EMOJI,
        certificates=True,
    ),
    _s(
        "5000-char-word-achievement",
        nomination("thanh_tich", LONG_WORD),
        exit=0,
        payload=LONG_WORD,
        certificates=True,
    ),
    _s("5000-char-word-note", csv_field("TQ", "doan_vien", "ghi_chu", LONG_WORD), exit=0, payload=LONG_WORD),
    _s(
        "5000-char-word-value",
        csv_field("TQ", "cdcs", "gia_tri", LONG_WORD),
        "so-khong-hop-le",
        lost={"TQ": frozenset({"cdcs"})},
    ),
    # Names that are paths or devices on some system.
    _s("windows-reserved-file-names", both(rename("BK", "CON.csv"), rename("HG", "nul.csv")), exit=0),
    _s("windows-reserved-aux-xlsx", rename("LS", "AUX.xlsx"), exit=0),
    _s("path-like-file-name", rename("TQ", "..\\TQ_2024.csv"), exit=0),
    _s(
        "nominee-named-like-paths",
        both(
            nomination("ho_ten", "CON", row=1),
            nomination("ho_ten", "a/b", row=2),
            nomination("ho_ten", "..\\x", row=3),
            nomination("ho_ten", "NUL.docx", row=4),
        ),
        exit=0,
        certificates=True,
    ),
    # Numbers that are not numbers.
    _s(
        "1e308-value",
        csv_field("BK", "doan_vien", "gia_tri", "1e308"),
        "so-khong-hop-le",
        lost={"BK": frozenset({"doan_vien"})},
    ),
    _s(
        "nan-value",
        csv_field("BK", "doan_vien", "gia_tri", "NaN"),
        "so-khong-hop-le",
        lost={"BK": frozenset({"doan_vien"})},
    ),
    _s(
        "inf-value",
        csv_field("HG", "doan_vien", "gia_tri", "-inf"),
        "so-khong-hop-le",
        lost={"HG": frozenset({"doan_vien"})},
    ),
    _s(
        "negative-count",
        csv_field("HG", "cdcs_moi", "gia_tri", "-5"),
        "so-am",
        lost={"HG": frozenset({"cdcs_moi"})},
    ),
    _s(
        "date-in-number-cell",
        form_cells("TN", {"BaoCao": {"value:doan_vien": __import__("datetime").datetime(2024, 12, 31)}}),
        "so-khong-hop-le",
        lost={"TN": frozenset({"doan_vien"})},
    ),
    _s(
        "date-text-in-number-csv",
        csv_field("TQ", "doan_vien", "gia_tri", "31/12/2024"),
        "so-khong-hop-le",
        lost={"TQ": frozenset({"doan_vien"})},
    ),
    # Encodings.
    _s("csv-in-utf16", replace_file("BK", ".csv", reencoded("utf-16")), exit=0),
    _s("csv-in-cp1258", replace_file("HG", ".csv", reencoded("cp1258")), exit=0),
    _s("csv-tcvn3-note", csv_field("TQ", "cdcs", "ghi_chu", TCVN3), "ma-hoa-cu", exit=0),
    _s(
        "csv-latin1-garbage",
        replace_file("BK", ".csv", lambda d: d + "BK,sang_kien,1,Ghi chú \xe9\xff\n".encode("latin-1")),
        "trung-chi-tieu",
        lost={"BK": frozenset({"sang_kien"})},
    ),
    # Size.
    _s("200-mb-file", big_file_on_disk("BK", 200 << 20, line=False), "tep-qua-lon", lost={"BK": ALL}),
    _s("50-mb-line", big_file_on_disk("HG", 50 << 20, line=True), "tep-qua-lon", lost={"HG": ALL}),
    _s("10-mb-line", big_file_on_disk("TQ", 10 << 20, line=True), "khong-doc-duoc", lost={"TQ": ALL}),
    # The submissions folder itself.
    _s("symlink-outside", symlink_outside("ZZ_2024.csv"), "lien-ket-ra-ngoai", posix_only=True),
    _s("broken-symlink", broken_symlink("XX_2024.csv"), "khong-phai-tep", posix_only=True),
    _s("fifo", fifo("BK_2024 (2).csv"), "khong-phai-tep", posix_only=True),
    _s("folder-named-like-a-file", folder("TQ_2024 (2).xlsx"), "khong-phai-tep"),
    _s("form-saved-as-csv", form_as_csv("CB"), "bieu-mau-luu-csv", exit=0),
    _s("form-saved-as-csv-semicolon-cp1258", form_as_csv("LS", ";", "cp1258"), "bieu-mau-luu-csv", exit=0),
    _s("empty-file", add_file("ZZ_2024.xlsx", b""), "tep-rong"),
]

if os.name == "nt":
    SCENARIOS = [s for s in SCENARIOS if not s.posix_only]
