"""The per-file ingest cache (pipeline.ingest.cache): what it gives back is what reading gives.

Every fixture scenario (damaged files, legacy encodings, duplicates, CSVs, nominations) is read
once into the cache and once from it; the results must be equal in every column and finding. A
damaged, truncated or tampered cache is never trusted, and a changed context empties it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from ingest_helpers import CATALOG, FIXTURES, REGISTRY, SCENARIOS, YEAR, copy_submissions

from pipeline.ingest import ingest, list_submissions
from pipeline.inputs.catalog import Registry
from pipeline.model.ingested import IngestResult
from pipeline.model.summary import Indicator
from pipeline.office.hashmemo import HashMemo
from pipeline.paths import Paths


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    """Every scenario's submissions in one year's folder, each in a sub-folder of its own."""
    submissions = tmp_path / "inputs" / str(YEAR) / "submissions"
    for name in ["_good", *SCENARIOS]:
        copy_submissions(FIXTURES / name / "submissions", submissions / name)
    return tmp_path / "inputs"


def read(
    inputs: Path, cache: Path | None, catalog: dict[str, Indicator] = CATALOG, registry: Registry = REGISTRY
) -> IngestResult:
    memo = HashMemo(cache.with_suffix(".hashes") if cache else None)
    with memo:
        return ingest(Paths(inputs, inputs.parent / "outputs", YEAR), registry, catalog, cache, memo)


def assert_same(got: IngestResult, want: IngestResult) -> None:
    pd.testing.assert_frame_equal(got.figures, want.figures)
    pd.testing.assert_frame_equal(got.nominations, want.nominations)
    assert got.report.findings == want.report.findings
    assert got.files == want.files
    assert got.received_at == want.received_at


def file_count(inputs: Path) -> int:
    """The submissions ingest reads (lock files and the system's litter are not)."""
    return len(list_submissions(inputs / str(YEAR) / "submissions"))


def test_cached_results_equal_reading_every_file(inputs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    plain = read(inputs, None)
    first = read(inputs, cache)
    again = read(inputs, cache)
    assert first.reused == 0 and again.reused == file_count(inputs) > 30
    assert len(plain.report.findings) > 15  # the scenarios' findings are all in what is compared
    assert_same(first, plain)
    assert_same(again, plain)


def test_one_changed_file_is_read_alone(inputs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    read(inputs, cache)
    changed = inputs / str(YEAR) / "submissions" / "csv-nhieu-don-vi" / "tong_hop.csv"
    original = changed.read_text(encoding="utf-8")
    changed.write_text(original.replace("MK,doan_vien,2150", "MK,doan_vien,2151"), encoding="utf-8")
    assert "2151" in changed.read_text(encoding="utf-8")
    again = read(inputs, cache)
    assert again.reused == file_count(inputs) - 1
    assert_same(again, read(inputs, None))
    assert 2151.0 in again.figures["gia_tri"].tolist()


def test_a_touched_file_keeps_its_entry_and_takes_its_new_time(inputs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    read(inputs, cache)
    touched = inputs / str(YEAR) / "submissions" / "_good" / "GD.xlsx"
    later = touched.stat().st_mtime + 86400 * 30
    os.utime(touched, (later, later))
    again = read(inputs, cache)
    assert again.reused == file_count(inputs)
    assert again.received_at == read(inputs, None).received_at
    assert again.received_at["_good/GD.xlsx"] == "2024-12-31T09:30:00"


def test_renamed_added_and_deleted_files(inputs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    read(inputs, cache)
    folder = inputs / str(YEAR) / "submissions"
    (folder / "sach" / "TP.xlsx").rename(folder / "sach" / "BaoCao TP.xlsx")
    shutil.copy2(folder / "_good" / "GD.xlsx", folder / "_good" / "GD (1).xlsx")  # a duplicate copy
    shutil.rmtree(folder / "so-am")
    again = read(inputs, cache)
    assert again.reused == file_count(inputs) - 2  # the renamed file and the new copy are read
    assert_same(again, read(inputs, None))
    assert any(f.code == "trung-tep" for f in again.report.findings)


def test_a_changed_catalog_or_registry_empties_the_cache(inputs: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    read(inputs, cache)
    renamed = dict(CATALOG)
    code = next(iter(renamed))
    renamed[code] = Indicator(**{**vars(CATALOG[code]), "name": CATALOG[code].name + " (sửa)"})
    after_catalog = read(inputs, cache, catalog=renamed)
    assert after_catalog.reused == 0
    assert_same(after_catalog, read(inputs, None, catalog=renamed))
    fewer = Registry([u for u in REGISTRY.units if u.code != "MK"])
    after_registry = read(inputs, cache, catalog=renamed, registry=fewer)
    assert after_registry.reused == 0
    assert_same(after_registry, read(inputs, None, catalog=renamed, registry=fewer))
    assert read(inputs, cache, catalog=renamed, registry=fewer).reused == file_count(inputs)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "tampered-entry", "other-schema"])
def test_a_damaged_cache_is_never_trusted_and_is_rebuilt(inputs: Path, tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache.sqlite"
    plain = read(inputs, None)
    read(inputs, cache)
    if damage == "garbage":
        cache.write_bytes(b"not a database " * 500)
    elif damage == "truncated":
        data = cache.read_bytes()
        cache.write_bytes(data[: len(data) // 3])
    elif damage == "empty":
        cache.write_bytes(b"")
    else:
        with sqlite3.connect(cache) as db:
            if damage == "tampered-entry":  # one file's figures changed behind the digest's back
                values = db.execute("SELECT vals FROM submissions WHERE name = '_good/GD.xlsx'").fetchone()[0]
                forged = bytes([values[0] ^ 1]) + values[1:]
                db.execute("UPDATE submissions SET vals = ? WHERE name = '_good/GD.xlsx'", (forged,))
            else:
                db.execute("PRAGMA user_version = 99")
    again = read(inputs, cache)
    assert_same(again, plain)
    if damage == "tampered-entry":
        assert again.reused == file_count(inputs) - 1  # only the tampered entry was read again
    assert read(inputs, cache).reused == file_count(inputs)  # repaired: used in full next time


def test_an_unwritable_cache_folder_only_costs_time(inputs: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache's folder would be", encoding="utf-8")
    result = read(inputs, blocker / "cache.sqlite")
    assert_same(result, read(inputs, None))


def test_the_hash_memo_hashes_only_files_whose_stamp_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.office import hashmemo  # the module whose sha256_file the memo calls

    hashed: list[Path] = []
    real = hashmemo.sha256_file
    monkeypatch.setattr(hashmemo, "sha256_file", lambda p: hashed.append(p) or real(p))
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    old.write_bytes(b"figures")
    new.write_bytes(b"figures just written")
    yesterday = old.stat().st_mtime - 86400
    os.utime(old, (yesterday, yesterday))
    memo_file = tmp_path / "memo.sqlite"
    with HashMemo(memo_file) as memo:
        first = memo.sha256(old), memo.sha256(new)
        assert memo.sha256(new) == first[1] and hashed == [old, new]  # once each within a run
    with HashMemo(memo_file) as memo:
        assert (memo.sha256(old), memo.sha256(new)) == first
    assert hashed == [old, new, new]  # a file written seconds ago is hashed again by the next run
    os.utime(old, (yesterday + 60, yesterday + 60))  # touched, bytes unchanged
    with HashMemo(memo_file) as memo:
        assert memo.sha256(old) == first[0]
    assert hashed[-1] == old
    old.write_bytes(b"figureZ")  # same size, and the same time put back: the change time still differs
    os.utime(old, (yesterday + 60, yesterday + 60))
    with HashMemo(memo_file) as memo:
        assert memo.sha256(old) != first[0]


def test_the_kept_read_context_is_the_one_reading_builds(inputs: Path, tmp_path: Path) -> None:
    from pipeline.ingest.cache import SubmissionCache, context_key  # the cache's own parts, only here
    from pipeline.ingest.context import ReadContext

    cache = tmp_path / "cache.sqlite"
    changed = inputs / str(YEAR) / "submissions" / "csv-nhieu-don-vi" / "tong_hop.csv"
    read(inputs, cache)
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    read(inputs, cache)  # a late file: the context is needed, and kept
    stored = SubmissionCache(cache, context_key(REGISTRY, CATALOG, YEAR), HashMemo(None))
    assert stored.context(CATALOG) == ReadContext.build(REGISTRY, CATALOG, YEAR)
    stored.close()
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE meta SET value = replace(value, '\"GD\"', '\"XX\"') WHERE key = 'read-context'")
    stored = SubmissionCache(cache, context_key(REGISTRY, CATALOG, YEAR), HashMemo(None))
    assert stored.context(CATALOG) is None  # altered behind its digest: built again, never trusted
    stored.close()
