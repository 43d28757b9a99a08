"""The body (body.toml) and the bảng điểm the cluster agreed (rules.toml), as literal text.

tongket scores the sample from this text (pipeline.aggregate.scoring); what it must make of it
(points, ranking, awards, rejected nominations) is checked in tests/test_sample_inputs.py.
"""

from __future__ import annotations

import tomllib

BODY_TOML = """\
[group]
name = "Cụm thi đua số 5"
full_name = "Cụm thi đua LĐLĐ các tỉnh khu vực Trung du và miền núi biên giới phía Đông Bắc"
kind = "cluster"
superior = "TỔNG LĐLĐ VIỆT NAM"
"""

RULES_TOML = """\
# Bảng điểm thi đua của Cụm thi đua số 5 (the scoring rules the cluster agreed).
# Per unit and criterion: points = max_points × min(achievement_pct, cap_pct) / 100,
# where achievement_pct = result / target × 100. Total = sum − penalties.

[scoring]
cap_pct = 150

[[scoring.criteria]]
code = "doan_vien_moi"
max_points = 20
core = true

[[scoring.criteria]]
code = "cdcs_moi"
max_points = 15
core = true

[[scoring.criteria]]
code = "ket_nap_dang"
max_points = 10
core = true

[[scoring.criteria]]
code = "gioi_thieu_dang"
max_points = 10
core = false

[[scoring.criteria]]
code = "lop_tap_huan"
max_points = 15
core = false

[[scoring.criteria]]
code = "sang_kien"
max_points = 10
core = false

[[scoring.criteria]]
code = "mai_am"
max_points = 10
core = false

[[scoring.criteria]]
code = "suat_qua"
max_points = 10
core = false

[penalty]
late_points = 5      # received after submissions.deadline in meta.toml
invalid_points = 10  # the submission has blocking errors

[awards.co_thi_dua]
label = "Cờ thi đua đơn vị xuất sắc dẫn đầu"
count = 1
min_points = 100
require_core_targets = true

[awards.bang_khen_tap_the]
label = "Bằng khen đơn vị xuất sắc"
count = 2            # may also be written as share = 0.3 (a fraction of the units)
min_points = 90
require_core_targets = true

[tie_break]
order = ["points", "core_achievement", "code"]

[eligibility]            # individual nominations
max_absent_days = 39     # absent 40+ working days: not eligible
min_months = 10          # recruited under 10 months: not eligible
no_discipline = true
must_register = true     # must have registered for emulation
"""


def check_rules(target_codes: tuple[str, ...]) -> None:
    """Both files parse; the criteria share 100 points and each has a target to be scored against."""
    tomllib.loads(BODY_TOML)
    rules = tomllib.loads(RULES_TOML)
    assert sum(c["max_points"] for c in rules["scoring"]["criteria"]) == 100
    assert {c["code"] for c in rules["scoring"]["criteria"]} <= set(target_codes)
