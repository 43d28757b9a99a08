"""Placement and manifest: tongket's own files are replaced, a person's edits never are."""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest

from pipeline.office.atomic import remove_stale_temp_files, routed, sha256_bytes, sha256_file, write_atomic
from pipeline.runs.manifest import JOURNAL_FILE, MANIFEST_FILE, Manifest, fingerprint
from pipeline.runs.placement import BACKUP_DIR, Outcome, Placer, draft_name

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


def test_only_temp_files_of_known_outputs_are_removed(tmp_path: Path) -> None:
    """A form being written without the lock keeps its temporary file; a placed output's goes."""
    ours = tmp_path / "sub" / f".{DOC}.k2j4_x9a.tmp"
    theirs = tmp_path / "bieu-mau" / ".CB_2024.xlsx.abcd1234.tmp"
    for path in (ours, theirs):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    assert remove_stale_temp_files(tmp_path, targets={f"sub/{DOC}"}) == [ours]
    assert theirs.exists()


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


def test_killed_run_leaves_a_journal_the_next_run_applies(tmp_path: Path) -> None:
    placer = Placer(tmp_path)
    placer.place(DOC, b"v1")  # no finish(): the process died here
    assert not (tmp_path / MANIFEST_FILE).exists() and (tmp_path / JOURNAL_FILE).exists()
    assert Manifest.read(tmp_path).state(tmp_path, DOC) == "ours"
    assert place(tmp_path, b"v2") == Outcome.WRITTEN  # replaced, not taken for an edit
    assert not (tmp_path / JOURNAL_FILE).exists()


def test_half_written_journal_line_is_ignored(tmp_path: Path) -> None:
    place(tmp_path, b"v1")
    (tmp_path / JOURNAL_FILE).write_text('{"file": "x.docx", "entry": {"sha2')
    assert set(Manifest.read(tmp_path).files) == {DOC}


def test_routed_write_atomic_goes_through_the_placer(tmp_path: Path) -> None:
    place(tmp_path, b"v1")
    (tmp_path / DOC).write_bytes(b"edited")
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere.txt"
    placer = Placer(tmp_path)
    with routed(placer.route):
        write_atomic(tmp_path / DOC, b"v2")
        write_atomic(outside, b"not mine")
    placer.finish()
    assert (tmp_path / DOC).read_bytes() == b"edited"
    assert (tmp_path / draft_name(DOC, 2)).read_bytes() == b"v2"
    assert outside.read_bytes() == b"not mine" and "../" not in "".join(Manifest.read(tmp_path).files)
    outside.unlink()
    write_atomic(tmp_path / DOC, b"v3")  # outside the block: a plain atomic write
    assert (tmp_path / DOC).read_bytes() == b"v3"


def test_stage_is_skipped_only_when_complete_and_intact(tmp_path: Path) -> None:
    placer = Placer(tmp_path)
    with placer.stage("render", "fp1"):
        placer.place("a.docx", b"a")
        placer.place("b.md", b"b")
    placer.finish()
    assert Manifest.read(tmp_path).stages["render"].files == ["a.docx", "b.md"]

    again = Placer(tmp_path)
    assert again.stage_current("render", "fp1")
    assert again.counts()["unchanged"] == 2
    assert not Placer(tmp_path).stage_current("render", "fp2")
    (tmp_path / "b.md").unlink()
    assert not Placer(tmp_path).stage_current("render", "fp1")

    broken = Placer(tmp_path)
    with pytest.raises(RuntimeError), broken.stage("render", "fp3"):
        broken.place("a.docx", b"a3")
        raise RuntimeError("template broken halfway")
    broken.finish()
    assert Manifest.read(tmp_path).stages["render"].fingerprint == "fp1"  # not recorded as done


def test_office_files_are_made_reproducible_on_the_way_in(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("x")
    buffer = io.BytesIO()
    document.save(buffer)
    placer = Placer(tmp_path, when="2024-12-21")
    placer.place(DOC, buffer.getvalue())
    saved = docx.Document(tmp_path / DOC)
    assert saved.core_properties.modified is not None and saved.core_properties.modified.year == 2024


def test_file_open_in_word_gets_the_draft_beside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows, a file open in Word cannot be replaced: the draft goes beside it instead."""
    import pipeline.runs.placement

    place(tmp_path, b"v1")
    real = pipeline.runs.placement.replace_atomic

    def locked_by_word(path: Path, data: bytes) -> None:
        if path.name == DOC:
            raise PermissionError(13, "The process cannot access the file")
        real(path, data)

    monkeypatch.setattr(pipeline.runs.placement, "replace_atomic", locked_by_word)
    placer = Placer(tmp_path)
    placed = placer.place(DOC, b"v2")
    placer.finish()
    assert placed.outcome == Outcome.KEPT and placed.note
    assert (tmp_path / DOC).read_bytes() == b"v1" and (tmp_path / draft_name(DOC, 2)).read_bytes() == b"v2"
    assert Manifest.read(tmp_path).state(tmp_path, DOC) == "ours"  # still tongket's, replaced next time
