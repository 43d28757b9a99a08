"""Which input files a run sees: the submissions ingest reads, and what the re-run fingerprint covers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.ingest import list_submissions
from pipeline.office.atomic import files_under
from pipeline.paths import Paths
from pipeline.runs.guard import inputs_fingerprint


def write(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_files_under_lists_sub_folders_sorted_by_relative_name(tmp_path: Path) -> None:
    for name in ("b.xlsx", "a/z.xlsx", "a/b/c.csv", "A.xlsx", "Thái Nguyên.xlsx"):
        write(tmp_path / name)
    found = files_under(tmp_path)
    assert [name for _, name in found] == ["A.xlsx", "Thái Nguyên.xlsx", "a/b/c.csv", "a/z.xlsx", "b.xlsx"]
    assert all(Path(path) == tmp_path / name for path, name in found)
    assert files_under(tmp_path / "absent") == [] and files_under(tmp_path / "b.xlsx") == []


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_linked_folder_is_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "elsewhere" / "x.xlsx")
    write(tmp_path / "in" / "a.xlsx")
    (tmp_path / "in" / "loop").symlink_to(tmp_path / "in")
    (tmp_path / "in" / "link").symlink_to(tmp_path / "elsewhere")
    assert [name for _, name in files_under(tmp_path / "in")] == ["a.xlsx"]


def test_list_submissions_leaves_out_lock_and_hidden_files(tmp_path: Path) -> None:
    for name in ("CB_2024.xlsx", "~$CB_2024.xlsx", ".hidden.xlsx", "Thumbs.db", "dot/TN_2024.xlsx"):
        write(tmp_path / name)
    assert list_submissions(tmp_path) == [
        (tmp_path / "CB_2024.xlsx", "CB_2024.xlsx"),
        (tmp_path / "dot" / "TN_2024.xlsx", "dot/TN_2024.xlsx"),
    ]


def test_fingerprint_follows_the_files_of_the_years_a_run_reads(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    write(inputs / "units.csv", "ma")
    submission = write(inputs / "2024" / "submissions" / "tinh" / "CB_2024.xlsx", "v1")
    write(inputs / "2025" / "targets.csv", "t")
    paths = Paths(inputs, tmp_path / "out", 2024, tmp_path / "templates")
    first = inputs_fingerprint(paths)
    assert inputs_fingerprint(paths) == first

    write(inputs / "2019" / "submissions" / "old.xlsx")  # a year the run never reads
    assert inputs_fingerprint(paths) == first

    write(inputs / "2025" / "targets.csv", "t2")  # next year's targets
    second = inputs_fingerprint(paths)
    assert second != first

    submission.write_text("v2", encoding="utf-8")  # a submission's content
    third = inputs_fingerprint(paths)
    assert third != second

    stat = submission.stat()  # a submission arriving again (its time is when it arrived)
    os.utime(submission, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert inputs_fingerprint(paths) != third

    write(inputs / "units.csv", "ma,ten")  # a shared file
    assert inputs_fingerprint(paths) != third
