"""Findings about the input data: a stable catalogue of codes, each with a Vietnamese rule and fix.

Bad data never raises: every stage collects `Finding`s into a `Report`, and the CLI's exit
code follows `Report.needs_person`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class FindingType:
    code: str
    severity: Severity
    rule: str  # the rule broken, in plain Vietnamese
    fix: str  # what the unit officer should do


_CATALOGUE = [
    FindingType(
        "khong-doc-duoc",
        "error",
        "Không đọc được tệp.",
        "Mở tệp bằng Excel, lưu lại dạng .xlsx (hoặc .csv UTF-8) rồi gửi lại.",
    ),
    FindingType("tep-rong", "error", "Tệp rỗng (0 byte).", "Gửi lại tệp có số liệu."),
    FindingType(
        "lien-ket-ra-ngoai",
        "error",
        "Liên kết trỏ ra ngoài thư mục báo cáo nên không được mở.",
        "Chép chính tệp báo cáo vào thư mục submissions thay cho liên kết, rồi chạy lại.",
    ),
    FindingType(
        "khong-phai-tep",
        "error",
        "Mục này trong thư mục báo cáo không phải tệp báo cáo nên không được mở.",
        "Xóa hoặc chuyển mục này ra khỏi thư mục submissions; đặt vào đó tệp báo cáo (.xlsx, .csv).",
    ),
    FindingType(
        "tep-co-mat-khau",
        "error",
        "Tệp được đặt mật khẩu nên không đọc được.",
        "Gỡ mật khẩu (File > Info > Protect Workbook) rồi gửi lại.",
    ),
    FindingType(
        "tep-qua-lon",
        "error",
        "Tệp quá lớn hoặc nén bất thường.",
        "Chỉ gửi biểu mẫu báo cáo, không chèn ảnh hay dữ liệu khác.",
    ),
    FindingType(
        "qua-nhieu-loi",
        "error",
        "Tệp có quá nhiều lỗi; chỉ liệt kê các lỗi đầu tiên.",
        "Thường do dán nhầm dữ liệu vào biểu mẫu: xóa phần dán nhầm, sửa các lỗi đã liệt kê rồi gửi lại.",
    ),
    FindingType(
        "khong-phai-bieu-mau",
        "error",
        "Tệp không theo biểu mẫu báo cáo.",
        "Dùng biểu mẫu do tongket tạo (lệnh «tongket form») hoặc CSV có cột ma_don_vi,ma_chi_tieu,gia_tri.",
    ),
    FindingType(
        "bieu-mau-luu-csv",
        "warning",
        "Biểu mẫu Excel được lưu thành CSV: chỉ còn trang số liệu, không có trang đề nghị khen thưởng.",
        "Số liệu vẫn được tiếp nhận. Nếu đơn vị có đề nghị khen thưởng, gửi lại tệp .xlsx của biểu mẫu.",
    ),
    FindingType(
        "mau-cu",
        "warning",
        "Biểu mẫu phiên bản cũ.",
        "Lần sau dùng biểu mẫu mới nhất; số liệu lần này vẫn được tiếp nhận.",
    ),
    FindingType(
        "so-khong-hop-le",
        "error",
        "Giá trị không phải là số.",
        "Nhập số, không kèm chữ; dấu chấm ngăn cách hàng nghìn (ví dụ 25.493).",
    ),
    FindingType("so-am", "error", "Giá trị âm.", "Nhập số lớn hơn hoặc bằng 0."),
    FindingType(
        "so-le", "error", "Chỉ tiêu đếm (người, đơn vị, lượt...) không được có phần lẻ.", "Nhập số nguyên."
    ),
    FindingType(
        "so-mo-ho",
        "warning",
        "Không rõ dấu chấm/phẩy là phần nghìn hay phần thập phân.",
        "Ghi rõ: dấu chấm ngăn cách hàng nghìn, dấu phẩy ngăn cách phần thập phân.",
    ),
    FindingType(
        "cong-thuc-chua-tinh",
        "error",
        "Ô có công thức nhưng chưa có giá trị (tệp được lưu bằng công cụ không tính công thức).",
        "Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi lại.",
    ),
    FindingType(
        "thieu-chi-tieu",
        "error",
        "Thiếu số liệu của chỉ tiêu bắt buộc.",
        "Điền giá trị (ghi 0 nếu không có).",
    ),
    FindingType(
        "ma-chi-tieu-la",
        "warning",
        "Mã chỉ tiêu không có trong danh mục.",
        "Kiểm tra lại mã chỉ tiêu theo biểu mẫu; dòng này không được tính.",
    ),
    FindingType(
        "trung-chi-tieu",
        "error",
        "Một chỉ tiêu được khai nhiều lần trong cùng tệp.",
        "Giữ lại một dòng cho mỗi chỉ tiêu.",
    ),
    FindingType(
        "don-vi-khong-ro",
        "error",
        "Không xác định được đơn vị gửi báo cáo.",
        "Ghi đúng mã đơn vị hoặc tên đơn vị theo danh sách đơn vị.",
    ),
    FindingType(
        "trung-bao-cao",
        "error",
        "Một đơn vị có nhiều tệp báo cáo; không tệp nào được dùng.",
        "Giữ lại một tệp đúng nhất trong thư mục submissions và xoá các tệp còn lại.",
    ),
    FindingType(
        "sai-nam",
        "error",
        "Năm trong biểu mẫu không đúng năm tổng kết.",
        "Sửa ô Năm trong biểu mẫu cho đúng năm báo cáo.",
    ),
    FindingType(
        "khong-khop-tong",
        "error",
        "Số CĐCS sản xuất, kinh doanh cộng hành chính, sự nghiệp không bằng tổng số CĐCS.",
        "Kiểm tra lại ba chỉ tiêu cdcs, cdcs_sxkd, cdcs_hcsn.",
    ),
    FindingType(
        "moi-lon-hon-tong",
        "error",
        "Số thành lập, kết nạp mới lớn hơn tổng số.",
        "Kiểm tra lại số mới và số tổng.",
    ),
    FindingType(
        "bien-dong-lon",
        "warning",
        "Số liệu tăng hoặc giảm bất thường so với năm trước.",
        "Kiểm tra lại; nếu đúng, ghi lý do vào cột Ghi chú.",
    ),
    FindingType(
        "thieu-bao-cao",
        "error",
        "Đơn vị chưa gửi báo cáo.",
        "Gửi biểu mẫu báo cáo vào thư mục submissions của năm.",
    ),
    FindingType(
        "ma-hoa-cu",
        "warning",
        "Văn bản dùng bảng mã cũ (TCVN3/VNI), đã được chuyển sang Unicode.",
        "Lần sau dùng phông Unicode (Times New Roman).",
    ),
    FindingType(
        "ma-hoa-khong-ro",
        "warning",
        "Văn bản có thể dùng bảng mã cũ nhưng không chắc chắn.",
        "Gõ lại bằng phông Unicode (Times New Roman).",
    ),
    FindingType(
        "thieu-muc-tieu",
        "warning",
        "Chưa có chỉ tiêu giao ước để tính tỷ lệ hoàn thành.",
        "Bổ sung vào targets.csv của năm.",
    ),
    FindingType(
        "de-nghi-khong-hop-le",
        "warning",
        "Đề nghị khen thưởng thiếu thông tin.",
        "Điền đủ họ tên, đơn vị và hình thức đề nghị.",
    ),
    FindingType(
        "don-vi-het-hieu-luc",
        "error",
        "Đơn vị không còn trong danh sách đơn vị của năm tổng kết (đã sáp nhập hoặc giải thể).",
        "Báo cáo theo đơn vị kế thừa; nếu danh sách đơn vị chưa đúng, sửa tệp units.csv.",
    ),
    FindingType(
        "trung-tep",
        "warning",
        "Đơn vị gửi nhiều tệp có số liệu giống hệt nhau; chỉ tính một tệp.",
        "Xoá các tệp trùng trong thư mục submissions.",
    ),
    FindingType("nop-muon", "warning", "Báo cáo gửi sau hạn nộp.", "Lần sau gửi đúng hạn."),
]
CATALOGUE: dict[str, FindingType] = {t.code: t for t in _CATALOGUE}


@dataclass
class Finding:
    code: str
    unit: str | None = None
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None  # as Excel shows it: "E14"
    value: str | None = None
    detail: str = ""  # what exactly is wrong here, in Vietnamese
    indicator: str | None = None  # the indicator code the finding is about, if any

    @property
    def type(self) -> FindingType:
        return CATALOGUE[self.code]

    @property
    def severity(self) -> Severity:
        return self.type.severity

    def message(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"tệp {self.file}" if self.file else "",
                f"trang {self.sheet}" if self.sheet else "",
                _cell_label(self.cell) if self.cell else "",
                f"chỉ tiêu {self.indicator}" if self.indicator else "",
            )
            if part
        )
        found = f" Giá trị: «{self.value}»." if self.value not in (None, "") else ""
        detail = f" {self.detail}" if self.detail else ""
        head = f"[{self.code}] {where}: " if where else f"[{self.code}] "
        return f"{head}{self.type.rule}{detail}{found} Cách sửa: {self.type.fix}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(severity=self.severity, rule=self.type.rule, fix=self.type.fix)
        return data


def _cell_label(cell: str) -> str:
    """ "ô E14" for a workbook cell; CSV locations are already words ("dòng 5")."""
    return cell if cell.startswith("dòng") else f"ô {cell}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, **where: Any) -> Finding:
        if code not in CATALOGUE:
            raise KeyError(f"unknown finding code {code!r}")
        finding = Finding(code, **where)
        self.findings.append(finding)
        return finding

    def extend(self, other: Report) -> None:
        self.findings.extend(other.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def needs_person(self) -> bool:
        return bool(self.errors)

    def counts(self) -> dict[str, int]:
        return {"error": len(self.errors), "warning": len(self.warnings)}

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.unit or "", f.file or "", f.code, f.cell or ""))

    def to_json(self) -> str:
        body = {"counts": self.counts(), "findings": [f.to_dict() for f in self.sorted()]}
        return json.dumps(body, ensure_ascii=False, indent=2) + "\n"

    def write(self, path: Path) -> None:
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Report:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = {"code", "unit", "file", "sheet", "cell", "value", "detail", "indicator"}
        return cls([Finding(**{k: v for k, v in f.items() if k in fields}) for f in data["findings"]])


# Findings that make a whole file unusable: its unit is "excluded" unless another file of it is usable.
BLOCKING_CODES = frozenset(
    {
        "khong-doc-duoc",
        "tep-rong",
        "tep-co-mat-khau",
        "tep-qua-lon",
        "khong-phai-bieu-mau",
        "don-vi-khong-ro",
        "don-vi-het-hieu-luc",
        "trung-bao-cao",
        "sai-nam",
    }
)

# Findings that leave a figure of a received unit unknown through no choice of the unit's: it is
# received, but not in full (its note says which cells), and counts so in «N/M đơn vị».
PARTIAL_CODES = frozenset({"cong-thuc-chua-tinh"})
