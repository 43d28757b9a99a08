"""A realistic `Summary` of Cụm thi đua số 5, 2024, whose totals are seed 002's figures.

Built here rather than through `aggregate`, so the rendering tests do not depend on the other
stages; the per-unit split is invented but sums exactly to the seed's totals.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.model.summary import (
    Award,
    Body,
    DocumentInfo,
    Event,
    Figure,
    Indicator,
    NextYear,
    Person,
    RejectedNomination,
    Score,
    Summary,
    Unit,
)

ROOT = Path(__file__).resolve().parent.parent

# Seed 002 (and DOMAIN.md §3): the cluster's 2024 totals. Money is in đồng, chosen so the hedged
# forms are the seed's: "gần 60 tỷ đồng", "gần 10 tỷ đồng", "trên 9 tỷ đồng".
SEED_TOTALS: dict[str, int] = {
    "cdcs": 6428,
    "cdcs_sxkd": 937,
    "cdcs_hcsn": 5491,
    "doan_vien": 339739,
    "cdcs_moi": 132,
    "doan_vien_moi": 25493,
    "gioi_thieu_dang": 7417,
    "ket_nap_dang": 4925,
    "lop_tap_huan": 202,
    "luot_tap_huan": 24310,
    "hn_cu_tri": 13,
    "kien_nghi": 122,
    "hn_doi_thoai": 9,
    "thuong_luong": 109,
    "suat_qua": 160000,
    "tien_qua": 59_620_000_000,
    "mai_am": 225,
    "tien_mai_am": 9_960_000_000,
    "ho_tro_thien_tai": 4200,
    "tien_thien_tai": 9_040_000_000,
    "sang_kien": 1709,
    "co_thi_dua_tld": 14,
    "bang_khen_tap_the_tld": 74,
    "bang_khen_ca_nhan_tld": 100,
}

UNITS = [
    ("CB", "Cao Bằng", "Lý Thị Huệ", 0.14),
    ("BK", "Bắc Kạn", "Hoàng Thu Trang", 0.10),
    ("LS", "Lạng Sơn", "Đinh Thị Thu Hà", 0.16),
    ("TN", "Thái Nguyên", "Trần Văn Tuấn", 0.28),
    ("TQ", "Tuyên Quang", "Nguyễn Thị Hồng Nhung", 0.17),
    ("HG", "Hà Giang", "Hoàng Văn Tiến", 0.15),
]
TARGET_CODES = ["cdcs_moi", "doan_vien_moi", "gioi_thieu_dang", "ket_nap_dang", "lop_tap_huan", "sang_kien"]

NOI_DUNG = [
    "Đẩy mạnh phong trào thi đua “Lao động giỏi, Lao động sáng tạo” trong CNVCLĐ.",
    "Thực hiện tốt chức năng đại diện, bảo vệ quyền, lợi ích hợp pháp, chính đáng của đoàn viên, NLĐ.",
    "Chăm lo đời sống đoàn viên qua các chương trình “Tết sum vầy”, “Mái ấm Công đoàn”.",
    "Đẩy mạnh phát triển đoàn viên, thành lập CĐCS, xây dựng tổ chức công đoàn vững mạnh.",
    "Bồi dưỡng, giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp.",
    "Nâng cao chất lượng đào tạo, bồi dưỡng cán bộ công đoàn các cấp.",
    "Thực hiện tốt công tác tài chính công đoàn, thu kinh phí, đoàn phí công đoàn.",
]


def catalog() -> dict[str, Indicator]:
    with (ROOT / "inputs" / "indicators.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        r["ma_chi_tieu"]: Indicator(
            code=r["ma_chi_tieu"],
            name=r["ten_chi_tieu"],
            unit=r["don_vi_tinh"],
            group=r["nhom"],
            kind=r["kieu"],  # type: ignore[arg-type]
            method=r["phuong_phap"],  # type: ignore[arg-type]
            required=r["bat_buoc"] == "1",
        )
        for r in rows
    }


def _split(total: int, weights: list[float]) -> list[int]:
    parts = [int(total * w) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def _pct(value: float, base: float) -> float:
    return float(round(value / base * 100, 1))


def make_summary(*, missing: tuple[str, ...] = (), people: list[tuple[str, str]] | None = None) -> Summary:
    """The sample summary; `missing` unit codes become missing units (the totals keep the seed's)."""
    codes = [u[0] for u in UNITS]
    weights = [u[3] for u in UNITS]
    values: dict[str, dict[str, int]] = {c: {} for c in codes}
    for ind, total in SEED_TOTALS.items():
        for code, part in zip(codes, _split(total, weights), strict=True):
            values[code][ind] = part
    unit_list = [
        Unit(
            code=c,
            name=f"Liên đoàn Lao động tỉnh {place}",
            short_name=f"LĐLĐ tỉnh {place}",
            place=place,
            status="missing" if c in missing else "received",
            leader=leader,
            source_file=None if c in missing else f"{c}.xlsx",
            note="Chưa gửi báo cáo đến hạn tổng hợp." if c in missing else None,
        )
        for c, place, leader, _ in UNITS
    ]
    received = [c for c in codes if c not in missing]
    units = {c: values[c] for c in received}
    targets = {c: {k: round(values[c][k] * 0.9) for k in TARGET_CODES} for c in received}
    targets["BK"] = {**targets.get("BK", {}), "sang_kien": round(values["BK"]["sang_kien"] * 1.2)}
    figures = {
        c: {
            k: Figure(
                value=v,
                previous=round(v * 0.95),
                change=v - round(v * 0.95),
                change_pct=_pct(v - round(v * 0.95), round(v * 0.95)) if v else None,
                target=targets[c].get(k),
                achievement_pct=_pct(v, targets[c][k]) if targets[c].get(k) else None,
                status=("vuot" if v > targets[c][k] else "khong_dat") if k in targets[c] else None,
            )
            for k, v in units[c].items()
        }
        for c in received
    }
    totals = SEED_TOTALS.copy()
    prev = {k: round(v * 0.95) for k, v in totals.items()}
    target_totals = {k: sum(targets[c].get(k, 0) for c in received) for k in TARGET_CODES}
    total_figures = {
        k: Figure(
            value=v,
            previous=prev[k],
            change=v - prev[k],
            change_pct=_pct(v - prev[k], prev[k]),
            target=target_totals.get(k),
            achievement_pct=_pct(v, target_totals[k]) if k in target_totals else None,
            status="vuot" if k in target_totals else None,
        )
        for k, v in totals.items()
    }
    scores = [
        Score(unit=c, points=p, rank=i, core_targets_met=c != "BK")
        for i, (c, p) in enumerate(
            [("CB", 96.5), ("TN", 95.0), ("LS", 93.25), ("TQ", 90.0), ("HG", 88.0), ("BK", 80.0)], 1
        )
        if c in received
    ]
    people = people or [
        ("Nông Thị Đào", "Chủ tịch CĐCS Trường THPT Nà Bao, LĐLĐ tỉnh Cao Bằng"),
        ("Hoàng Văn Dũng", "Phó Chủ tịch LĐLĐ tỉnh Lạng Sơn"),
        ("Nguyễn Văn An", "Trưởng ban Tổ chức, LĐLĐ tỉnh Thái Nguyên"),
        ("Trần Thị Ánh", "Công nhân Công ty CP Gang thép Thái Nguyên"),
        ("Lương Văn Đức", "Chủ tịch CĐCS Công ty Xi măng Tuyên Quang"),
        ("Phạm Thị Anh", "Kế toán LĐLĐ tỉnh Hà Giang"),
    ]
    awards = [
        Award(
            "co_thi_dua",
            "Liên đoàn Lao động tỉnh Cao Bằng",
            "CB",
            "LĐLĐ tỉnh Cao Bằng",
            achievement="Đơn vị xuất sắc dẫn đầu phong trào thi đua CNVCLĐ và hoạt động công đoàn năm 2024.",
            reason="Xếp thứ 1, 96,5 điểm",
        ),
        Award(
            "bang_khen_tap_the",
            "Liên đoàn Lao động tỉnh Thái Nguyên",
            "TN",
            "LĐLĐ tỉnh Thái Nguyên",
            achievement="Có thành tích xuất sắc trong phong trào thi đua năm 2024.",
            reason="Xếp thứ 2",
        ),
        Award(
            "bang_khen_tap_the",
            "Liên đoàn Lao động tỉnh Lạng Sơn",
            "LS",
            "LĐLĐ tỉnh Lạng Sơn",
            achievement="Có thành tích xuất sắc trong phong trào thi đua năm 2024.",
            reason="Xếp thứ 3",
        ),
    ] + [
        Award(
            "bang_khen_ca_nhan",
            name,
            "CB",
            "LĐLĐ tỉnh Cao Bằng",
            position=position,
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2024; có sáng kiến được công nhận.",
        )
        for name, position in people
    ]
    rejected = [
        RejectedNomination(
            "Vi Văn Hùng",
            "bang_khen_ca_nhan",
            "BK",
            "LĐLĐ tỉnh Bắc Kạn",
            "Chuyên viên LĐLĐ tỉnh Bắc Kạn",
            "Không đủ điều kiện: nghỉ 45 ngày trong năm (quá 40 ngày).",
        ),
    ]
    next_targets = {c: {k: round(values[c][k] * 1.05) for k in TARGET_CODES} for c in codes}
    next_year = NextYear(
        year=2025,
        targets=next_targets,
        target_totals={k: sum(next_targets[c][k] for c in codes) for k in TARGET_CODES},
        cum_truong="LĐLĐ tỉnh Hà Giang",
        cum_pho="LĐLĐ tỉnh Thái Nguyên",
        noi_dung=NOI_DUNG,
    )
    recipients = [
        "Đoàn Chủ tịch Tổng LĐLĐ Việt Nam (b/c)",
        "Ban Thi đua - Khen thưởng, Tổng LĐLĐ Việt Nam (b/c)",
        "LĐLĐ các tỉnh trong Cụm thi đua số 5",
        "Lưu: VT, TĐKT",
    ]
    return Summary(
        year=2024,
        body=Body(
            group_name="Cụm thi đua số 5",
            group_full_name="Cụm thi đua số 5 – LĐLĐ các tỉnh Trung du và miền núi biên giới phía Đông Bắc",
            group_kind="cluster",
            superior="TỔNG LĐLĐ VIỆT NAM",
            issuer="LIÊN ĐOÀN LAO ĐỘNG TỈNH CAO BẰNG",
            issuer_code="LĐLĐ",
            place="Cao Bằng",
            signing_for="TM. BAN THƯỜNG VỤ",
            signer_title="CHỦ TỊCH",
            signer_name="Lý Thị Huệ",
        ),
        event=Event(
            date="2024-12-21",
            place="tỉnh Cao Bằng",
            theme=(
                "Tập trung đưa nghị quyết đại hội Công đoàn các cấp vào cuộc sống; thi đua lập thành tích "
                "chào mừng kỷ niệm 95 năm ngày Thành lập Công đoàn Việt Nam"
            ),
            attendees=[
                Person("Huỳnh Thanh Xuân", "Phó Chủ tịch Tổng LĐLĐ Việt Nam"),
                Person("Hà Ngọc Giáp", "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Tỉnh ủy Cao Bằng"),
            ],
            can_cu=[
                "Hướng dẫn số 12/HD-TLĐ ngày 05/01/2024 của Tổng LĐLĐ Việt Nam về công tác thi đua, "
                "khen thưởng",
                "Giao ước thi đua năm 2024 của Cụm thi đua số 5",
            ],
        ),
        indicators=catalog(),
        unit_list=unit_list,
        units=units,
        totals=totals,
        figures=figures,
        total_figures=total_figures,
        previous_year=2023,
        previous_totals=prev,
        scores=scores,
        awards=awards,
        rejected=rejected,
        next_year=next_year,
        documents={
            "bao_cao": DocumentInfo("34/BC-LĐLĐ", "2024-12-21", recipients),
            "to_trinh": DocumentInfo("5/TTr-LĐLĐ", "2025-01-05", recipients),
            "danh_sach": DocumentInfo("5/TTr-LĐLĐ", "2025-01-05", recipients),
            "giao_uoc": DocumentInfo("01/GƯTĐ-CTĐ5", "2024-12-21", recipients),
        },
    )
