"""Nominations for Bằng khen cá nhân: units that send the form list them on its nominations sheet,
the others in the year's nominations.csv.

Some nominees fail an eligibility rule on purpose (absent too long, too few months, disciplined, not
registered): which ones, and why, is checked against tongket's own rules in tests/test_sample_inputs.py.
The given names cover the Vietnamese sorting cases (Anh, Ánh, Ân; D before Đ; Y last).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.form.layout import AWARD_FORMS, NOMINATION_COLUMNS
from pipeline.ingest.nominations import NOMINATION_FIELDS
from tools.demo.forms import Cell
from tools.sample.files import csv_text

BANG_KHEN_CA_NHAN = AWARD_FORMS["bang_khen_ca_nhan"]


@dataclass(frozen=True)
class Nomination:
    unit: str
    ho_ten: str
    chuc_vu: str
    don_vi_cong_tac: str
    thanh_tich: str
    so_ngay_nghi: int
    so_thang_cong_tac: int
    ky_luat: str = "không"
    dang_ky_thi_dua: str = "có"
    hinh_thuc: str = BANG_KHEN_CA_NHAN

    def fields(self) -> dict[str, str | int]:
        """The nomination by the keys ingest reads (layout.NOMINATION_COLUMNS' values, without stt)."""
        return {
            "ho_ten": self.ho_ten,
            "chuc_vu": self.chuc_vu,
            "don_vi_cong_tac": self.don_vi_cong_tac,
            "hinh_thuc": self.hinh_thuc,
            "thanh_tich": self.thanh_tich,
            "so_ngay_nghi": self.so_ngay_nghi,
            "so_thang_cong_tac": self.so_thang_cong_tac,
            "ky_luat": self.ky_luat,
            "dang_ky_thi_dua": self.dang_ky_thi_dua,
        }


# fmt: off
NOMINATIONS_2024 = (
    Nomination(
        "CB", "Nông Thị Ánh", "Chủ tịch CĐCS Trường THPT Nà Bao", "Công đoàn ngành Giáo dục tỉnh Cao Bằng",
        "Vận động đoàn viên đóng góp xây dựng nhà “Mái ấm Công đoàn” cho đoàn viên khó khăn; CĐCS được "
        "xếp loại hoàn thành xuất sắc nhiệm vụ năm 2024.",
        3, 184,
    ),
    Nomination(
        "CB", "Hoàng Văn Đức", "Phó Chủ tịch LĐLĐ huyện Hòa An", "LĐLĐ huyện Hòa An",
        "Chỉ đạo thành lập mới 04 CĐCS, kết nạp 312 đoàn viên, vượt 56% chỉ tiêu được giao.",
        39, 156,
    ),
    Nomination(
        "CB", "Lý Thị Hạnh", "Trưởng ban Tuyên giáo LĐLĐ tỉnh Cao Bằng", "LĐLĐ tỉnh Cao Bằng",
        "Tham mưu tổ chức các hoạt động kỷ niệm 95 năm Ngày thành lập Công đoàn Việt Nam; có 01 sáng kiến "
        "được công nhận cấp tỉnh.",
        2, 228,
    ),
    Nomination(
        "CB", "Bế Văn Dũng", "Chủ tịch CĐCS Công ty Cổ phần Xi măng Cao Bằng", "LĐLĐ thành phố Cao Bằng",
        "Phối hợp tổ chức 02 hội nghị đối thoại, thương lượng nâng giá trị bữa ăn ca từ 20.000 đồng lên "
        "25.000 đồng cho người lao động.",
        5, 142,
    ),
    Nomination(
        "CB", "Nguyễn Thị Yến", "Ủy viên BCH CĐCS Bệnh viện Đa khoa tỉnh Cao Bằng",
        "Công đoàn ngành Y tế tỉnh Cao Bằng",
        "Tích cực tham gia phong trào “Giỏi việc nước, đảm việc nhà”; vận động 45 đoàn viên tham gia hiến "
        "máu tình nguyện.",
        45, 96,
    ),
    Nomination(
        "CB", "Đàm Quang Anh", "Chủ tịch CĐCS Công ty TNHH MTV Cấp thoát nước Cao Bằng",
        "LĐLĐ thành phố Cao Bằng",
        "Tổ chức “Bữa cơm Công đoàn” cho 320 lượt đoàn viên; CĐCS đạt tiêu chuẩn “CĐCS vững mạnh” năm "
        "2024.",
        4, 121,
    ),
    Nomination(
        "CB", "Hoàng Như Ý", "Chủ tịch CĐCS Kho bạc Nhà nước huyện Trùng Khánh", "LĐLĐ huyện Trùng Khánh",
        "Kịp thời thăm hỏi, hỗ trợ 27 đoàn viên bị thiệt hại do cơn bão số 3 với tổng số tiền 81 triệu "
        "đồng.",
        0, 74,
    ),
    Nomination(
        "LS", "Vi Văn Đức", "Phó Chủ tịch LĐLĐ huyện Hữu Lũng", "LĐLĐ huyện Hữu Lũng",
        "Trực tiếp vận động thành lập 03 CĐCS doanh nghiệp ngoài nhà nước, kết nạp 268 đoàn viên.",
        6, 205,
    ),
    Nomination(
        "LS", "Lương Thị Mai", "Chủ tịch CĐCS Công ty Cổ phần Xi măng Đồng Bành", "LĐLĐ huyện Chi Lăng",
        "Phối hợp với người sử dụng lao động ký kết thỏa ước lao động tập thể có nhiều điểm có lợi hơn "
        "cho người lao động.",
        1, 133,
    ),
    Nomination(
        "LS", "Chu Văn Thắng", "Trưởng ban Chính sách - Pháp luật LĐLĐ tỉnh Lạng Sơn", "LĐLĐ tỉnh Lạng Sơn",
        "Tham mưu tổ chức 02 hội nghị tiếp xúc cử tri chuyên đề, tổng hợp 21 ý kiến, kiến nghị của đoàn "
        "viên gửi Đoàn đại biểu Quốc hội tỉnh.",
        2, 247,
    ),
    Nomination(
        "LS", "Tô Thị Phương", "Công nhân Tổ may 3, Công ty Cổ phần May Lạng Sơn",
        "LĐLĐ thành phố Lạng Sơn",
        "Có 01 sáng kiến cải tiến thao tác may cổ áo, tăng năng suất tổ sản xuất 12%.",
        0, 8,
    ),
    Nomination(
        "LS", "Nguyễn Đức Anh", "Chủ tịch CĐCS Cục Hải quan tỉnh Lạng Sơn",
        "Công đoàn Viên chức tỉnh Lạng Sơn",
        "CĐCS hoàn thành xuất sắc nhiệm vụ 5 năm liền; tổ chức chương trình “Tết sum vầy” cho 150 đoàn "
        "viên khó khăn.",
        3, 172,
    ),
    Nomination(
        "LS", "Đinh Thị Ánh", "Chủ tịch CĐCS Trường Tiểu học Hoàng Văn Thụ",
        "Công đoàn ngành Giáo dục tỉnh Lạng Sơn",
        "Vận động đoàn viên hỗ trợ 12 học sinh có hoàn cảnh khó khăn; CĐCS vững mạnh 3 năm liền.",
        8, 263,
    ),
    Nomination(
        "LS", "Lăng Văn Bình", "Chủ tịch CĐCS Công ty Cổ phần Bến xe Lạng Sơn", "LĐLĐ thành phố Lạng Sơn",
        "Chủ động thương lượng tăng phụ cấp độc hại cho lái xe; phát triển 46 đoàn viên mới.",
        5, 98,
    ),
    Nomination(
        "TN", "Nguyễn Thị Lan Anh", "Chủ tịch CĐCS Công ty TNHH May mặc Phú Bình",
        "Công đoàn các Khu công nghiệp tỉnh Thái Nguyên",
        "Kết nạp 1.215 đoàn viên trong năm; tổ chức “Ngày hội công nhân lao động” cho trên 3.000 công "
        "nhân.",
        4, 115,
    ),
    Nomination(
        "TN", "Trần Văn Đạt", "Tổ trưởng Tổ cơ điện, Nhà máy Cán thép Lưu Xá",
        "Công đoàn Công ty Cổ phần Gang thép Thái Nguyên",
        "Có 02 sáng kiến cải tiến kỹ thuật làm lợi cho doanh nghiệp trên 600 triệu đồng.",
        7, 186, ky_luat="có",
    ),
    Nomination(
        "TN", "Dương Thị Hà", "Phó Chủ tịch LĐLĐ thành phố Sông Công", "LĐLĐ thành phố Sông Công",
        "Tham mưu tổ chức 06 lớp tập huấn nghiệp vụ cho 720 lượt cán bộ CĐCS; giới thiệu 86 đoàn viên ưu "
        "tú cho Đảng.",
        2, 198,
    ),
    Nomination(
        "TN", "Lê Minh Ân", "Chủ tịch CĐCS Công ty Cổ phần Chè Tân Cương", "LĐLĐ thành phố Thái Nguyên",
        "Tổ chức hỗ trợ 58 đoàn viên bị thiệt hại do cơn bão số 3, tổng số tiền 174 triệu đồng.",
        3, 144,
    ),
    Nomination(
        "TN", "Phạm Quốc Hùng", "Trưởng ban Tổ chức LĐLĐ tỉnh Thái Nguyên", "LĐLĐ tỉnh Thái Nguyên",
        "Tham mưu phát triển 8.120 đoàn viên, thành lập 38 CĐCS, vượt chỉ tiêu giao ước thi đua của Cụm.",
        1, 236,
    ),
    Nomination(
        "TN", "Ngô Thị Thu Trang", "Công nhân Tổ SMT, Công ty TNHH Điện tử Yên Bình",
        "Công đoàn các Khu công nghiệp tỉnh Thái Nguyên",
        "Có 01 sáng kiến giảm tỷ lệ lỗi hàn linh kiện 30%, được Công ty công nhận và áp dụng.",
        0, 10,
    ),
    Nomination(
        "TN", "Đỗ Văn Khánh", "Chủ tịch CĐCS Trường Tiểu học Gia Sàng",
        "Công đoàn ngành Giáo dục tỉnh Thái Nguyên",
        "CĐCS vững mạnh tiêu biểu; tổ chức hiệu quả phong trào “Dạy tốt, học tốt” trong đoàn viên.",
        6, 167,
    ),
    Nomination(
        "BK", "Hà Thị Yến", "Chủ tịch CĐCS Bệnh viện Đa khoa tỉnh Bắc Kạn",
        "Công đoàn ngành Y tế tỉnh Bắc Kạn",
        "Tổ chức khám, tư vấn sức khỏe miễn phí cho 420 đoàn viên, người lao động khó khăn.",
        4, 152,
    ),
    Nomination(
        "BK", "Triệu Đức Long", "Phó Chủ tịch LĐLĐ huyện Ba Bể", "LĐLĐ huyện Ba Bể",
        "Vận động thành lập 02 CĐCS, kết nạp 135 đoàn viên; hỗ trợ xây 02 nhà “Mái ấm Công đoàn”.",
        3, 139,
    ),
    Nomination(
        "BK", "Lục Thị Oanh", "Trưởng ban Tổ chức LĐLĐ tỉnh Bắc Kạn", "LĐLĐ tỉnh Bắc Kạn",
        "Tham mưu tổ chức 19 lớp tập huấn cho trên 2.200 lượt cán bộ công đoàn các cấp.",
        2, 214,
    ),
    Nomination(
        "BK", "Hoàng Văn Uy", "Chủ tịch CĐCS Công ty Cổ phần Khoáng sản Bắc Kạn", "LĐLĐ thành phố Bắc Kạn",
        "Thương lượng, ký kết thỏa ước lao động tập thể; không để xảy ra tai nạn lao động nghiêm trọng.",
        5, 126,
    ),
    Nomination(
        "BK", "Hoàng Văn Dũng", "Chủ tịch CĐCS Trường THPT Chợ Đồn",
        "Công đoàn ngành Giáo dục tỉnh Bắc Kạn",
        "CĐCS vững mạnh 3 năm liền; giới thiệu 05 đoàn viên ưu tú cho Đảng xem xét kết nạp.",
        1, 178,
    ),
    Nomination(
        "TQ", "Hà Thiên Ân", "Chủ tịch CĐCS Công ty Cổ phần Giấy An Hòa",
        "Công đoàn Khu công nghiệp Long Bình An",
        "Tổ chức “Tết sum vầy” cho 1.100 công nhân; thương lượng tăng giá trị bữa ăn ca.",
        2, 161,
    ),
    Nomination(
        "TQ", "Phạm Hải Yến", "Phó Chủ tịch LĐLĐ huyện Sơn Dương", "LĐLĐ huyện Sơn Dương",
        "Chỉ đạo thành lập 03 CĐCS doanh nghiệp, kết nạp 410 đoàn viên, đạt 128% chỉ tiêu.",
        4, 132,
    ),
    Nomination(
        "TQ", "Trịnh Văn Dũng", "Chủ tịch CĐCS Trường THCS Hồng Thái", "LĐLĐ huyện Na Hang",
        "Vận động đoàn viên quyên góp ủng hộ đồng bào bị thiệt hại do cơn bão số 3.",
        3, 88, dang_ky_thi_dua="không",
    ),
    Nomination(
        "TQ", "Hoàng Thị Thảo", "Trưởng ban Nữ công LĐLĐ tỉnh Tuyên Quang", "LĐLĐ tỉnh Tuyên Quang",
        "Tham mưu tổ chức đám cưới tập thể cho 15 cặp đôi công nhân; triển khai hiệu quả chương trình "
        "“Mái ấm Công đoàn”.",
        2, 219,
    ),
    Nomination(
        "TQ", "Lê Văn Cường", "Chủ tịch CĐCS Công ty Cổ phần Xi măng Tân Quang", "LĐLĐ huyện Yên Sơn",
        "Có 03 sáng kiến được công nhận cấp cơ sở; tổ chức tốt “Tháng Công nhân” năm 2024.",
        6, 190,
    ),
    Nomination(
        "HG", "Lò Thị Hà", "Chủ tịch CĐCS Trường Phổ thông Dân tộc nội trú huyện Đồng Văn",
        "Công đoàn ngành Giáo dục tỉnh Hà Giang",
        "Vận động đoàn viên hỗ trợ học sinh vùng cao khó khăn; CĐCS vững mạnh tiêu biểu.",
        5, 148,
    ),
    Nomination(
        "HG", "Vương Quang Đạt", "Phó Chủ tịch LĐLĐ huyện Yên Minh", "LĐLĐ huyện Yên Minh",
        "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND huyện với công nhân lao động; kết nạp 96 đoàn "
        "viên.",
        2, 175,
    ),
    Nomination(
        "HG", "Nguyễn Văn Tâm", "Chủ tịch CĐCS Công ty Cổ phần Thủy điện Sông Miện",
        "LĐLĐ thành phố Hà Giang",
        "Phối hợp bảo đảm an toàn vệ sinh lao động, không để xảy ra sự cố trong mùa mưa bão.",
        52, 201, ky_luat="có",
    ),
    Nomination(
        "HG", "Đặng Thị Quỳnh", "Chủ tịch CĐCS Trung tâm Y tế huyện Quản Bạ",
        "Công đoàn ngành Y tế tỉnh Hà Giang",
        "Tổ chức thăm hỏi, hỗ trợ 34 đoàn viên bị ảnh hưởng do thiên tai; CĐCS vững mạnh.",
        4, 117,
    ),
    Nomination(
        "HG", "Sùng Mí Chứ", "Chủ tịch Công đoàn ngành Nông nghiệp và Phát triển nông thôn tỉnh Hà Giang",
        "LĐLĐ tỉnh Hà Giang",
        "Chỉ đạo 100% CĐCS trực thuộc đăng ký thi đua; có 02 sáng kiến được công nhận cấp ngành.",
        3, 232,
    ),
)
NOMINATIONS_2025 = (
    Nomination(
        "CB", "Lý Thị Hạnh", "Trưởng ban Tuyên giáo LĐLĐ tỉnh Cao Bằng", "LĐLĐ tỉnh Cao Bằng",
        "Tham mưu tuyên truyền sắp xếp tổ chức bộ máy, bảo đảm hoạt động công đoàn thông suốt sau ngày "
        "01/7/2025.",
        3, 240,
    ),
    Nomination(
        "CB", "Nông Văn Tuấn", "Chủ tịch Công đoàn phường Thục Phán", "LĐLĐ tỉnh Cao Bằng",
        "Tiếp nhận, kiện toàn 38 CĐCS sau sắp xếp đơn vị hành chính; kết nạp 215 đoàn viên.",
        2, 131,
    ),
    Nomination(
        "CB", "Đàm Thị Xuân", "Chủ tịch CĐCS Công ty Cổ phần Xi măng Cao Bằng",
        "Công đoàn phường Nùng Trí Cao",
        "Thương lượng tăng giá trị bữa ăn ca lên 30.000 đồng; tổ chức “Bữa cơm Công đoàn” cho 400 lượt "
        "đoàn viên.",
        5, 104,
    ),
    Nomination(
        "LS", "Vi Văn Đức", "Phó Chủ tịch LĐLĐ tỉnh Lạng Sơn", "LĐLĐ tỉnh Lạng Sơn",
        "Chỉ đạo phát triển 4.785 đoàn viên, thành lập 24 CĐCS, hoàn thành vượt các chỉ tiêu giao ước thi "
        "đua.",
        1, 217,
    ),
    Nomination(
        "LS", "Hoàng Thị Giang", "Chủ tịch Công đoàn phường Lương Văn Tri", "LĐLĐ tỉnh Lạng Sơn",
        "Tổ chức thăm hỏi, hỗ trợ 86 đoàn viên bị thiệt hại do mưa lũ tháng 10/2025.",
        4, 156,
    ),
    Nomination(
        "TN", "Triệu Đức Long", "Chủ tịch Công đoàn xã Ba Bể", "LĐLĐ tỉnh Thái Nguyên",
        "Kiện toàn tổ chức công đoàn xã sau sắp xếp; hỗ trợ xây 03 nhà “Mái ấm Công đoàn”.",
        3, 151,
    ),
    Nomination(
        "TN", "Nguyễn Thị Lan Anh", "Chủ tịch CĐCS Công ty TNHH May mặc Phú Bình",
        "Công đoàn các Khu công nghiệp tỉnh Thái Nguyên",
        "Kết nạp 1.340 đoàn viên; tổ chức “Tháng Công nhân” năm 2025 cho trên 3.500 công nhân.",
        2, 127,
    ),
    Nomination(
        "TN", "Phan Minh Khôi", "Công nhân Tổ bảo dưỡng, Công ty Cổ phần Gang thép Thái Nguyên",
        "Công đoàn Công ty Cổ phần Gang thép Thái Nguyên",
        "Có 02 sáng kiến cải tiến kỹ thuật làm lợi cho doanh nghiệp trên 450 triệu đồng.",
        41, 98,
    ),
    Nomination(
        "TQ", "Phạm Hải Yến", "Chủ tịch Công đoàn xã Sơn Dương", "LĐLĐ tỉnh Tuyên Quang",
        "Tiếp nhận 41 CĐCS sau sắp xếp; kết nạp 386 đoàn viên, đạt 121% chỉ tiêu.",
        3, 144,
    ),
    Nomination(
        "TQ", "Vương Quang Đạt", "Chủ tịch Công đoàn phường Hà Giang 1", "LĐLĐ tỉnh Tuyên Quang",
        "Tổ chức hội nghị đối thoại với công nhân lao động; kịp thời hỗ trợ đoàn viên bị thiên tai.",
        2, 187,
    ),
    Nomination(
        "TQ", "Hoàng Thị Thảo", "Trưởng ban Nữ công LĐLĐ tỉnh Tuyên Quang", "LĐLĐ tỉnh Tuyên Quang",
        "Tham mưu chương trình “Mái ấm Công đoàn” hỗ trợ 63 nhà cho đoàn viên khó khăn.",
        1, 231,
    ),
)
# fmt: on
NOMINATIONS = {2024: NOMINATIONS_2024, 2025: NOMINATIONS_2025}


def form_row(nomination: Nomination) -> list[Cell]:
    """The row a unit types on the form's nominations sheet: the columns after STT, in layout order."""
    keys = [key for key in NOMINATION_COLUMNS.values() if key != "stt"]
    return [nomination.fields()[key] for key in keys]


def nominations_csv(nominations: list[Nomination]) -> str:
    rows = [(n.unit, *(n.fields()[key] for key in NOMINATION_FIELDS[1:])) for n in nominations]
    return csv_text(NOMINATION_FIELDS, rows)


def check_nominations(units_by_year: dict[int, tuple[str, ...]]) -> None:
    for year, minimum in ((2024, 34), (2025, 8)):
        nominations = NOMINATIONS[year]
        assert len(nominations) >= minimum, f"{year}: {len(nominations)} nominations"
        assert {n.unit for n in nominations} == set(units_by_year[year]), f"{year}: every unit nominates"
        for n in nominations:
            assert n.ky_luat in ("có", "không") and n.dang_ky_thi_dua in ("có", "không"), n.ho_ten
    given_names = {n.ho_ten.split()[-1] for n in NOMINATIONS_2024}
    sorting_cases = {"Anh", "Ánh", "Ân", "Dũng", "Đức", "Đạt", "Hà", "Hạnh", "Ý", "Yến"}
    assert sorting_cases <= given_names, sorting_cases - given_names
