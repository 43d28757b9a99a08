"""Each year's meta.toml: issuer, conference, deadlines and arrival dates, document numbers, next year.

The text is written from the literal tables below by a small TOML writer (keys in table order,
with the comments of META_COMMENTS), then parsed back and checked before it is written.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from typing import Any

from tools.sample.registry import CHU_TICH, PLACE

RECIPIENTS_BAO_CAO = [
    "Tổng LĐLĐ Việt Nam (để báo cáo);",
    "Ban Thi đua - Khen thưởng Tổng LĐLĐ;",
    "LĐLĐ các tỉnh trong Cụm;",
    "Lưu: VT, TĐKT.",
]
RECIPIENTS_TO_TRINH = [
    "Tổng LĐLĐ Việt Nam (để xem xét);",
    "Ban Thi đua - Khen thưởng Tổng LĐLĐ;",
    "Lưu: VT, TĐKT.",
]
RECIPIENTS_GIAO_UOC = [
    "Tổng LĐLĐ Việt Nam (để báo cáo);",
    "Ban Thi đua - Khen thưởng Tổng LĐLĐ;",
    "LĐLĐ các tỉnh trong Cụm (để thực hiện);",
    "Lưu: VT, TĐKT.",
]


def issuer(code: str) -> dict[str, Any]:
    """The Cụm trưởng of the year issues the cluster's documents."""
    return {
        "unit": code,
        "name": f"LIÊN ĐOÀN LAO ĐỘNG TỈNH {PLACE[code].upper()}",
        "code": "LĐLĐ",
        "place": PLACE[code],
        "signing_for": "TM. BAN THƯỜNG VỤ",
        "signer_title": "CHỦ TỊCH",
        "signer_name": CHU_TICH[code],
    }


def documents(year_end: date, bao_cao: int) -> dict[str, Any]:
    """Document numbers: the báo cáo, the tờ trình right after it (the danh sách is attached
    to the tờ trình and carries its number), and the cluster's giao ước."""
    to_trinh = f"{bao_cao + 1:02d}/TTr-LĐLĐ"
    return {
        "bao_cao": {"number": f"{bao_cao:02d}/BC-LĐLĐ", "date": year_end, "recipients": RECIPIENTS_BAO_CAO},
        "to_trinh": {"number": to_trinh, "date": year_end, "recipients": RECIPIENTS_TO_TRINH},
        "danh_sach": {"number": to_trinh, "date": year_end, "recipients": RECIPIENTS_TO_TRINH},
        "giao_uoc": {"number": "01/GƯTĐ-CTĐ5", "date": year_end, "recipients": RECIPIENTS_GIAO_UOC},
    }


# The cluster only proposes; the Tổng LĐLĐ confers the Cờ and Bằng khen and signs the certificates
# (seed 002: its Phó Chủ tịch Huỳnh Thanh Xuân presented them).
KHEN_THUONG_TLD = {
    "co_quan": "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
    "dia_danh": "Hà Nội",
    "tm": "TM. ĐOÀN CHỦ TỊCH",
    "chuc_vu_ky": "PHÓ CHỦ TỊCH",
    "nguoi_ky": "Huỳnh Thanh Xuân",
}

META: dict[int, dict[str, Any]] = {
    2023: {
        "issuer": issuer("LS"),
        "event": {
            "date": date(2023, 12, 15),
            "place": "tỉnh Lạng Sơn",
            "theme": "Tập trung tổ chức thành công Đại hội Công đoàn các cấp, tiến tới Đại hội XIII "
            "Công đoàn Việt Nam, nhiệm kỳ 2023 - 2028",
            "can_cu": [
                "Luật Thi đua, khen thưởng ngày 26/11/2003 và các Luật sửa đổi, bổ sung;",
                "Hướng dẫn công tác thi đua, khen thưởng năm 2023 của Tổng LĐLĐ Việt Nam;",
                "Giao ước thi đua năm 2023 của Cụm thi đua số 5 ký kết ngày 16/12/2022;",
                "Kết quả chấm điểm, bình xét thi đua năm 2023 của Cụm thi đua số 5.",
            ],
            "attendees": [
                {"name": "Huỳnh Thanh Xuân", "title": "Phó Chủ tịch Tổng LĐLĐ Việt Nam"},
                {
                    "name": "Lương Thị Thu Trang",
                    "title": "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Tỉnh ủy Lạng Sơn",
                },
            ],
        },
        "submissions": {
            "deadline": date(2023, 12, 5),
            "received": {
                "CB": date(2023, 12, 1),
                "BK": date(2023, 12, 4),
                "LS": date(2023, 11, 30),
                "TN": date(2023, 12, 1),
                "TQ": date(2023, 12, 4),
                "HG": date(2023, 12, 5),
            },
        },
        "documents": documents(date(2023, 12, 15), 27),
        "khen_thuong": KHEN_THUONG_TLD,
        "next_year": {
            "cum_truong": "CB",
            "cum_pho": "BK",
            "noi_dung": [
                "Các cấp công đoàn tổ chức triển khai sâu rộng Nghị quyết Đại hội XIII Công đoàn Việt Nam "
                "và Nghị quyết Đại hội Công đoàn các tỉnh; đổi mới nội dung, phương thức hoạt động "
                "hướng về cơ sở.",
                "Các cấp công đoàn tổ chức phong trào thi đua “Lao động giỏi, lao động sáng tạo” gắn với "
                "thi đua lập thành tích chào mừng kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam "
                "(28/7/1929 - 28/7/2024).",
                "Các cấp công đoàn thực hiện tốt chức năng đại diện, bảo vệ quyền, lợi ích hợp pháp, "
                "chính đáng của đoàn viên, người lao động; chủ động tổ chức đối thoại, thương lượng "
                "tập thể tại nơi làm việc.",
                "Các cấp công đoàn tổ chức chăm lo Tết, “Tháng Công nhân”, “Mái ấm Công đoàn”, "
                "“Bữa cơm Công đoàn” thiết thực, hiệu quả cho đoàn viên, người lao động.",
                "Các cấp công đoàn đẩy mạnh phát triển đoàn viên, thành lập công đoàn cơ sở, xây dựng "
                "công đoàn cơ sở vững mạnh; giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp.",
                "Các cấp công đoàn nâng cao chất lượng đào tạo, bồi dưỡng cán bộ công đoàn; đẩy mạnh "
                "ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động công đoàn.",
                "Các cấp công đoàn làm tốt công tác thi đua, khen thưởng; phát hiện, bồi dưỡng, "
                "nhân rộng các điển hình tiên tiến trong công nhân, viên chức, lao động.",
            ],
        },
    },
    2024: {
        "issuer": issuer("CB"),
        "event": {
            "date": date(2024, 12, 21),
            "place": "tỉnh Cao Bằng",
            "theme": "Tập trung đưa nghị quyết đại hội Công đoàn các cấp vào cuộc sống; thi đua lập "
            "thành tích chào mừng kỷ niệm 95 năm ngày Thành lập Công đoàn Việt Nam",
            "can_cu": [
                "Luật Thi đua, khen thưởng năm 2022;",
                "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành "
                "một số điều của Luật Thi đua, khen thưởng;",
                "Hướng dẫn công tác thi đua, khen thưởng năm 2024 của Tổng LĐLĐ Việt Nam;",
                "Giao ước thi đua năm 2024 của Cụm thi đua số 5 ký kết ngày 15/12/2023.",
            ],
            "attendees": [
                {"name": "Huỳnh Thanh Xuân", "title": "Phó Chủ tịch Tổng LĐLĐ Việt Nam"},
                {
                    "name": "Hà Ngọc Giáp",
                    "title": "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Tỉnh ủy Cao Bằng",
                },
            ],
        },
        "submissions": {
            "deadline": date(2024, 12, 10),
            "received": {
                "CB": date(2024, 12, 5),
                "BK": date(2024, 12, 9),
                "LS": date(2024, 12, 6),
                "TN": date(2024, 12, 4),
                "TQ": date(2024, 12, 10),
                "HG": date(2024, 12, 12),
            },
        },
        "documents": documents(date(2024, 12, 21), 34),
        "khen_thuong": KHEN_THUONG_TLD,
        "next_year": {
            "cum_truong": "HG",
            "cum_pho": "TN",
            "noi_dung": [
                "Các cấp công đoàn tổ chức các phong trào thi đua sâu rộng, thiết thực, trọng tâm là "
                "phong trào thi đua “Lao động giỏi, lao động sáng tạo”, thi đua lập thành tích chào mừng "
                "Đại hội Đảng bộ các cấp, tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng.",
                "Các cấp công đoàn tuyên truyền, quán triệt Nghị quyết số 18-NQ/TW của Ban Chấp hành "
                "Trung ương Đảng khóa XII; chủ động tham gia sắp xếp, tinh gọn tổ chức bộ máy công đoàn, "
                "bảo đảm hoạt động thông suốt, không gián đoạn.",
                "Các cấp công đoàn thực hiện tốt chức năng đại diện, bảo vệ quyền, lợi ích hợp pháp, "
                "chính đáng của đoàn viên, người lao động; phối hợp tổ chức hội nghị đối thoại, tiếp xúc "
                "cử tri chuyên đề, thương lượng, ký kết thỏa ước lao động tập thể.",
                "Các cấp công đoàn chăm lo đời sống vật chất, tinh thần cho đoàn viên, người lao động qua "
                "các chương trình “Tết sum vầy”, “Tháng Công nhân”, “Mái ấm Công đoàn”; kịp thời thăm "
                "hỏi, hỗ trợ đoàn viên, người lao động bị ảnh hưởng bởi thiên tai.",
                "Các cấp công đoàn đẩy mạnh phát triển đoàn viên, thành lập công đoàn cơ sở, xây dựng "
                "công đoàn cơ sở vững mạnh; bồi dưỡng, giới thiệu đoàn viên ưu tú cho Đảng xem xét "
                "kết nạp.",
                "Các cấp công đoàn nâng cao chất lượng đào tạo, bồi dưỡng cán bộ công đoàn; đẩy mạnh "
                "chuyển đổi số trong quản lý đoàn viên và hoạt động công đoàn.",
                "Các cấp công đoàn làm tốt công tác thi đua, khen thưởng; kịp thời phát hiện, bồi dưỡng, "
                "biểu dương, nhân rộng các điển hình tiên tiến, mô hình hay, sáng kiến hiệu quả trong "
                "công nhân, viên chức, lao động.",
            ],
        },
    },
    2025: {
        # Hà Giang, elected Cụm trưởng for 2025, merged into Tuyên Quang on 01/7/2025.
        "issuer": issuer("TQ"),
        "event": {
            "date": date(2025, 12, 19),
            "place": "tỉnh Tuyên Quang",
            "theme": "Đổi mới tổ chức, hoạt động công đoàn theo tinh thần tinh gọn, hiệu lực, hiệu quả; "
            "thi đua lập thành tích chào mừng Đại hội Đảng bộ các cấp, tiến tới Đại hội đại biểu "
            "toàn quốc lần thứ XIV của Đảng",
            "can_cu": [
                "Luật Thi đua, khen thưởng năm 2022;",
                "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết thi hành "
                "một số điều của Luật Thi đua, khen thưởng;",
                "Hướng dẫn công tác thi đua, khen thưởng năm 2025 của Tổng LĐLĐ Việt Nam;",
                "Giao ước thi đua năm 2025 của Cụm thi đua số 5 ký kết ngày 21/12/2024.",
            ],
            "attendees": [
                {"name": "Huỳnh Thanh Xuân", "title": "Phó Chủ tịch Tổng LĐLĐ Việt Nam"},
                {
                    "name": "Hoàng Việt Phương",
                    "title": "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang",
                },
            ],
        },
        "submissions": {
            "deadline": date(2025, 12, 10),
            "received": {
                "CB": date(2025, 12, 8),
                "LS": date(2025, 12, 9),
                "TN": date(2025, 12, 5),
                "TQ": date(2025, 12, 3),
            },
        },
        "documents": documents(date(2025, 12, 19), 41),
        "khen_thuong": KHEN_THUONG_TLD,
        "next_year": {
            "cum_truong": "TN",
            "cum_pho": "LS",
            "noi_dung": [
                "Các cấp công đoàn tổ chức tuyên truyền, quán triệt Nghị quyết Đại hội đại biểu toàn quốc "
                "lần thứ XIV của Đảng và Nghị quyết Đại hội Đảng bộ các tỉnh, nhiệm kỳ 2025 - 2030 "
                "trong đoàn viên, người lao động.",
                "Các cấp công đoàn tổ chức phong trào thi đua “Lao động giỏi, lao động sáng tạo” gắn với "
                "thi đua lập thành tích chào mừng cuộc bầu cử đại biểu Quốc hội khóa XVI và đại biểu "
                "Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031.",
                "Các cấp công đoàn kiện toàn, ổn định tổ chức công đoàn xã, phường và công đoàn cơ sở "
                "sau sắp xếp; đổi mới phương thức hoạt động phù hợp với chính quyền địa phương hai cấp.",
                "Các cấp công đoàn thực hiện tốt chức năng đại diện, bảo vệ quyền, lợi ích hợp pháp, "
                "chính đáng của đoàn viên, người lao động; tổ chức đối thoại, thương lượng tập thể "
                "thực chất, hiệu quả.",
                "Các cấp công đoàn tổ chức chăm lo Tết, “Tháng Công nhân”, “Mái ấm Công đoàn”; "
                "hỗ trợ đoàn viên, người lao động khắc phục hậu quả thiên tai, ổn định cuộc sống.",
                "Các cấp công đoàn đẩy mạnh phát triển đoàn viên trong doanh nghiệp ngoài nhà nước; "
                "giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp.",
                "Các cấp công đoàn làm tốt công tác thi đua, khen thưởng; phát hiện, bồi dưỡng, "
                "nhân rộng điển hình tiên tiến, sáng kiến hiệu quả trong công nhân, viên chức, lao động.",
            ],
        },
    },
}

# Comments written above or beside keys of meta.toml, by dotted path.
META_COMMENTS = {
    "issuer": "the Cụm trưởng issues the cluster's documents",
    "submissions.received": "date each unit's submission arrived (lateness penalty)",
    "documents.to_trinh": "tờ trình carrying the commendation list",
    "documents.danh_sach": "attached to the tờ trình, so it carries the same number",
    "next_year": "the Cụm trưởng / Cụm phó elected at the conference, and next year's nội dung",
    "khen_thuong": "the body that confers the awards and signs the certificates",
}


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        # JSON string escapes are valid in TOML basic strings.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if sum(len(toml_value(v)) for v in value) <= 60:
            return "[" + ", ".join(toml_value(v) for v in value) + "]"
        return "[\n" + "".join(f"    {toml_value(v)},\n" for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")


def toml_table(path: str, table: dict[str, Any], comments: dict[str, str]) -> list[str]:
    """One TOML table and its sub-tables; arrays of tables for lists of dicts."""
    lines: list[str] = []
    header = f"[{path}]"
    nested: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, dict) or (isinstance(value, list) and value and isinstance(value[0], dict)):
            nested.append((key, value))
        else:
            lines.append(f"{key} = {toml_value(value)}")
    if lines or path in comments:  # a table holding only sub-tables needs no header of its own
        lines.insert(0, f"{header}  # {comments[path]}" if path in comments else header)
    for key, value in nested:
        sub = f"{path}.{key}"
        if isinstance(value, dict):
            lines += ["", *toml_table(sub, value, comments)] if lines else toml_table(sub, value, comments)
        else:
            for item in value:
                lines += ["", f"[[{sub}]]", *(f"{k} = {toml_value(v)}" for k, v in item.items())]
    return lines


def meta_toml(year: int) -> str:
    lines = [f"# Cụm thi đua số 5, năm {year}: written by tools/make_sample_inputs.py"]
    for key, table in META[year].items():
        lines += ["", *toml_table(key, table, META_COMMENTS)]
    return "\n".join(lines) + "\n"


def check_meta(text: str, year: int, units: tuple[str, ...]) -> None:
    meta = tomllib.loads(text)
    assert set(meta["submissions"]["received"]) == set(units), f"{year}: received dates"
    assert meta["issuer"]["unit"] in units, f"{year}: the issuer is a member"
    assert len(meta["next_year"]["noi_dung"]) == 7, f"{year}: seven nội dung"
    assert meta["event"]["date"].year == year
