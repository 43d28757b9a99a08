"""A small made-up summary in which every list has an entry, for checking templates without a real run.

`tongket check-templates` renders nothing; it walks each template's tags against the context of
this specimen, so every loop has an element to look inside. Its figures mean nothing.
"""

from __future__ import annotations

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


def specimen_summary(indicators: dict[str, Indicator], year: int = 2024) -> Summary:
    """Three units (received, missing, excluded), one award of each form, one rejection, next year."""
    codes = list(indicators)
    units = [
        Unit("A", "Liên đoàn Lao động tỉnh A", "LĐLĐ tỉnh A", "A", "received", leader="Nguyễn Văn A"),
        Unit("B", "Liên đoàn Lao động tỉnh B", "LĐLĐ tỉnh B", "B", "missing", note="Chưa gửi báo cáo."),
        Unit("C", "Liên đoàn Lao động tỉnh C", "LĐLĐ tỉnh C", "C", "excluded", note="Tệp báo cáo hỏng."),
    ]
    figure = Figure(
        value=10, previous=8, change=2, change_pct=25.0, target=9, achievement_pct=111.1, status="vuot"
    )
    values: dict[str, int | float] = dict.fromkeys(codes, 10)
    docs = {
        key: DocumentInfo(f"01/{symbol}-LĐLĐ", f"{year}-12-21", ["Nơi nhận", "Lưu: VT"])
        for key, symbol in (("bao_cao", "BC"), ("to_trinh", "TTr"), ("danh_sach", "DS"), ("giao_uoc", "GƯTĐ"))
    }
    return Summary(
        year=year,
        body=Body(
            "Cụm thi đua",
            "cluster",
            "TỔNG LĐLĐ VIỆT NAM",
            "LIÊN ĐOÀN LAO ĐỘNG TỈNH A",
            "LĐLĐ",
            "A",
            "TM. BAN THƯỜNG VỤ",
            "CHỦ TỊCH",
            "Nguyễn Văn A",
        ),
        event=Event(
            f"{year}-12-21", "tỉnh A", "Chủ đề năm", [Person("Trần Văn B", "Phó Chủ tịch")], ["Căn cứ"]
        ),
        indicators=indicators,
        unit_list=units,
        units={"A": values},
        totals=dict(values),
        figures={"A": dict.fromkeys(codes, figure)},
        total_figures=dict.fromkeys(codes, figure),
        previous_year=year - 1,
        previous_totals=dict.fromkeys(codes, 8),
        lineage_notes=["Ghi chú về đơn vị hợp nhất."],
        scores=[Score("A", 90.0, rank=1, core_targets_met=True, notes=["ghi chú"])],
        awards=[
            Award("co_thi_dua", units[0].name, "A", units[0].short_name, achievement="Thành tích"),
            Award("bang_khen_tap_the", units[0].name, "A", units[0].short_name, achievement="Thành tích"),
            Award("bang_khen_ca_nhan", "Trần Thị C", "A", units[0].short_name, "Chủ tịch CĐCS", "Thành tích"),
        ],
        rejected=[RejectedNomination("Lê Văn D", "bang_khen_ca_nhan", "A", "LĐLĐ tỉnh A", None, "Lý do")],
        next_year=NextYear(
            year + 1,
            targets={"A": dict.fromkeys(codes, 11)},
            target_totals=dict.fromkeys(codes, 11),
            cum_truong="LĐLĐ tỉnh A",
            cum_pho="LĐLĐ tỉnh B",
            noi_dung=["Nội dung thi đua"],
        ),
        documents=docs,
    )
