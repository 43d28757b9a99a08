# ruff: noqa: E501  (prose: Vietnamese sentences are easier to edit unbroken)
"""The wording of the templates, as (style, text) lines, for tools/build_templates.py.

Kept apart from the layout code so the prose reads in one piece. Style "tag" is a docxtpl
paragraph tag ({%p ... %}) on a line of its own. Text in [... bổ sung ...] is highlighted in
the template: the place where the office writes what no figure can say.
"""

from __future__ import annotations

ND, MI, M1, MA, PHAN, TAG = "Noi dung", "Muc I", "Muc 1", "Muc a", "Phan", "tag"

REPORT: list[tuple[str, str]] = [
    (TAG, "for cc in hoi_nghi.can_cu"),
    ("Can cu", "Căn cứ {{ cc }};"),
    (TAG, "endfor"),
    (
        ND,
        "Năm {{ nam }}, với chủ đề “{{ hoi_nghi.chu_de }}”, bám sát sự chỉ đạo, định hướng của Tổng Liên đoàn "
        "Lao động (LĐLĐ) Việt Nam, nhiệm vụ chính trị của địa phương và Nghị quyết Đại hội Công đoàn các cấp, "
        "{{ co_quan.ten_cum }} gồm {{ so_don_vi|so_dem }} đơn vị{% if nhieu_don_vi %} {{ co_quan.trong_nhom }}"
        "{% else %}: {{ ten_cac_don_vi|liet_ke }}{% endif %} đã tích cực "
        "thi đua, triển khai các hoạt động công đoàn, đạt được nhiều kết quả nổi bật. {{ co_quan.ten_cum }} "
        "báo cáo tổng kết phong trào thi đua công nhân, viên chức, lao động (CNVCLĐ) và hoạt động công đoàn "
        "năm {{ nam }}, phương hướng nhiệm vụ năm {{ nam_sau }} như sau:",
    ),
    (PHAN, "PHẦN THỨ NHẤT"),
    (PHAN, "KẾT QUẢ THI ĐUA VÀ HOẠT ĐỘNG CÔNG ĐOÀN NĂM {{ nam }}"),
    (MI, "I. ĐẶC ĐIỂM TÌNH HÌNH"),
    (
        ND,
        "Tổ chức Công đoàn các đơn vị {{ co_quan.trong_nhom }} có {{ tong.cdcs|so }} công đoàn cơ sở (CĐCS), trong đó CĐCS "
        "khối sản xuất, kinh doanh {{ tong.cdcs_sxkd|so }} đơn vị; khối hành chính nhà nước, sự nghiệp "
        "{{ tong.cdcs_hcsn|so }} đơn vị; tổng số đoàn viên là {{ tong.doan_vien|so }} người"
        "{{ so_lieu.doan_vien|so_sanh }}.",
    ),
    (
        ND,
        "Số liệu trong báo cáo được tổng hợp từ báo cáo của {{ so_don_vi_bao_cao|so }}/{{ so_don_vi|so }} "
        "đơn vị {{ co_quan.trong_nhom }}.",
    ),
    # Above 60 units: counts, and the annex's «Tình trạng» column names them (no paragraph of names).
    (TAG, "if nhieu_don_vi"),
    (TAG, "if don_vi_thieu"),
    (
        ND,
        "Đến thời điểm tổng hợp, còn {{ don_vi_thieu|length|so }} đơn vị chưa gửi báo cáo; số liệu của các "
        "đơn vị này chưa được tính trong báo cáo (danh sách ở cột «Tình trạng», trang tính «Số liệu» của tệp "
        "{{ phu_luc.tep_so_lieu }} kèm theo).",
    ),
    (TAG, "endif"),
    (TAG, "if don_vi_loai"),
    (
        ND,
        "Số liệu của {{ don_vi_loai|length|so }} đơn vị không được tổng hợp do báo cáo chưa hợp lệ (danh sách "
        "ở cột «Tình trạng», trang tính «Số liệu» của tệp {{ phu_luc.tep_so_lieu }} kèm theo).",
    ),
    (TAG, "endif"),
    (TAG, "else"),
    (TAG, "if don_vi_thieu"),
    (
        ND,
        "Đến thời điểm tổng hợp, {{ don_vi_thieu|map(attribute='ten_ngan')|liet_ke }} chưa gửi báo cáo; "
        "số liệu của đơn vị này chưa được tính trong báo cáo.",
    ),
    (TAG, "endif"),
    (TAG, "for dv in don_vi_loai"),
    (ND, "Số liệu của {{ dv.ten_ngan }} không được tổng hợp: {{ dv.ghi_chu }}"),
    (TAG, "endfor"),
    (TAG, "endif"),
    (TAG, "for gc in ghi_chu_ke_thua"),
    (ND, "{{ gc }}"),
    (TAG, "endfor"),
    (M1, "1. Thuận lợi"),
    (ND, "[Văn phòng bổ sung: những thuận lợi trong năm {{ nam }}.]"),
    (M1, "2. Khó khăn"),
    (ND, "[Văn phòng bổ sung: những khó khăn, thách thức trong năm {{ nam }}.]"),
    (MI, "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ TRỌNG TÂM"),
    (M1, "1. Công tác đại diện, bảo vệ quyền, lợi ích hợp pháp, chính đáng của đoàn viên, người lao động"),
    (
        ND,
        "Công tác đại diện, bảo vệ quyền, lợi ích hợp pháp, chính đáng của đoàn viên và người lao động được "
        "quan tâm thực hiện. {{ co_quan.cac_don_vi }} đã chủ động tham mưu, phối hợp với Đoàn đại biểu Quốc hội tại các "
        "địa phương tổ chức {{ tong.hn_cu_tri|so_dem }} hội nghị tiếp xúc cử tri chuyên đề với đoàn viên, "
        "CNVCLĐ{{ so_lieu.hn_cu_tri|so_sanh }}, tổng hợp {{ tong.kien_nghi|so }} ý kiến, kiến nghị của đoàn "
        "viên gửi đến Đoàn đại biểu Quốc hội. Tổ chức được {{ tong.hn_doi_thoai|so_dem }} hội nghị đối thoại "
        "giữa người đứng đầu cấp ủy, chính quyền với công nhân lao động. Các cấp công đoàn tổ chức "
        "{{ tong.thuong_luong|so }} cuộc thương lượng, đối thoại về tiền lương, thời giờ làm việc, nâng giá trị "
        "bữa ăn ca{{ so_lieu.thuong_luong|so_sanh }}.",
    ),
    (ND, "[Văn phòng bổ sung: kết quả ký kết thỏa ước lao động tập thể, tư vấn pháp luật (nếu có).]"),
    (M1, "2. Công tác chăm lo đời sống, việc làm cho đoàn viên, người lao động"),
    (
        ND,
        "Công tác chăm lo cho đoàn viên, người lao động có nhiều đổi mới, sáng tạo thông qua các chương trình "
        "“Tết sum vầy”, “Mái ấm Công đoàn”, “Bữa cơm Công đoàn” và các hoạt động chăm lo khác; "
        "{{ tong.suat_qua|so }} suất quà trị giá {{ tong.tien_qua|tien_uoc }} được trao đến đoàn viên, người "
        "lao động có hoàn cảnh khó khăn{{ so_lieu.suat_qua|so_sanh }}; hỗ trợ xây dựng, sửa chữa "
        "{{ tong.mai_am|so }} nhà “Mái ấm Công đoàn” cho đoàn viên có hoàn cảnh khó khăn với tổng số tiền "
        "{{ tong.tien_mai_am|tien_uoc }}.",
    ),
    (
        ND,
        "Các cấp công đoàn đã kịp thời thăm hỏi, động viên, hỗ trợ {{ tong.ho_tro_thien_tai|so }} đoàn viên, "
        "người lao động bị thiệt hại do thiên tai với tổng kinh phí hỗ trợ {{ tong.tien_thien_tai|tien_uoc }}.",
    ),
    (M1, "3. Công tác tổ chức các phong trào thi đua"),
    (
        ND,
        "Phong trào thi đua “Lao động giỏi, Lao động sáng tạo” tiếp tục được triển khai sâu rộng, thu hút đông "
        "đảo cán bộ, đoàn viên, CNVCLĐ tham gia; trong năm có {{ tong.sang_kien|so }} sáng kiến được công "
        "nhận{{ so_lieu.sang_kien|so_sanh }}. Toàn {{ co_quan.nhom }} có {{ tong.co_thi_dua_tld|so_dem }} tập thể được tặng "
        "Cờ thi đua của Tổng LĐLĐ Việt Nam, {{ tong.bang_khen_tap_the_tld|so_dem }} tập thể và "
        "{{ tong.bang_khen_ca_nhan_tld|so_dem }} cá nhân được tặng Bằng khen của Tổng LĐLĐ Việt Nam.",
    ),
    (M1, "4. Công tác phát triển đoàn viên, thành lập CĐCS, giới thiệu đoàn viên ưu tú cho Đảng"),
    (
        ND,
        "Các đơn vị {{ co_quan.trong_nhom }} thành lập được {{ tong.cdcs_moi|so_dem }} CĐCS{{ so_lieu.cdcs_moi|so_sanh }}, "
        "kết nạp được {{ tong.doan_vien_moi|so }} đoàn viên{{ so_lieu.doan_vien_moi|so_sanh }}; giới thiệu "
        "{{ tong.gioi_thieu_dang|so }} đoàn viên ưu tú cho Đảng{{ so_lieu.gioi_thieu_dang|so_sanh }} và có "
        "{{ tong.ket_nap_dang|so }} đoàn viên được kết nạp vào Đảng{{ so_lieu.ket_nap_dang|so_sanh }}.",
    ),
    (M1, "5. Công tác đào tạo, bồi dưỡng cán bộ công đoàn"),
    (
        ND,
        "Tổ chức {{ tong.lop_tap_huan|so_dem }} lớp bồi dưỡng, tập huấn nghiệp vụ công đoàn"
        "{{ so_lieu.lop_tap_huan|so_sanh }} cho {{ tong.luot_tap_huan|so_uoc }} lượt cán bộ công đoàn các cấp.",
    ),
    (M1, "6. Kết quả thực hiện chỉ tiêu giao ước thi đua"),
    (
        ND,
        "Kết quả thực hiện {{ chi_tieu_tong|length|so_dem }} chỉ tiêu giao ước thi đua năm {{ nam }} của toàn "
        "{{ co_quan.nhom }} như sau (chi tiết từng đơn vị tại Biểu 03 kèm theo):",
    ),
    (TAG, "for ct in chi_tieu_tong"),
    (
        ND,
        "- {{ ct.ten }}: thực hiện {{ ct.gia_tri|kem_dvt(ct.kieu, ct.dvt) }}, {{ ct.ty_le_dat|dat_chi_tieu }};",
    ),
    (TAG, "endfor"),
    (M1, "7. Công tác thi đua, khen thưởng"),
    (
        ND,
        "Căn cứ kết quả chấm điểm theo bảng điểm thi đua đã thống nhất (Biểu 04 kèm theo), {{ co_quan.ten_cum }} "
        "thống nhất đề nghị Tổng LĐLĐ Việt Nam:",
    ),
    # Above liet_ke_toi_da collectives of a form: the count and the tờ trình's list, as for individuals.
    (TAG, "if khen_thuong.co_thi_dua|length > liet_ke_toi_da"),
    (
        ND,
        "- Tặng Cờ thi đua đơn vị xuất sắc dẫn đầu phong trào thi đua CNVCLĐ và hoạt động công đoàn năm "
        "{{ nam }} cho {{ khen_thuong.co_thi_dua|length|so_dem }} tập thể (danh sách kèm theo Tờ trình số "
        "{{ van_ban.to_trinh.so|so_van_ban }});",
    ),
    (TAG, "else"),
    (TAG, "for kt in khen_thuong.co_thi_dua"),
    (
        ND,
        "- Tặng Cờ thi đua đơn vị xuất sắc dẫn đầu phong trào thi đua CNVCLĐ và hoạt động công đoàn năm "
        "{{ nam }} cho {{ kt.ten }};",
    ),
    (TAG, "endfor"),
    (TAG, "endif"),
    (TAG, "if khen_thuong.bang_khen_tap_the|length > liet_ke_toi_da"),
    (
        ND,
        "- Tặng Bằng khen có thành tích xuất sắc trong phong trào thi đua CNVCLĐ và hoạt động công đoàn năm "
        "{{ nam }} cho {{ khen_thuong.bang_khen_tap_the|length|so_dem }} tập thể (danh sách kèm theo Tờ trình "
        "số {{ van_ban.to_trinh.so|so_van_ban }});",
    ),
    (TAG, "elif khen_thuong.bang_khen_tap_the"),
    (
        ND,
        "- Tặng Bằng khen có thành tích xuất sắc trong phong trào thi đua CNVCLĐ và hoạt động công đoàn năm "
        "{{ nam }} cho {{ khen_thuong.bang_khen_tap_the|map(attribute='ten')|liet_ke }};",
    ),
    (TAG, "endif"),
    (TAG, "if khen_thuong.bang_khen_ca_nhan"),
    (
        ND,
        "- Tặng Bằng khen cho {{ khen_thuong.bang_khen_ca_nhan|length|so_dem }} cá nhân có thành tích xuất sắc "
        "(danh sách kèm theo Tờ trình số {{ van_ban.to_trinh.so|so_van_ban }}).",
    ),
    (TAG, "endif"),
    (TAG, "if khong_du_dieu_kien"),
    (
        ND,
        "Có {{ khong_du_dieu_kien|length|so_dem }} trường hợp do các đơn vị đề nghị chưa đủ điều kiện khen "
        "thưởng theo quy định (có danh sách riêng).",
    ),
    (TAG, "endif"),
    (MI, "III. ĐÁNH GIÁ CHUNG"),
    (M1, "1. Ưu điểm"),
    (ND, "[Văn phòng bổ sung: đánh giá ưu điểm nổi bật của phong trào thi đua năm {{ nam }}.]"),
    (M1, "2. Tồn tại, hạn chế"),
    (ND, "[Văn phòng bổ sung: những tồn tại, hạn chế.]"),
    (M1, "3. Nguyên nhân"),
    (ND, "[Văn phòng bổ sung: nguyên nhân khách quan, chủ quan của tồn tại, hạn chế.]"),
    (PHAN, "PHẦN THỨ HAI"),
    (PHAN, "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {{ nam_sau }}"),
    (MI, "I. CHỈ TIÊU CHỦ YẾU"),
    (
        ND,
        "Năm {{ nam_sau }}, các đơn vị {{ co_quan.trong_nhom }} thống nhất phấn đấu thực hiện các chỉ tiêu chủ yếu sau:",
    ),
    (TAG, "for ct in nam_sau_gu.chi_tieu"),
    (ND, "- {{ ct.ten }}: {{ ct.tong|kem_dvt(ct.kieu, ct.dvt) }};"),
    (TAG, "endfor"),
    (MI, "II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM"),
    (TAG, "for nd in nam_sau_gu.noi_dung"),
    (ND, "{{ loop.index }}. {{ nd }}"),
    (TAG, "endfor"),
    (ND, "[Văn phòng bổ sung: giải pháp cụ thể của {{ co_quan.nhom }} trong năm {{ nam_sau }}.]"),
    (MI, "III. TỔ CHỨC THỰC HIỆN"),
    (TAG, "if nam_sau_gu.cum_truong"),
    (
        ND,
        "Tại Hội nghị tổng kết ngày {{ hoi_nghi.ngay|ngay_ngan }}, các đơn vị {{ co_quan.trong_nhom }} đã thống nhất bầu "
        "{{ nam_sau_gu.cum_truong }} làm Cụm trưởng, {{ nam_sau_gu.cum_pho }} làm Cụm phó năm {{ nam_sau }} "
        "và ký kết giao ước thi đua năm {{ nam_sau }}.",
    ),
    (TAG, "endif"),
    (MI, "IV. ĐỀ XUẤT, KIẾN NGHỊ"),
    (ND, "[Văn phòng bổ sung: đề xuất, kiến nghị với Tổng LĐLĐ Việt Nam (nếu có).]"),
    (
        "Ket thuc",
        "Trên đây là báo cáo tổng kết phong trào thi đua CNVCLĐ và hoạt động công đoàn năm {{ nam }}, phương "
        "hướng nhiệm vụ năm {{ nam_sau }} của {{ co_quan.ten_cum }}./.",
    ),
]

TO_TRINH: list[tuple[str, str]] = [
    ("Kinh gui", "Kính gửi: Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam."),
    (TAG, "for cc in hoi_nghi.can_cu"),
    ("Can cu", "Căn cứ {{ cc }};"),
    (TAG, "endfor"),
    (
        "Can cu",
        "Căn cứ kết quả chấm điểm, bình xét thi đua tại Hội nghị tổng kết phong trào thi đua năm {{ nam }} của "
        "{{ co_quan.ten_cum }} ngày {{ hoi_nghi.ngay|ngay_ngan }},",
    ),
    (
        ND,
        "Năm {{ nam }}, các đơn vị trong {{ co_quan.ten_cum }} đã thành lập {{ tong.cdcs_moi|so_dem }} công đoàn "
        "cơ sở, kết nạp {{ tong.doan_vien_moi|so }} đoàn viên; trao {{ tong.suat_qua|so }} suất quà trị giá "
        "{{ tong.tien_qua|tien_uoc }} đến đoàn viên, người lao động; giới thiệu {{ tong.gioi_thieu_dang|so }} "
        "đoàn viên ưu tú cho Đảng.",
    ),
    (ND, "{{ co_quan.ten_cum }} kính trình Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam xem xét, tặng:"),
    # Above liet_ke_toi_da collectives of a form: the count, the names being in the attached list.
    (TAG, "if khen_thuong.co_thi_dua|length > liet_ke_toi_da"),
    (
        ND,
        "- Cờ thi đua đơn vị xuất sắc dẫn đầu phong trào thi đua CNVCLĐ và hoạt động công đoàn năm {{ nam }} "
        "cho {{ khen_thuong.co_thi_dua|length|so_dem }} tập thể (có danh sách kèm theo);",
    ),
    (TAG, "elif khen_thuong.co_thi_dua"),
    (
        ND,
        "- Cờ thi đua đơn vị xuất sắc dẫn đầu phong trào thi đua CNVCLĐ và hoạt động công đoàn năm {{ nam }} "
        "cho {{ khen_thuong.co_thi_dua|length|so_dem }} tập thể: "
        "{{ khen_thuong.co_thi_dua|map(attribute='ten')|liet_ke }};",
    ),
    (TAG, "endif"),
    (TAG, "if khen_thuong.bang_khen_tap_the|length > liet_ke_toi_da"),
    (
        ND,
        "- Bằng khen cho {{ khen_thuong.bang_khen_tap_the|length|so_dem }} tập thể (có danh sách kèm theo);",
    ),
    (TAG, "elif khen_thuong.bang_khen_tap_the"),
    (
        ND,
        "- Bằng khen cho {{ khen_thuong.bang_khen_tap_the|length|so_dem }} tập thể: "
        "{{ khen_thuong.bang_khen_tap_the|map(attribute='ten')|liet_ke }};",
    ),
    (TAG, "endif"),
    (TAG, "if khen_thuong.bang_khen_ca_nhan"),
    (ND, "- Bằng khen cho {{ khen_thuong.bang_khen_ca_nhan|length|so_dem }} cá nhân có thành tích xuất sắc."),
    (TAG, "endif"),
    (ND, "(Có danh sách và tóm tắt thành tích kèm theo)."),
    ("Ket thuc", "Kính trình Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam xem xét, quyết định./."),
]

GIAO_UOC: list[tuple[str, str]] = [
    (TAG, "for cc in hoi_nghi.can_cu"),
    ("Can cu", "Căn cứ {{ cc }};"),
    (TAG, "endfor"),
    (
        "Can cu",
        "Căn cứ kết quả Hội nghị tổng kết phong trào thi đua năm {{ nam }} của {{ co_quan.ten_cum }} ngày "
        "{{ hoi_nghi.ngay|ngay_ngan }},",
    ),
    # Above 60 units the signing units are not listed here: they are on a sheet of the annex workbook.
    (TAG, "if nam_sau_gu.ky_o_phu_luc"),
    (
        ND,
        "Hôm nay, {{ hoi_nghi.ngay|ngay_dai }}, tại {{ hoi_nghi.dia_diem }}, {{ nam_sau_gu.so_don_vi_ky|so }} "
        "đơn vị trong {{ co_quan.ten_cum }} (danh sách tại {{ nam_sau_gu.trang_ky }} kèm theo) cùng thống nhất "
        "ký kết giao ước thi đua năm {{ nam_sau }} với các nội dung sau:",
    ),
    (TAG, "else"),
    (
        ND,
        "Hôm nay, {{ hoi_nghi.ngay|ngay_dai }}, tại {{ hoi_nghi.dia_diem }}, các đơn vị trong "
        "{{ co_quan.ten_cum }} gồm:",
    ),
    (TAG, "for dv in nam_sau_gu.don_vi_ky"),
    (
        ND,
        "{{ loop.index }}. {{ dv.ten }}{% if dv.chu_tich %}, do đồng chí {{ dv.chu_tich }}, Chủ tịch, làm đại diện{% endif %};",
    ),
    (TAG, "endfor"),
    (ND, "cùng thống nhất ký kết giao ước thi đua năm {{ nam_sau }} với các nội dung sau:"),
    (TAG, "endif"),
    (MI, "I. NỘI DUNG THI ĐUA"),
    (TAG, "for nd in nam_sau_gu.noi_dung"),
    (ND, "{{ loop.index }}. {{ nd }}"),
    (TAG, "endfor"),
    (MI, "II. CHỈ TIÊU THI ĐUA NĂM {{ nam_sau }}"),
    (ND, "Các đơn vị phấn đấu hoàn thành và vượt các chỉ tiêu sau:"),
    ("table", ""),
    # Above 60 units the table has the totals column only; the note names the annex with every unit.
    (TAG, "if nam_sau_gu.ghi_chu_bang"),
    (ND, "{{ nam_sau_gu.ghi_chu_bang }}"),
    (TAG, "endif"),
    (MI, "III. TỔ CHỨC THỰC HIỆN"),
    (
        ND,
        "1. Các đơn vị ký giao ước có trách nhiệm cụ thể hóa nội dung, chỉ tiêu thi đua, triển khai đến các cấp "
        "công đoàn; báo cáo kết quả thực hiện về Cụm trưởng đúng thời gian quy định.",
    ),
    (TAG, "if nam_sau_gu.cum_truong"),
    (
        ND,
        "2. {{ nam_sau_gu.cum_truong }} là Cụm trưởng, {{ nam_sau_gu.cum_pho }} là Cụm phó năm {{ nam_sau }}, "
        "có trách nhiệm theo dõi, đôn đốc, tổ chức chấm điểm, bình xét thi đua và tổng kết phong trào thi đua "
        "của Cụm.",
    ),
    (TAG, "endif"),
    (TAG, "if nam_sau_gu.ky_o_phu_luc"),
    (
        "Ket thuc",
        "Giao ước thi đua này cùng danh sách ký của {{ nam_sau_gu.so_don_vi_ky|so }} đơn vị kèm theo có hiệu lực "
        "đối với tất cả các đơn vị ký giao ước; mỗi đơn vị nhận 01 bản để thực hiện./.",
    ),
    (TAG, "else"),
    (
        "Ket thuc",
        "Giao ước thi đua được lập thành {{ nam_sau_gu.don_vi_ky|length|so_dem }} bản có giá trị như nhau, "
        "mỗi đơn vị giữ 01 bản./.",
    ),
    (TAG, "endif"),
]
