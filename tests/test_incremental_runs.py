"""Runs that reuse the last run's reading give what a cold run gives, byte for byte.

Real `tongket run` processes on a copy of the sample: after each change in a sequence (edit, add,
rename, delete a submission, a touched file, last year's figures, the catalog) the outputs of the
run that reused its caches are compared with a run into an empty outputs folder, every file but
the manifest, the logs and the change lists (which carry times).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from safety_helpers import ROOT, YEAR, change_figure, copy_inputs, final_files, tongket, tongket_args

from pipeline import runner
from pipeline.paths import Paths
from pipeline.runner import INGEST_CACHE, PREVIOUS_CACHE, Shared, previous_figures
from pipeline.runs.changes import CHANGES_DIR
from pipeline.runs.hashes import CACHE_DIR, HASHES_CACHE

REUSED = "tệp không đổi từ lần đọc trước"


def compared(year_dir: Path) -> dict[str, bytes]:
    return {n: p.read_bytes() for n, p in final_files(year_dir).items() if not n.startswith(CHANGES_DIR)}


def assert_as_cold(tmp_path: Path, inputs: Path, outputs: Path, step: str) -> None:
    cold = tmp_path / f"cold-{step}"
    assert tongket(inputs, cold).returncode in (0, 1)
    got, want = compared(outputs / YEAR), compared(cold / YEAR)
    assert got.keys() == want.keys(), step
    assert [n for n in want if got[n] != want[n]] == [], step
    shutil.rmtree(cold)


def submissions(inputs: Path, year: str = YEAR) -> Path:
    return inputs / year / "submissions"


def edit(inputs: Path) -> None:
    change_figure(inputs, "BK", "doan_vien", 1000)


def add(inputs: Path) -> None:  # the same unit's file sent again, one figure corrected
    shutil.copy2(submissions(inputs) / "HG_2024.csv", submissions(inputs) / "HG_2024 (1).csv")
    change_figure(inputs, "HG", "doan_vien", 7, name="HG_2024 (1).csv")


def rename(inputs: Path) -> None:
    (submissions(inputs) / "TQ_2024.csv").rename(submissions(inputs) / "BaoCao TQ 2024.csv")


def delete(inputs: Path) -> None:
    (submissions(inputs) / "HG_2024 (1).csv").unlink()


def touch(inputs: Path) -> None:  # saved again unchanged, after the deadline: now late
    path = submissions(inputs) / "LS_2024.xlsx"
    later = path.stat().st_mtime + 86400 * 40
    os.utime(path, (later, later))


def last_year(inputs: Path) -> None:
    path = submissions(inputs, "2023") / "CB_2023.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        fields = line.split(",")
        if fields[1:2] == ["doan_vien"]:
            fields[2] = str(int(fields[2]) // 2)
            lines[i] = ",".join(fields)
            break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def catalog(inputs: Path) -> None:
    path = inputs / "indicators.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Tổng số công đoàn cơ sở", "Tổng số CĐCS (cả khối)"), encoding="utf-8")


STEPS: list[tuple[str, Callable[[Path], None], bool]] = [  # name, change, ingest still reuses files
    ("edit", edit, True),
    ("add", add, True),
    ("rename", rename, True),
    ("delete", delete, True),
    ("touch", touch, True),
    ("last-year", last_year, True),
    ("catalog", catalog, False),
]


def test_every_change_in_a_sequence_gives_the_cold_run_outputs(tmp_path: Path) -> None:
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    first = tongket(inputs, outputs)
    assert first.returncode in (0, 1), first.stderr
    assert REUSED not in first.stderr
    for step, change, reuses in STEPS:
        change(inputs)
        run = tongket(inputs, outputs)
        assert run.returncode in (0, 1), (step, run.stderr)
        assert (REUSED in run.stderr) == reuses, (step, run.stderr)
        assert_as_cold(tmp_path, inputs, outputs, step)
    again = tongket(inputs, outputs)  # nothing changed: nothing read, nothing written
    assert "Dữ liệu đầu vào không đổi" in again.stderr and "văn bản ghi mới 0" in again.stderr


def test_deleting_the_caches_changes_no_output_byte(tmp_path: Path) -> None:
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    assert tongket(inputs, outputs).returncode in (0, 1)
    edit(inputs)
    for name in (HASHES_CACHE, INGEST_CACHE.format(year=YEAR), INGEST_CACHE.format(year=int(YEAR) - 1)):
        (outputs / YEAR / CACHE_DIR / name).unlink()
    run = tongket(inputs, outputs)
    assert run.returncode in (0, 1) and REUSED not in run.stderr
    assert_as_cold(tmp_path, inputs, outputs, "no-cache")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_run_killed_while_writing_the_cache_leaves_one_the_next_run_repairs(tmp_path: Path) -> None:
    inputs, outputs = copy_inputs(tmp_path), tmp_path / "outputs"
    point = "ingest-cache-write"
    process = subprocess.Popen(
        tongket_args(inputs, outputs), cwd=ROOT, text=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, env={**os.environ, "TONGKET_TEST_PAUSE_AT": point},
    )  # fmt: skip
    try:
        assert process.stderr is not None
        assert any(line.strip() == f"TONGKET_TEST_PAUSED {point}" for line in process.stderr)
        process.send_signal(signal.SIGKILL)  # in the middle of the cache's transaction
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        process.kill()
    cache = outputs / YEAR / CACHE_DIR / INGEST_CACHE.format(year=YEAR)
    assert Path(f"{cache}-wal").is_file()  # the transaction was open when the run died
    run = tongket(inputs, outputs)
    assert run.returncode in (0, 1), run.stderr
    assert_as_cold(tmp_path, inputs, outputs, "after-kill")
    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM submissions").fetchone()[0] == 6
    edit(inputs)
    assert REUSED in tongket(inputs, outputs).stderr  # the repaired cache is used


def test_last_years_figures_are_kept_until_last_years_inputs_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = copy_inputs(tmp_path)
    paths = Paths(inputs, tmp_path / "outputs", int(YEAR))
    shared = Shared.load(paths)
    first = previous_figures(paths, shared)
    assert first is not None and len(first) > 50
    reads: list[int] = []
    real_ingest = runner.ingest

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return real_ingest(*args, **kwargs)

    monkeypatch.setattr(runner, "ingest", counted)
    pd.testing.assert_frame_equal(previous_figures(paths, shared), first)
    assert reads == []  # last year's submissions were not read again
    kept = paths.out / CACHE_DIR / PREVIOUS_CACHE.format(year=int(YEAR) - 1)
    kept.write_bytes(kept.read_bytes()[:-40])  # damaged: not trusted, made again
    pd.testing.assert_frame_equal(previous_figures(paths, shared), first)
    assert reads == [1]
    last_year(inputs)
    changed = previous_figures(paths, shared)
    assert reads == [1, 1] and changed is not None
    cb = changed[(changed["ma_don_vi"] == "CB") & (changed["ma_chi_tieu"] == "doan_vien")]["gia_tri"]
    was = first[(first["ma_don_vi"] == "CB") & (first["ma_chi_tieu"] == "doan_vien")]["gia_tri"]
    assert cb.tolist() == [float(int(was.iloc[0]) // 2)]
