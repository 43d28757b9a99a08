"""Write tests/fixtures/province: LĐLĐ tỉnh Cao Bằng and four of its units, year 2024.

The four units' figures split Cao Bằng's own 2024 submission in the bundled sample exactly, so
the province's summary.json, submitted to the cluster in place of CB_2024.xlsx, must give the
cluster the same totals. Run from the project root: python tools/make_province_fixture.py
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "province"
UNITS = [
    ("HA", "Liên đoàn Lao động huyện Hòa An", "LĐLĐ huyện Hòa An", "Hòa An", "Đàm Văn Thắng"),
    ("TP", "Liên đoàn Lao động thành phố Cao Bằng", "LĐLĐ thành phố Cao Bằng", "Cao Bằng", "Nông Thị Hạnh"),
    ("GD", "Công đoàn ngành Giáo dục tỉnh Cao Bằng", "Công đoàn ngành Giáo dục", "Cao Bằng", "Bế Văn Hùng"),
    ("YT", "Công đoàn ngành Y tế tỉnh Cao Bằng", "Công đoàn ngành Y tế", "Cao Bằng", "Lương Thị Mai"),
]
SHARES = (0.31, 0.27, 0.24)  # the fourth unit takes the rest, so parts always add up exactly
TARGET_CODES = (
    "cdcs_moi",
    "doan_vien_moi",
    "gioi_thieu_dang",
    "ket_nap_dang",
    "sang_kien",
    "mai_am",
    "suat_qua",
    "lop_tap_huan",
)


def cb_figures() -> dict[str, int]:
    rows = (
        CalamineWorkbook.from_path(ROOT / "inputs/2024/submissions/CB_2024.xlsx")
        .get_sheet_by_name("BaoCao")
        .to_python()
    )
    header = next(i for i, r in enumerate(rows) if "Mã chỉ tiêu" in r)
    found = {r[1]: int(r[4]) for r in rows[header + 1 :] if r[1] and r[4] != ""}
    # In catalog order, not the form's row order (which groups the indicators), so the fixture's
    # files do not change when the form's layout does.
    with (ROOT / "inputs/indicators.csv").open(encoding="utf-8", newline="") as handle:
        order = [row["ma_chi_tieu"] for row in csv.DictReader(handle)]
    return {code: found[code] for code in order if code in found}


def split(total: int) -> list[int]:
    parts = [int(total * s) for s in SHARES]
    return [*parts, total - sum(parts)]


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "2024" / "submissions").mkdir(parents=True)
    (OUT / "2025").mkdir()
    shutil.copy(ROOT / "inputs/indicators.csv", OUT / "indicators.csv")
    with (OUT / "units.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["ma_don_vi", "ten_don_vi", "ten_viet_tat", "dia_danh", "chu_tich"])
        writer.writerows(UNITS)
    figures = cb_figures()
    per_unit: dict[str, dict[str, int]] = {code: {} for code, *_ in UNITS}
    for ind, total in figures.items():
        if ind in ("cdcs_sxkd", "cdcs_hcsn", "cdcs"):
            continue
        for (code, *_), part in zip(UNITS, split(total), strict=True):
            per_unit[code][ind] = part
    for (code, *_), sx, hc in zip(
        UNITS, split(figures["cdcs_sxkd"]), split(figures["cdcs_hcsn"]), strict=True
    ):
        per_unit[code].update(cdcs_sxkd=sx, cdcs_hcsn=hc, cdcs=sx + hc)
    for code, values in per_unit.items():
        with (OUT / "2024" / "submissions" / f"{code}_2024.csv").open("w", encoding="utf-8", newline="") as h:
            writer = csv.writer(h, lineterminator="\n")
            writer.writerow(["ma_don_vi", "ma_chi_tieu", "gia_tri", "ghi_chu"])
            writer.writerows([code, ind, value, ""] for ind, value in values.items())
    for year, factor in ((2024, 0.95), (2025, 1.05)):
        with (OUT / str(year) / "targets.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["ma_don_vi", "ma_chi_tieu", "chi_tieu"])
            for code, values in per_unit.items():
                writer.writerows([code, ind, max(1, round(values[ind] * factor))] for ind in TARGET_CODES)
    (OUT / "body.toml").write_text(BODY, encoding="utf-8")
    (OUT / "2024" / "meta.toml").write_text(META, encoding="utf-8")
    rules = (ROOT / "inputs/rules.toml").read_text(encoding="utf-8")
    (OUT / "rules.toml").write_text(rules.replace("count = 2", "count = 1"), encoding="utf-8")


BODY = """[group]
name = "Liên đoàn Lao động tỉnh Cao Bằng"
full_name = "Liên đoàn Lao động tỉnh Cao Bằng"
kind = "province"
superior = "TỔNG LĐLĐ VIỆT NAM"
"""

META = """[issuer]
unit = "CB"
name = "LIÊN ĐOÀN LAO ĐỘNG TỈNH CAO BẰNG"
code = "LĐLĐ"
place = "Cao Bằng"
signing_for = "TM. BAN THƯỜNG VỤ"
signer_title = "CHỦ TỊCH"
signer_name = "Lý Thị Huệ"

[event]
date = 2024-12-12
place = "thành phố Cao Bằng"
theme = "Tập trung đưa nghị quyết đại hội Công đoàn các cấp vào cuộc sống"
can_cu = ["Luật Thi đua, khen thưởng năm 2022;"]

[documents.bao_cao]
number = "30/BC-LĐLĐ"
date = 2024-12-12
recipients = ["Tổng LĐLĐ Việt Nam (để báo cáo);", "Lưu: VT, TĐKT."]

[documents.to_trinh]
number = "31/TTr-LĐLĐ"
date = 2024-12-12
recipients = ["Lưu: VT, TĐKT."]

[documents.danh_sach]
number = "31/TTr-LĐLĐ"
date = 2024-12-12

[documents.giao_uoc]
number = "02/GƯTĐ-LĐLĐ"
date = 2024-12-12
recipients = ["Các đơn vị trực thuộc (để thực hiện);", "Lưu: VT, TĐKT."]

[next_year]
noi_dung = ["Các cấp công đoàn tổ chức phong trào thi đua “Lao động giỏi, lao động sáng tạo”."]
"""

if __name__ == "__main__":
    main()
