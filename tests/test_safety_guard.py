"""`guarded`: a stage run under the lock with every output placed, a log, a change list, a summary line."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import docx
from safety_helpers import fake_stage
from summary_factory import make_summary

from pipeline.formats.vnformat import so
from pipeline.model.summary import Summary
from pipeline.paths import SUMMARY_FILE, Paths
from pipeline.runs.changes import CHANGES_DIR
from pipeline.runs.guard import guarded
from pipeline.runs.manifest import Manifest
from pipeline.runs.placement import draft_name

DOC = "bao-cao-tong-ket-2024.docx"


def report(summary: Summary) -> bytes:
    document = docx.Document()
    document.add_paragraph(f"Tổng số đoàn viên: {so(summary.totals['doan_vien'])} người")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def stage(paths: Paths, summary: Summary) -> Callable[[Callable[[str], None]], Summary]:
    return fake_stage(paths, summary, report, DOC)


def test_guarded_run_places_logs_and_lists_changes(tmp_path: Path) -> None:
    paths = Paths(inputs=tmp_path / "inputs", outputs_root=tmp_path / "outputs", year=2024)
    messages: list[str] = []
    first = guarded(paths, stage(paths, make_summary()), messages.append)
    assert first.tally.written == 1 and first.change_list is None
    assert set(Manifest.read(paths.out).files) == {SUMMARY_FILE, DOC}
    assert first.log is not None and first.log.read_text(encoding="utf-8").rstrip().endswith(
        first.tally.line()
    )
    assert messages[-1] == first.tally.line()

    # A person edits the report; then a unit's figure changes.
    edited = docx.Document(paths.out / DOC)
    edited.add_paragraph("Đoạn do cán bộ tuyên giáo viết thêm.")
    edited.save(paths.out / DOC)
    edited_bytes = (paths.out / DOC).read_bytes()
    data = make_summary().to_dict()  # the per-unit tables are read-only: change the data, rebuild
    data["units"]["CB"]["doan_vien"] += 1000
    data["totals"]["doan_vien"] += 1000
    changed = Summary.from_dict(data)
    second = guarded(paths, stage(paths, changed), messages.append)

    assert (paths.out / DOC).read_bytes() == edited_bytes
    beside = paths.out / draft_name(DOC, 2)
    assert "340.739" in "\n".join(p.text for p in docx.Document(beside).paragraphs)
    assert second.tally.kept == 1 and second.tally.beside == 1
    assert second.change_list is not None and second.change_list.parent == paths.out / CHANGES_DIR
    page = second.change_list.read_text(encoding="utf-8")
    assert "Tổng số đoàn viên" in page and "339.739" in page and "340.739" in page
    assert DOC in page and beside.name in page

    # Nothing changed: nothing written, no new change list.
    third = guarded(paths, stage(paths, changed), messages.append)
    assert third.tally.written == 0 and third.change_list is None
    assert len(list((paths.out / CHANGES_DIR).iterdir())) == 1
