"""The command line as users run it: real processes on the bundled inputs, exit codes, help."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from docx import Document

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
SEED_TOTALS = {
    "cdcs": 6428, "cdcs_sxkd": 937, "cdcs_hcsn": 5491, "doan_vien": 339739, "cdcs_moi": 132,
    "doan_vien_moi": 25493, "gioi_thieu_dang": 7417, "ket_nap_dang": 4925, "lop_tap_huan": 202,
    "hn_cu_tri": 13, "kien_nghi": 122, "hn_doi_thoai": 9, "thuong_luong": 109, "suat_qua": 160000,
    "mai_am": 225, "ho_tro_thien_tai": 4200, "co_thi_dua_tld": 14, "bang_khen_tap_the_tld": 74,
    "bang_khen_ca_nhan_tld": 100,
}  # fmt: skip


def tongket(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("outputs")
    return tongket("run", "--year", "2024", "--inputs", str(INPUTS), "--outputs", str(out)), out / "2024"


def test_run_on_the_bundled_sample_exits_0_and_prints_the_paths(sample_run) -> None:
    proc, _ = sample_run
    assert proc.returncode == 0, proc.stderr
    printed = [Path(line) for line in proc.stdout.splitlines()]
    names = {p.name for p in printed}
    for name in (
        "summary.json",
        "bao-cao-tong-ket-2024.docx",
        "danh-sach-khen-thuong-2024.docx",
        "giao-uoc-thi-dua-2025.docx",
    ):
        assert name in names
    assert all(p.exists() for p in printed)
    assert "Tổng hợp 6/6 đơn vị" in proc.stderr


def test_summary_totals_are_the_seed_figures(sample_run) -> None:
    _, out = sample_run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["year"] == 2024
    for code, value in SEED_TOTALS.items():
        assert summary["totals"][code] == value, code
    assert sum(u["cdcs"] for u in summary["units"].values()) == 6428
    winners = {a["form"]: [] for a in summary["awards"]}
    for award in summary["awards"]:
        winners[award["form"]].append(award["unit_code"])
    assert winners["co_thi_dua"] == ["CB"]
    assert sorted(winners["bang_khen_tap_the"]) == ["LS", "TN"]


def test_documents_carry_the_seed_figures_in_vietnamese_format(sample_run) -> None:
    _, out = sample_run
    report = docx_text(out / "bao-cao-tong-ket-2024.docx")
    for figure in (
        "6.428",
        "339.739",
        "25.493",
        "7.417",
        "4.925",
        "160.000",
        "gần 60 tỷ đồng",
        "gần 10 tỷ đồng",
        "trên 9 tỷ đồng",
        "Cao Bằng, ngày 21 tháng 12 năm 2024",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 34/BC-LĐLĐ",
    ):
        assert figure in report, figure
    listing = docx_text(out / "danh-sach-khen-thuong-2024.docx")
    assert "Liên đoàn Lao động tỉnh Cao Bằng" in listing and "Cao Bằng, ngày 21 tháng 12 năm 2024" in listing
    pledge = docx_text(out / "giao-uoc-thi-dua-2025.docx")
    assert "GIAO ƯỚC THI ĐUA" in pledge and "Cao Bằng, ngày 21 tháng 12 năm 2024" in pledge


def test_each_stage_runs_alone_from_its_predecessors_artifact(tmp_path: Path) -> None:
    args = ("--year", "2024", "--inputs", str(INPUTS), "--outputs", str(tmp_path), "--quiet")
    for stage in ("ingest", "validate", "aggregate", "render"):
        proc = tongket(stage, *args)
        assert proc.returncode == 0, (stage, proc.stderr)
        assert proc.stderr == "" or stage == "render", (stage, proc.stderr)
    summary = json.loads((tmp_path / "2024" / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["doan_vien"] == 339739
    assert (tmp_path / "2024" / "bao-cao-tong-ket-2024.docx").exists()


def test_a_missing_unit_exits_1_and_the_draft_names_it(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    (inputs / "2024" / "submissions" / "HG_2024.csv").unlink()
    proc = tongket("run", "--year", "2024", "--inputs", str(inputs), "--outputs", str(tmp_path / "o"))
    assert proc.returncode == 1, proc.stderr
    report = docx_text(tmp_path / "o" / "2024" / "bao-cao-tong-ket-2024.docx")
    assert "Hà Giang" in report and "6.428" not in report


def test_a_wrong_flag_exits_2_with_a_message_not_a_traceback() -> None:
    proc = tongket("run", "--year", "2024", "--no-such-flag")
    assert proc.returncode == 2
    assert "Lỗi: sai cách dùng" in proc.stderr and "--no-such-flag" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_missing_inputs_folder_exits_2_in_vietnamese(tmp_path: Path) -> None:
    proc = tongket(
        "run", "--year", "2024", "--inputs", str(tmp_path / "khong-co"), "--outputs", str(tmp_path)
    )
    assert proc.returncode == 2
    assert "Không tìm thấy tệp" in proc.stderr and "Traceback" not in proc.stderr


COMMANDS = sorted(cli.commands.items())


@pytest.mark.parametrize("name,command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_command_and_option_has_help(name: str, command: click.Command) -> None:
    path = [name]
    assert command.help, path
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, (path, param.name)
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


def test_top_level_help_lists_the_stages() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for stage in ("run", "ingest", "validate", "aggregate", "render"):
        assert stage in result.output


def test_check_templates_passes_on_the_bundled_templates_and_names_a_broken_tag(tmp_path: Path) -> None:
    assert tongket("check-templates").returncode == 0
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    doc = Document(str(templates / "giao-uoc-thi-dua.docx"))
    doc.paragraphs[-1].add_run(" {{ tong.khong_co_chi_tieu_nay|so }}")
    doc.save(str(templates / "giao-uoc-thi-dua.docx"))
    proc = tongket("check-templates", "--templates", str(templates))
    assert proc.returncode == 1
    assert "giao-uoc-thi-dua.docx" in proc.stderr and "khong_co_chi_tieu_nay" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("written,line", [("mười lăm", 2), ("1.5", 2), ("mười lăm", 7)])
def test_an_unreadable_target_is_named_with_its_line_not_a_traceback(
    tmp_path: Path, written: str, line: int
) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    targets = inputs / "2024" / "targets.csv"
    lines = targets.read_text(encoding="utf-8").splitlines()
    code, indicator, _ = lines[line - 1].split(",")
    lines[line - 1] = f'{code},{indicator},"{written}"'
    lines[2] = lines[2].rsplit(",", 1)[0] + ","  # a blank target above it is skipped, not miscounted
    targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = tongket("run", "--year", "2024", "--inputs", str(inputs), "--outputs", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert f"targets.csv, dòng {line}" in proc.stderr and written in proc.stderr
    assert f"{code} / {indicator}" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_targets_are_read_as_vietnamese_numbers(tmp_path: Path) -> None:
    from pipeline.aggregate import read_targets
    from pipeline.paths import Paths

    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "targets.csv").write_text(
        'ma_don_vi,ma_chi_tieu,chi_tieu\nA,sang_kien,1.709\nA,ty_le,"96,5"\nA,mai_am, 12 \n', encoding="utf-8"
    )
    assert read_targets(Paths(tmp_path, tmp_path, 2024), 2024) == {
        "A": {"sang_kien": 1709, "ty_le": 96.5, "mai_am": 12}
    }


@pytest.mark.parametrize(
    "file,old,new,named",
    [
        ("rules.toml", "max_points = 20", 'max_points = "hai mươi"', "khóa «max_points»: «hai mươi»"),
        ("rules.toml", "count = 1", 'count = "một"', "khóa «count»: «một»"),
        ("2024/meta.toml", "CB = 2024-12-05", 'CB = "05/12/2024"', "khóa «CB»: «05/12/2024» không phải ngày"),
        ("2024/meta.toml", "deadline = 2024-12-10", 'deadline = "10/12"', "khóa «deadline»"),
    ],
)
def test_a_wrong_value_in_a_staff_edited_toml_names_its_key(
    tmp_path: Path, file: str, old: str, new: str, named: str
) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    path = inputs / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    proc = tongket("run", "--year", "2024", "--inputs", str(inputs), "--outputs", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert named in proc.stderr and file.split("/")[-1] in proc.stderr
    assert proc.stderr.count(named) == 1, proc.stderr  # once: the run log keeps its copy in the file
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("stage,hint", [("aggregate", "tongket validate"), ("render", "tongket aggregate")])
def test_a_stage_run_before_its_predecessor_says_which_to_run(tmp_path: Path, stage: str, hint: str) -> None:
    proc = tongket(stage, "--year", "2024", "--inputs", str(INPUTS), "--outputs", str(tmp_path), "-q")
    assert proc.returncode == 2
    assert hint in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "old,new,named",
    [
        (",so_dem,sum,,,1\ncdcs_sxkd", ",so_dem,avg,,,1\ncdcs_sxkd", "cột phuong_phap: «avg»"),
        (",ty_le,ratio,cdcs_vung_manh,cdcs,", ",ty_le,ratio,cdcs_vung_manh,khong_co,", "«khong_co»"),
    ],
)
def test_an_unusable_catalog_row_stops_the_run_before_any_sum(
    tmp_path: Path, old: str, new: str, named: str
) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    catalog = inputs / "indicators.csv"
    text = catalog.read_text(encoding="utf-8")
    assert old in text
    catalog.write_text(text.replace(old, new, 1), encoding="utf-8")
    proc = tongket("run", "--year", "2024", "--inputs", str(inputs), "--outputs", str(tmp_path / "o"))
    assert proc.returncode == 2 and proc.stderr.count(named) == 1 and "Traceback" not in proc.stderr
