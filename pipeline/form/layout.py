"""The layout of the Excel submission form, shared by the form writer and the ingest stage.

Ingest finds the table by its header labels, not by fixed rows, so units may insert blank rows,
reorder rows or merge header cells and the form still reads. Only the labels are the contract.
"""

from __future__ import annotations

FORM_VERSION = 2
OLDEST_READABLE_VERSION = 1

FIGURES_SHEET = "BaoCao"
NOMINATIONS_SHEET = "DeNghiKhenThuong"
META_SHEET = "_tongket"  # hidden: A1 "form_version", B1 the version number

# Labels in column A of the heading block; the value sits in the next column.
LABEL_UNIT_CODE = "Mã đơn vị:"
LABEL_UNIT_NAME = "Tên đơn vị:"
LABEL_YEAR = "Năm báo cáo:"

# Header row of the figures table (any row; found by the code header).
COL_STT = "STT"
COL_CODE = "Mã chỉ tiêu"
COL_NAME = "Tên chỉ tiêu"
COL_UNIT = "Đơn vị tính"
COL_VALUE = "Giá trị"
COL_NOTE = "Ghi chú"
FIGURES_HEADER = (COL_STT, COL_CODE, COL_NAME, COL_UNIT, COL_VALUE, COL_NOTE)

# Header row of the nominations sheet; the CSV file nominations.csv uses the keys.
NOMINATION_COLUMNS = {
    "STT": "stt",
    "Họ và tên / Tên tập thể": "ho_ten",
    "Chức vụ": "chuc_vu",
    "Đơn vị công tác": "don_vi_cong_tac",
    "Hình thức đề nghị": "hinh_thuc",
    "Tóm tắt thành tích": "thanh_tich",
    "Số ngày nghỉ trong năm": "so_ngay_nghi",
    "Số tháng công tác": "so_thang_cong_tac",
    "Bị kỷ luật (có/không)": "ky_luat",
    "Đăng ký thi đua (có/không)": "dang_ky_thi_dua",
}

# Forms of commendation, in the order the commendation list shows them.
AWARD_FORMS = {
    "co_thi_dua": "Cờ thi đua",
    "bang_khen_tap_the": "Bằng khen tập thể",
    "bang_khen_ca_nhan": "Bằng khen cá nhân",
}
