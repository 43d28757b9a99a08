"""Config files checked against their declared schema (issue 20, and issue 14's incomplete rows):
each broken file stops the run with exit 2 and one Vietnamese line naming file, line and key;
an unexpected error exits 70 with its traceback under logs/."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_files import ROOT, YEAR, copy_sample, run

from pipeline import cli
from pipeline.cli.options import EXIT_SOFTWARE

Edit = Callable[[Path], None]


def _replace(name: str, old: str, new: str, count: int = 1) -> Edit:
    def edit(inputs: Path) -> None:
        path = inputs / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return edit


def _append(name: str, line: str) -> Edit:
    def edit(inputs: Path) -> None:
        with (inputs / name).open("a", encoding="utf-8") as out:
            out.write(line)

    return edit


def _folder(name: str) -> Edit:
    def edit(inputs: Path) -> None:
        (inputs / name).unlink()
        (inputs / name).mkdir()

    return edit


def _fifo(name: str) -> Edit:
    def edit(inputs: Path) -> None:
        (inputs / name).unlink()
        os.mkfifo(inputs / name)

    return edit


CB_ROW = "CB,Liên đoàn Lao động tỉnh Cao Bằng,"
BROKEN: dict[str, tuple[Edit, list[str]]] = {
    "body-name-number": (
        _replace("body.toml", 'name = "Cụm thi đua số 5"', "name = 42"),
        ["body.toml", "dòng 2", "«group.name»"],
    ),
    "recipients-number": (
        _replace("2024/meta.toml", "recipients = [\n", "recipients = 5\nx = [\n"),
        ["meta.toml", "dòng 45", "«documents.bao_cao.recipients»"],
    ),
    "duplicate-unit": (
        _append("units.csv", "CB,Trùng,,,,,,,\n"),
        ["units.csv", "dòng 8", "ma_don_vi", "«CB» trùng với dòng 2"],
    ),
    "targets-folder": (_folder("2024/targets.csv"), ["targets.csv", "là một thư mục"]),
    "units-fifo": (_fifo("units.csv"), ["units.csv", "FIFO"]),
    "duplicate-indicator": (
        _append("indicators.csv", "cdcs,Trùng,CĐCS,to_chuc,so_dem,sum,,,1\n"),
        ["indicators.csv", "cột ma_chi_tieu", "«cdcs» trùng với dòng 2"],
    ),
    "bat-buoc-maybe": (
        _replace(
            "indicators.csv",
            "cdcs,Tổng số công đoàn cơ sở,CĐCS,to_chuc,so_dem,sum,,,1",
            "cdcs,Tổng số công đoàn cơ sở,CĐCS,to_chuc,so_dem,sum,,,maybe",
        ),
        ["indicators.csv", "dòng 2", "cột bat_buoc", "«maybe»"],
    ),
    "inherits-itself": (
        _replace("units.csv", ",,,,LĐLĐ Cao Bằng", ",,,CB,LĐLĐ Cao Bằng"),
        ["units.csv", "dòng 2", "cột ke_thua", "chính nó"],
    ),
    "target-unknown-unit": (
        _append("2024/targets.csv", "ZZ,cdcs,5\n"),
        ["targets.csv", "cột ma_don_vi", "«ZZ»", "units.csv"],
    ),
    "cum-truong-unknown": (
        _replace("2024/meta.toml", 'cum_truong = "HG"', 'cum_truong = "ZZ"'),
        ["meta.toml", "dòng 88", "khóa «next_year.cum_truong»", "«ZZ»", "units.csv"],
    ),
    "cum-pho-unknown": (
        _replace("2024/meta.toml", 'cum_pho = "TN"', 'cum_pho = "YY"'),
        ["meta.toml", "dòng 89", "khóa «next_year.cum_pho»", "«YY»", "units.csv"],
    ),
    "received-unknown-unit": (
        _replace("2024/meta.toml", "[submissions.received]", "[submissions.received]\nXX = 2024-12-01"),
        ["meta.toml", "dòng 35", "khóa «submissions.received.XX»", "«XX»", "units.csv"],
    ),
    "unit-code-path": (
        _replace("units.csv", CB_ROW, "../../x," + CB_ROW[3:]),
        ["units.csv", "dòng 2", "«../../x»"],
    ),
    "empty-name": (_replace("units.csv", CB_ROW, "CB,,"), ["units.csv", "dòng 2", "cột ten_don_vi", "trống"]),
    "unterminated-quote": (
        _replace("units.csv", CB_ROW, 'CB,"Liên đoàn Lao động tỉnh Cao Bằng,'),
        ["units.csv", "dòng 2", "cột 2", "ngoặc kép"],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_config_file_exits_2_naming_file_line_and_key(case: str, tmp_path: Path) -> None:
    edit, expected = BROKEN[case]
    inputs = copy_sample(tmp_path)
    edit(inputs)
    outcome = run(inputs, tmp_path / "outputs")
    lines = [line for line in outcome.stderr.splitlines() if line.strip()]
    assert outcome.code == 2, outcome.stderr
    assert lines[-1].startswith("Lỗi: "), outcome.stderr
    assert "Traceback" not in outcome.stderr
    for part in expected:
        assert part in lines[-1]
    assert lines[-1] == unicodedata.normalize("NFC", lines[-1])


def _cp1258(text: str) -> bytes:
    """As Vietnamese Windows saves text: base letters with their shape precomposed, tones combining."""
    shapes = {"\u0302", "\u0306", "\u031b"}
    out: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if char in shapes and out:
            base = len(out) - 1  # the letter, before any tone mark that came first (ệ: e, dot, circumflex)
            while base > 0 and unicodedata.combining(out[base]):
                base -= 1
            out[base] = unicodedata.normalize("NFC", out[base] + char)
        else:
            out.append(char)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("name", ["units.csv", "2024/meta.toml", "body.toml"])
def test_config_saved_in_windows_1258_reads_as_utf_8(name: str, tmp_path: Path) -> None:
    inputs = copy_sample(tmp_path)
    path = inputs / name
    path.write_bytes(_cp1258(path.read_text(encoding="utf-8")))
    outcome = run(inputs, tmp_path / "outputs")
    assert outcome.code == 0, outcome.stderr
    reference = run(copy_sample(tmp_path / "ref"), tmp_path / "ref-outputs")
    assert (outcome.out / "summary.json").read_bytes() == (reference.out / "summary.json").read_bytes()


def test_form_never_writes_outside_outputs_for_a_unit_code_with_a_path(tmp_path: Path) -> None:
    inputs = copy_sample(tmp_path)
    _replace("units.csv", CB_ROW, "../../../escape," + CB_ROW[3:])(inputs)
    outputs = tmp_path / "deep" / "er" / "outputs"
    outcome = run(inputs, outputs, command="form")
    assert outcome.code == 2
    assert "«../../../escape»" in outcome.stderr
    assert not list(tmp_path.rglob("*escape*"))


# A bug stands in for one: the run stage raises KeyError. In a process of its own, as the real command.
_CRASHING = """
import sys
import pipeline.runner
from pipeline.cli import main
def broken(*args, **kwargs):
    raise KeyError("không có")
pipeline.runner.run_all = broken
sys.argv = ["tongket", *sys.argv[1:]]
main()
"""


def test_an_unexpected_error_exits_70_with_its_traceback_in_the_log(tmp_path: Path) -> None:
    inputs, out = copy_sample(tmp_path), tmp_path / "out"
    args = ["run", "--year", str(YEAR), "--inputs", str(inputs), "--outputs", str(out)]
    done = subprocess.run(
        [sys.executable, "-c", _CRASHING, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == EXIT_SOFTWARE == 70
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("Lỗi: lỗi bất thường của tongket (KeyError)")
    assert "Traceback" not in done.stderr
    logs = list((out / str(YEAR) / "logs").glob("tongket-run-*.log"))
    assert len(logs) == 1 and str(logs[0]) in line
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "KeyError: 'không có'" in text


def test_help_lists_exit_code_70() -> None:
    assert "70 lỗi bất thường" in " ".join((cli.cli.help or "").split())
