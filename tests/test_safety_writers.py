"""Every writer goes through the guard: certificates, forms and PDFs keep a person's edits, are in the
manifest, and wait for (or refuse) a run that holds the folder, as `tongket run` does."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from safety_helpers import ROOT, YEAR, tongket

from pipeline.office.pdf import find_soffice
from pipeline.runs.lock import run_lock
from pipeline.runs.manifest import Manifest
from pipeline.runs.placement import BACKUP_DIR, draft_name


def command(name: str, outputs: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "pipeline", name, "--year", YEAR, "--outputs", str(outputs), *extra]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300, env=dict(os.environ))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit_docx(path: Path, text: str) -> None:
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outputs = tmp_path_factory.mktemp("writers") / "outputs"
    assert tongket(ROOT / "inputs", outputs, "-q").returncode == 0
    return outputs


def test_certificates_keep_an_edit_and_are_in_the_manifest(made: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    (outputs / YEAR).mkdir(parents=True)
    summary = made / YEAR / "summary.json"
    (outputs / YEAR / "summary.json").write_bytes(summary.read_bytes())
    first = command("certificates", outputs, "-q")
    assert first.returncode == 0, first.stderr
    year = outputs / YEAR
    names = set(Manifest.read(year).files)
    printed = [Path(line) for line in first.stdout.splitlines()]
    assert len(printed) == 35 and all(p.relative_to(year).as_posix() in names for p in printed)
    target = next(p for p in printed if p.parent.name == "giay-khen")
    edit_docx(target, "Chữ ký đã thêm bằng tay.")
    edited = sha(target)

    second = command("certificates", outputs)
    assert second.returncode == 0, second.stderr
    assert sha(target) == edited  # the edit is kept; the same draft again would tell the person nothing
    assert "Kết quả: văn bản ghi mới 0, giữ bản đã sửa 1, không đổi 34." in second.stderr

    data = json.loads((year / "summary.json").read_text(encoding="utf-8"))
    for award in data["awards"]:
        if award["form"] == "co_thi_dua":
            award["achievement"] += " (bổ sung)"
    (year / "summary.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    third = command("certificates", outputs)
    assert third.returncode == 0, third.stderr
    assert sha(target) == edited
    beside = target.with_name(Path(draft_name(target.name, 2)).name)
    assert beside.is_file() and str(beside) in third.stdout.splitlines()
    text = "\n".join(p.text for p in docx.Document(str(beside)).paragraphs)
    assert "(bổ sung)" in text and "Chữ ký đã thêm bằng tay." not in text
    assert f"Giữ nguyên giay-khen/{target.name}" in third.stderr
    # The merged print file changed too (it carries the same certificate); it was not edited.
    assert (
        "Kết quả: văn bản ghi mới 1, giữ bản đã sửa 1 (1 bản mới để bên cạnh), không đổi 33." in third.stderr
    )
    logs = list((year / "logs").iterdir())
    assert len(logs) == 3 and any("tongket certificates" in p.read_text(encoding="utf-8") for p in logs)


def test_a_withdrawn_award_s_edited_certificate_is_moved_aside(made: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    year = outputs / YEAR
    year.mkdir(parents=True)
    data = json.loads((made / YEAR / "summary.json").read_text(encoding="utf-8"))
    (year / "summary.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert command("certificates", outputs, "-q").returncode == 0
    certificates = sorted((year / "giay-khen").glob("*.docx"))
    person = next(p for p in certificates if "be-van-dung" in p.name)
    untouched = next(p for p in certificates if "ha-thi-yen" in p.name)
    edit_docx(person, "Đã ký.")
    edited = person.read_bytes()
    data["awards"] = [
        a for a in data["awards"] if a["recipient"] not in ("Bế Văn Dũng", "Hà Thị Yến")
    ]  # two awards withdrawn
    (year / "summary.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = command("certificates", outputs)
    assert done.returncode == 0, done.stderr
    assert not person.exists() and not untouched.exists()  # neither can be printed by mistake
    [kept] = list((year / BACKUP_DIR / "giay-khen").iterdir())
    assert kept.read_bytes() == edited and kept.name.startswith("bang-khen-ca-nhan-be-van-dung (bản sửa ")
    assert "bản đã có người sửa được chuyển vào" in done.stderr
    manifest = Manifest.read(year)
    assert (
        f"giay-khen/{person.name}" not in manifest.files
        and f"giay-khen/{untouched.name}" not in manifest.files
    )


def test_forms_keep_an_edit_and_are_reproducible(tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    first = command("form", outputs, "--inputs", str(ROOT / "inputs"), "-q")
    assert first.returncode == 0, first.stderr
    forms = [Path(line) for line in first.stdout.splitlines()]
    assert len(forms) == 7  # one per unit and a blank one
    year = outputs / YEAR
    assert {p.relative_to(year).as_posix() for p in forms} <= set(Manifest.read(year).files)
    before = {p: sha(p) for p in forms}
    book = openpyxl.load_workbook(forms[0])
    book["BaoCao"]["F8"] = "Ghi chú của đơn vị"
    book.save(forms[0])
    edited = sha(forms[0])

    again = command("form", outputs, "--inputs", str(ROOT / "inputs"))
    assert again.returncode == 0, again.stderr
    assert sha(forms[0]) == edited
    assert not forms[0].with_name(Path(draft_name(forms[0].name, 2)).name).exists()  # the same form again
    # Reproducible: the other forms are byte for byte what the first run wrote (no clock inside).
    assert all(sha(p) == before[p] for p in forms[1:])
    assert "Kết quả: văn bản ghi mới 0, giữ bản đã sửa 1, không đổi 6." in again.stderr


def test_writers_wait_for_the_folder_s_lock(made: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    (outputs / YEAR).mkdir(parents=True)
    (outputs / YEAR / "summary.json").write_bytes((made / YEAR / "summary.json").read_bytes())
    (outputs / YEAR / "giao-uoc-thi-dua-2025.docx").write_bytes(
        (made / YEAR / "giao-uoc-thi-dua-2025.docx").read_bytes()
    )
    with run_lock(outputs / YEAR):
        for name, extra in (("certificates", ()), ("form", ("--inputs", str(ROOT / "inputs"))), ("pdf", ())):
            busy = command(name, outputs, *extra)
            assert busy.returncode == 3, (name, busy.stderr)
    for folder in ("giay-khen", "bieu-mau", "pdf"):
        assert not (outputs / YEAR / folder).exists()


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_pdfs_are_placed_and_an_edited_one_is_kept(made: Path, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    year = outputs / YEAR
    year.mkdir(parents=True)
    report = "giao-uoc-thi-dua-2025.docx"
    (year / report).write_bytes((made / YEAR / report).read_bytes())
    first = command("pdf", outputs, "-q")
    assert first.returncode == 0, first.stderr
    [pdf] = [Path(line) for line in first.stdout.splitlines()]
    assert (
        pdf == year / "pdf" / "giao-uoc-thi-dua-2025.pdf"
        and "pdf/giao-uoc-thi-dua-2025.pdf" in Manifest.read(year).files
    )
    pdf.write_bytes(pdf.read_bytes() + b"\n% annotated by a person\n")
    edited = sha(pdf)
    second = command("pdf", outputs, "-q")
    assert second.returncode == 0, second.stderr
    assert sha(pdf) == edited
    assert second.stdout.splitlines() == [str(pdf.with_name(Path(draft_name(pdf.name, 2)).name))]
