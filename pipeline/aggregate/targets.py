"""Targets (chỉ tiêu): inputs/<Y>/targets.csv read as a table, and the targets a unit lacks.

The file is read as the submissions are: Vietnamese numbers ("1.709" is 1709, "96,5" is 96.5),
text cleaned to NFC; a value that is not a number stops the run with the line to fix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.aggregate.tables import table_from_frame
from pipeline.errors import InputError
from pipeline.formats.numbers import parse_number
from pipeline.formats.text import clean
from pipeline.model.summary import NumberTable
from pipeline.paths import TARGETS_FILE, Paths


def read_targets(paths: Paths, year: int, codes: list[str] | None = None) -> NumberTable:
    """inputs/<year>/targets.csv as a table (the catalog's codes first); no file means no targets."""
    path = paths.year_inputs_for(year) / TARGETS_FILE
    if not path.exists():
        return NumberTable.empty([], codes or [])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [clean(c) for c in frame.columns]
    for column in ("ma_don_vi", "ma_chi_tieu", "chi_tieu"):
        if column not in frame:
            raise InputError(f"Tệp {path} thiếu cột: {column}. Bổ sung dòng tiêu đề cho đủ.")
        # Few distinct values (a national file has 3 million lines): each is cleaned once.
        frame[column] = frame[column].map({text: clean(text) for text in frame[column].unique()})
    frame = frame[frame["chi_tieu"] != ""]
    # The same reading of Vietnamese numbers as the submissions: "1.709" is 1709, "96,5" is 96.5.
    parsed = {text: parse_number(text) for text in frame["chi_tieu"].unique()}
    unreadable = {t for t, found in parsed.items() if found.value is None or found.status == "ambiguous"}
    if unreadable:
        first = int(np.flatnonzero(frame["chi_tieu"].isin(unreadable).to_numpy())[0])
        row, line = frame.iloc[first], frame.index[first] + 2  # + 2: the header, and lines count from 1
        found = parsed[row["chi_tieu"]]
        raise InputError(
            f"Tệp {path}, dòng {line}: chỉ tiêu «{row['chi_tieu']}» của {row['ma_don_vi']} / "
            f"{row['ma_chi_tieu']} không đọc được thành số ({found.detail or 'không rõ'}). "
            "Ghi số, ví dụ 1.709 hoặc 96,5, rồi chạy lại."
        )
    units = list(dict.fromkeys(frame["ma_don_vi"]))
    all_codes = list(dict.fromkeys([*(codes or []), *frame["ma_chi_tieu"]]))
    values = frame["chi_tieu"].map({text: float(p.value or 0) for text, p in parsed.items()})
    return table_from_frame(frame.assign(gia_tri=values), units, all_codes)


def missing_targets(targets: NumberTable, unit_targets: NumberTable) -> list[str]:
    """ "unit:code" for each indicator some unit has a target for and this received unit has not."""
    given = ~np.isnan(targets.data)
    wanted = sorted(c for c, j in targets.column_of.items() if given[:, j].any())
    missing = []
    for i, unit in enumerate(unit_targets.units):
        row = unit_targets.data[i]
        for code in wanted:
            j = unit_targets.column_of.get(code)
            if j is None or np.isnan(row[j]):
                missing.append(f"{unit}:{code}")
    return missing
