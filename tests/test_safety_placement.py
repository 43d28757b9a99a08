"""Placement and manifest: tongket's own files are replaced, a person's edits never are."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.manifest import MANIFEST_FILE, Manifest, fingerprint
from pipeline.outputs import remove_stale_temp_files, sha256_bytes, sha256_file
from pipeline.placement import BACKUP_DIR, Outcome, Placer, draft_name

DOC = "bao-cao-tong-ket-2024.docx"


def place(folder: Path, data: bytes, name: str = DOC, force: bool = False, fp: str = "") -> Outcome:
    placer = Placer(folder, force=force)
    outcome = placer.place(name, data, fingerprint=fp).outcome
    placer.finish()
    return outcome


def test_first_write_records_hash_and_fingerprint(tmp_path: Path) -> None:
    placer = Placer(tmp_path)
    placed = placer.place(DOC, b"v1", fingerprint="fp1", sources=["totals", "figures"])
    assert placed.outcome == Outcome.WRITTEN and (tmp_path / DOC).read_bytes() == b"v1"
    entry = Manifest.read(tmp_path).files[DOC]
    assert entry.sha256 == sha256_bytes(b"v1")
    assert entry.fingerprint == "fp1" and entry.sources == ["figures", "totals"]
    assert Manifest.read(tmp_path).is_as_written(tmp_path, DOC)


def test_unchanged_bytes_are_not_rewritten(tmp_path: Path) -> None:
    place(tmp_path, b"v1")
    os.utime(tmp_path / DOC, ns=(1_000_000_000, 1_000_000_000))
    manifest_before = (tmp_path / MANIFEST_FILE).stat().st_mtime_ns
    assert place(tmp_path, b"v1") == Outcome.UNCHANGED
    assert (tmp_path / DOC).stat().st_mtime_ns == 1_000_000_000
    assert (tmp_path / MANIFEST_FILE).stat().st_mtime_ns == manifest_before


def test_own_file_is_replaced(tmp_path: Path) -> None:
    place(tmp_path, b"v1")
    assert place(tmp_path, b"v2") == Outcome.WRITTEN
    assert (tmp_path / DOC).read_bytes() == b"v2"
    assert sorted(p.name for p in tmp_path.iterdir()) == [DOC, MANIFEST_FILE]


def test_edited_file_is_kept_and_new_draft_goes_beside(tmp_path: Path) -> None:
    place(tmp_path, b"v1")
    (tmp_path / DOC).write_bytes(b"v1 + a person's work")
    placer = Placer(tmp_path)
    placed = placer.place(DOC, b"v2")
    assert placed.outcome == Outcome.KEPT and placed.wrote
    assert (tmp_path / DOC).read_bytes() == b"v1 + a person's work"
    beside = tmp_path / "bao-cao-tong-ket-2024 (bản mới 2).docx"
    assert placed.beside == beside and beside.read_bytes() == b"v2"
    # The next run reuses the unedited draft beside it rather than piling up copies.
    assert place(tmp_path, b"v3") == Outcome.KEPT
    assert beside.read_bytes() == b"v3"
    assert not (tmp_path / draft_name(DOC, 3)).exists()
    # Once the draft beside is edited too, the next one takes the next number.
    beside.write_bytes(b"v3 edited")
    assert place(tmp_path, b"v4") == Outcome.KEPT
    assert beside.read_bytes() == b"v3 edited"
    assert (tmp_path / draft_name(DOC, 3)).read_bytes() == b"v4"
    assert (tmp_path / DOC).read_bytes() == b"v1 + a person's work"


def test_edited_file_with_no_new_content_gets_no_copy(tmp_path: Path) -> None:
    place(tmp_path, b"v1")
    (tmp_path / DOC).write_bytes(b"edited")
    assert place(tmp_path, b"v1") == Outcome.KEPT
    assert sorted(p.name for p in tmp_path.iterdir()) == [DOC, MANIFEST_FILE]


def test_unknown_file_is_treated_as_an_edit(tmp_path: Path) -> None:
    (tmp_path / DOC).write_bytes(b"not ours")
    assert place(tmp_path, b"v1") == Outcome.KEPT
    assert (tmp_path / DOC).read_bytes() == b"not ours"
    assert (tmp_path / draft_name(DOC, 2)).read_bytes() == b"v1"


def test_machine_artifacts_are_always_replaced(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text("{}")
    assert place(tmp_path, b'{"a": 1}', name="summary.json") == Outcome.WRITTEN
    assert (tmp_path / "summary.json").read_bytes() == b'{"a": 1}'


def test_force_moves_the_edit_to_backup(tmp_path: Path) -> None:
    place(tmp_path, b"v1")
    (tmp_path / DOC).write_bytes(b"edited")
    placer = Placer(tmp_path, force=True)
    placed = placer.place(DOC, b"v2")
    assert placed.outcome == Outcome.REPLACED and (tmp_path / DOC).read_bytes() == b"v2"
    assert placed.backup is not None and placed.backup.read_bytes() == b"edited"
    assert placed.backup.parent == tmp_path / BACKUP_DIR
    assert "bản sửa" in placed.backup.name and placed.backup.suffix == ".docx"
    # A second forced replacement keeps the first backup too.
    (tmp_path / DOC).write_bytes(b"edited again")
    os.utime(tmp_path / DOC, (placed.backup.stat().st_mtime, placed.backup.stat().st_mtime))
    assert place(tmp_path, b"v3", force=True) == Outcome.REPLACED
    assert sorted(p.read_bytes() for p in (tmp_path / BACKUP_DIR).iterdir()) == [b"edited", b"edited again"]


def test_skip_if_current(tmp_path: Path) -> None:
    fp = fingerprint({"totals": {"cdcs": 1}}, "template-hash", "0.1.0")
    place(tmp_path, b"v1", fp=fp)
    placer = Placer(tmp_path)
    skipped = placer.skip_if_current(DOC, fp)
    assert skipped is not None and skipped.outcome == Outcome.UNCHANGED
    assert placer.skip_if_current(DOC, "another") is None
    (tmp_path / DOC).unlink()
    assert Placer(tmp_path).skip_if_current(DOC, fp) is None  # deleted: render it again


def test_skip_if_current_with_edited_file(tmp_path: Path) -> None:
    place(tmp_path, b"v1", fp="a")
    (tmp_path / DOC).write_bytes(b"edited")
    skipped = Placer(tmp_path).skip_if_current(DOC, "a")
    assert skipped is not None and skipped.outcome == Outcome.KEPT and not skipped.wrote
    assert Placer(tmp_path, force=True).skip_if_current(DOC, "a") is None
    assert Placer(tmp_path).skip_if_current(DOC, "b") is None
    place(tmp_path, b"v2", fp="b")
    skipped = Placer(tmp_path).skip_if_current(DOC, "b")
    assert skipped is not None and skipped.beside == tmp_path / draft_name(DOC, 2)


def test_killed_between_manifest_and_rename_is_still_ours(tmp_path: Path) -> None:
    """The manifest names the replaced content too, so the old file is not mistaken for an edit."""
    place(tmp_path, b"v1")
    manifest = Manifest.read(tmp_path)
    entry = manifest.files[DOC]
    entry.previous_sha256, entry.sha256 = entry.sha256, sha256_bytes(b"v2")  # as written before the rename
    manifest.write(tmp_path)
    assert Manifest.read(tmp_path).state(tmp_path, DOC) == "ours"
    assert Placer(tmp_path).skip_if_current(DOC, "") is None
    assert place(tmp_path, b"v2") == Outcome.WRITTEN
    assert (tmp_path / DOC).read_bytes() == b"v2"


def test_corrupt_manifest_keeps_everything(tmp_path: Path) -> None:
    place(tmp_path, b"v1")
    (tmp_path / MANIFEST_FILE).write_text("{ not json")
    assert Manifest.read(tmp_path).files == {}
    assert place(tmp_path, b"v2") == Outcome.KEPT
    assert (tmp_path / DOC).read_bytes() == b"v1"


def test_subfolders_and_absolute_paths(tmp_path: Path) -> None:
    placer = Placer(tmp_path)
    placed = placer.place(tmp_path / "bang-khen" / "01.docx", b"x")
    assert placed.name == "bang-khen/01.docx" and sha256_file(tmp_path / "bang-khen" / "01.docx")
    assert "bang-khen/01.docx" in Manifest.read(tmp_path).files


def test_stale_temp_files_are_removed(tmp_path: Path) -> None:
    (tmp_path / ".bao-cao.docx.abc123.tmp").write_bytes(b"half")
    (tmp_path / DOC).write_bytes(b"keep")
    assert remove_stale_temp_files(tmp_path) == [tmp_path / ".bao-cao.docx.abc123.tmp"]
    assert (tmp_path / DOC).exists()


def test_counts(tmp_path: Path) -> None:
    place(tmp_path, b"a", name="a.docx")
    place(tmp_path, b"b", name="b.docx")
    (tmp_path / "b.docx").write_bytes(b"edited")
    placer = Placer(tmp_path)
    placer.place("a.docx", b"a")
    placer.place("b.docx", b"b2")
    placer.place("c.docx", b"c")
    assert placer.counts() == {"written": 1, "kept": 1, "unchanged": 1, "beside": 1}


def test_written_files_are_not_private(tmp_path: Path) -> None:
    """mkstemp makes 0600 files; outputs get the mode any new file gets (0666 less the umask)."""
    place(tmp_path, b"v1")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / DOC).stat().st_mode & 0o777 == 0o666 & ~umask
