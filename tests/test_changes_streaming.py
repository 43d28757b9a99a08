"""The change list read from two summary.json files a line at a time (issue 7): the same changes as
comparing the two documents whole, in every layout a summary.json may be in."""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from summary_factory import make_summary

from pipeline.model import summary_io
from pipeline.runs.changes import Change, compare_files, find_changes, find_file_changes

Data = dict[str, Any]


def write_lines(path: Path, data: Data) -> Path:
    """summary.json as tongket writes it now: a member to a line."""
    with path.open("w", encoding="utf-8", newline="\n") as out:
        summary_io.dump(data, out, summary_io.mapping_items)
    return path


def write_indented(path: Path, data: Data) -> Path:
    """summary.json as an older tongket wrote it up to 1.000 units."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def write_compact(path: Path, data: Data) -> Path:
    """summary.json as an older tongket wrote it above 1.000 units: one line, ASCII."""
    path.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


WRITERS = {"lines": write_lines, "indented": write_indented, "compact": write_compact}


def rows(changes: list[Change]) -> list[tuple[Any, ...]]:
    return [(c.path, c.unit, c.what, c.old, c.new) for c in changes]


def summaries() -> tuple[Data, Data]:
    old = make_summary().to_dict()
    return old, copy.deepcopy(old)


def one_figure(new: Data) -> None:
    new["units"]["BK"]["doan_vien"] += 1000
    new["totals"]["doan_vien"] += 1000


def late_unit(new: Data) -> None:
    new["unit_list"][-1]["status"] = "received"
    new["units"]["XX"] = {"doan_vien": 1234, "cdcs": 5}
    new["unit_list"].append({"code": "XX", "name": "LĐLĐ Mới", "short_name": "", "status": "received"})


def unit_gone(new: Data) -> None:
    del new["units"]["LS"]
    new["unit_list"][2]["status"] = "missing"


def award_swapped(new: Data) -> None:
    new["awards"].pop(0)
    new["awards"].append({"form": "co_thi_dua", "recipient": "LĐLĐ tỉnh Lạng Sơn", "unit_code": "LS"})


def reordered_keys(new: Data) -> None:
    """Same figures, another order on the line: the text differs, the numbers do not."""
    new["units"]["CB"] = dict(reversed(list(new["units"]["CB"].items())))


def new_indicator(new: Data) -> None:
    new["indicators"]["moi"] = {"code": "moi", "name": "Chỉ tiêu mới", "unit": "người"}
    new["units"]["TN"]["moi"] = 7
    new["totals"]["moi"] = 7


def ratio_and_money(new: Data) -> None:
    new["units"]["HG"]["ty_le_cdcs_vung_manh"] = 87.25
    new["units"]["HG"]["tien_qua"] = 1_234_567.5


def everything(new: Data) -> None:
    for change in (one_figure, late_unit, unit_gone, award_swapped, reordered_keys, new_indicator):
        change(new)


CHANGES: dict[str, Callable[[Data], None]] = {
    f.__name__: f
    for f in (one_figure, late_unit, unit_gone, award_swapped, reordered_keys, new_indicator, ratio_and_money)
} | {"everything": everything, "nothing": lambda new: None}


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("old_layout", WRITERS)
@pytest.mark.parametrize("new_layout", ["lines", "indented"])
def test_files_give_what_the_documents_give(
    tmp_path: Path, change: str, old_layout: str, new_layout: str
) -> None:
    old, new = summaries()
    CHANGES[change](new)
    before = WRITERS[old_layout](tmp_path / "before.json", old)
    after = WRITERS[new_layout](tmp_path / "after.json", new)
    expected = find_changes(old, new)
    assert rows(find_file_changes(before, after)) == rows(expected)
    assert bool(expected) == (change not in ("nothing", "reordered_keys"))


def test_one_unit_changed_parses_only_that_unit(tmp_path: Path) -> None:
    old, new = summaries()
    one_figure(new)
    comparison = compare_files(write_lines(tmp_path / "a.json", old), write_lines(tmp_path / "b.json", new))
    # The previous units are held as their lines' text; of the new ones only the differing line.
    assert all(isinstance(line, str) for line in comparison.before.values())
    assert list(comparison.after) == ["BK"] and comparison.units == ["BK"]
    assert [c.path for c in comparison.changes()] == [("units", "BK", "doan_vien"), ("totals", "doan_vien")]
    assert comparison.count() == 2 and comparison.year == 2024


def join_two_unit_lines(path: Path) -> Path:
    """Two unit lines joined into one: still JSON, but no longer a member to a line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    second = next(i for i, line in enumerate(lines) if line.startswith('"BK":{'))
    lines[second - 1 : second + 1] = [lines[second - 1] + lines[second]]
    path.write_text("\n".join(lines), encoding="utf-8")
    json.loads(path.read_text(encoding="utf-8"))
    return path


def test_a_new_file_re_saved_by_hand_is_read_whole(tmp_path: Path) -> None:
    old, new = summaries()
    one_figure(new)
    after = join_two_unit_lines(write_lines(tmp_path / "after.json", new))
    changes = find_file_changes(write_lines(tmp_path / "before.json", old), after)
    assert rows(changes) == rows(find_changes(old, new))


def test_a_broken_previous_line_is_an_error_found_before_listing(tmp_path: Path) -> None:
    old, new = summaries()
    before = join_two_unit_lines(write_lines(tmp_path / "before.json", old))
    with pytest.raises(ValueError):
        compare_files(before, write_lines(tmp_path / "after.json", new))


def test_a_broken_file_is_an_error_not_an_empty_list(tmp_path: Path) -> None:
    old, _ = summaries()
    good = write_lines(tmp_path / "good.json", old)
    cut = tmp_path / "cut.json"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ValueError):
        find_file_changes(cut, good)
    listing = tmp_path / "list.json"
    listing.write_text("[]", encoding="utf-8")
    with pytest.raises(ValueError):
        find_file_changes(good, listing)


def test_empty_units_on_their_line(tmp_path: Path) -> None:
    """No unit received yet: the line layout writes "units":{} on the member's own line."""
    old, new = summaries()
    old["units"], old["figures"] = {}, {}
    before = write_lines(tmp_path / "before.json", old)
    assert '"units":{},' in before.read_text(encoding="utf-8").splitlines()
    assert rows(find_file_changes(before, write_lines(tmp_path / "after.json", new))) == rows(
        find_changes(old, new)
    )


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=100, deadline=None)
@given(items=st.lists(JSON, max_size=5), indent=st.sampled_from([None, 1]), ascii=st.booleans())
def test_iter_array_gives_what_json_gives(items: list[Any], indent: int | None, ascii: bool) -> None:
    text = json.dumps(items, indent=indent, ensure_ascii=ascii)
    assert list(summary_io.iter_array(text)) == json.loads(text)
    assert list(summary_io.iter_array(f"  {text} ")) == items


@pytest.mark.parametrize("broken", ["{}", "[1 2]", "[1,", "null", ""])
def test_iter_array_rejects_what_is_not_an_array(broken: str) -> None:
    with pytest.raises(ValueError):
        list(summary_io.iter_array(broken))


def test_a_null_unit_list(tmp_path: Path) -> None:
    old, new = summaries()
    old["unit_list"] = None
    before = write_lines(tmp_path / "before.json", old)
    after = write_lines(tmp_path / "after.json", new)
    assert rows(find_file_changes(before, after)) == rows(find_changes(old, new))


UNIT_CODES = ["CB", "BK", "LS", "TN", "TQ", "HG"]
FIGURE = st.tuples(st.sampled_from(UNIT_CODES), st.sampled_from(["doan_vien", "cdcs", "sang_kien", "moi"]))


@settings(max_examples=40, deadline=None)
@given(
    edits=st.lists(
        st.tuples(FIGURE, st.one_of(st.none(), st.integers(-5, 10**9), st.floats(0, 1e6))), max_size=8
    ),
    dropped=st.sets(st.sampled_from(UNIT_CODES), max_size=3),
    layout=st.sampled_from(sorted(WRITERS)),
)
def test_any_edit_streams_like_the_documents(
    edits: list[tuple[tuple[str, str], float | None]], dropped: set[str], layout: str
) -> None:
    old, new = summaries()
    for (unit, code), value in edits:
        row = new["units"].setdefault(unit, {})
        if value is None:
            row.pop(code, None)
        else:
            row[code] = value
    for unit in dropped:
        new["units"].pop(unit, None)
    with tempfile.TemporaryDirectory() as folder:
        before = WRITERS[layout](Path(folder) / "before.json", old)
        after = write_lines(Path(folder) / "after.json", new)
        assert rows(find_file_changes(before, after)) == rows(find_changes(old, new))
