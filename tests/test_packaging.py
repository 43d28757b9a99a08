"""tongket as an installed tool: what the wheel must carry, the Vietnamese CLI, `tongket init`, and
output names that Windows accepts. (CI also builds the wheel and runs it from a fresh virtual
environment outside the checkout: tools/check_install.sh.)"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path, PureWindowsPath

import pytest

from pipeline import __version__, resources
from tools.compile_locale import CATALOG, compiled

ROOT = Path(__file__).resolve().parent.parent
SEED_TOTALS = {"cdcs": 6428, "doan_vien": 339739, "doan_vien_moi": 25493, "mai_am": 225, "suat_qua": 160000}
WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
# A staff member's Documents folder on Windows, the longest prefix we plan for.
WINDOWS_PREFIX = PureWindowsPath(r"C:\Users\nguyen.thi.thu.trang\Documents\tongket\outputs")


def tongket(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_pyproject_lists_every_package_of_the_product() -> None:
    """The wheel holds only the packages pyproject names: a new folder under pipeline/ must be listed."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    )
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "pipeline").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert on_disk <= listed, f"packages missing from pyproject.toml: {sorted(on_disk - listed)}"
    assert {"pipeline.resources.templates", "pipeline.resources.sample"} <= listed


def test_version_is_single_sourced() -> None:
    assert importlib.metadata.version("tongket") == __version__
    proc = tongket("--version", cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.strip() == f"tongket {__version__}"


def test_the_compiled_catalog_is_the_po_file() -> None:
    """messages.mo is committed for installs without a build step; it must be what the .po compiles to."""
    assert CATALOG.with_suffix(".mo").read_bytes() == compiled(), "run: python tools/compile_locale.py"


@pytest.mark.parametrize("language", ["en_US.UTF-8", "C.UTF-8"])
def test_clicks_own_messages_are_vietnamese_whatever_the_locale(tmp_path: Path, language: str) -> None:
    env = {"LANG": language, "LC_ALL": language, "LANGUAGE": "en"}
    help_text = tongket("run", "--help", cwd=tmp_path, env=env).stdout
    for english in ("Usage:", "Options:", "Show this message and exit.", "[required]", "default:", "PATH"):
        assert english not in help_text
    for vietnamese in (
        "Cách dùng: tongket run [TÙY_CHỌN]",
        "Tùy chọn:",
        "In hướng dẫn này rồi thoát.",
        "[bắt buộc]",
    ):
        assert vietnamese in help_text
    top = tongket("--help", cwd=tmp_path, env=env).stdout
    assert "Lệnh:" in top and "Commands:" not in top and "LỆNH [THAM_SỐ]..." in top
    bad_year = tongket("run", "--year", "abc", cwd=tmp_path, env=env)
    assert bad_year.returncode == 2
    assert "«abc» không phải là một năm" in bad_year.stderr and "is not a valid" not in bad_year.stderr
    unknown = tongket("run", "--year", "2024", "--nope", cwd=tmp_path, env=env)
    assert unknown.returncode == 2 and "Không có tùy chọn '--nope'" in unknown.stderr
    missing = tongket("run", cwd=tmp_path, env=env)
    assert missing.returncode == 2 and "Thiếu tùy chọn '--year'" in missing.stderr


def test_templates_and_sample_are_package_resources() -> None:
    assert (resources.templates() / "bao-cao-tong-ket.docx").is_file()
    assert (resources.sample() / "2024" / "meta.toml").is_file()
    assert (resources.locale() / "vi" / "LC_MESSAGES" / "messages.mo").is_file()


def test_init_makes_a_new_body_that_form_validate_and_run_work_in(tmp_path: Path) -> None:
    proc = tongket("init", "body", "--year", "2026", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    body = tmp_path / "body"
    for name in ("units.csv", "indicators.csv", "body.toml", "rules.toml", "2026/meta.toml"):
        assert (body / "inputs" / name).is_file(), name
    assert (body / "inputs" / "2026" / "submissions").is_dir()
    assert "Bắt đầu với tongket" in (body / "BAT-DAU.md").read_text(encoding="utf-8")
    assert (body / "inputs" / "indicators.csv").read_bytes() == (
        resources.sample() / "indicators.csv"
    ).read_bytes()
    form = tongket("form", "--year", "2026", cwd=body)
    assert form.returncode == 0, form.stderr
    assert {Path(p).name for p in form.stdout.split()} >= {"bieu-mau-2026-VD1.xlsx", "bieu-mau-2026-VD3.xlsx"}
    validate = tongket("validate", "--year", "2026", cwd=body)
    assert validate.returncode == 1, validate.stderr  # three units have not sent anything yet
    assert (body / "outputs" / "2026" / "validation.html").is_file()
    run = tongket("run", "--year", "2026", cwd=body)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert "chưa gửi 3" in run.stderr
    assert (body / "outputs" / "2026" / "bao-cao-tong-ket-2026.docx").is_file()


def test_init_never_overwrites(tmp_path: Path) -> None:
    assert tongket("init", "body", "--year", "2026", cwd=tmp_path).returncode == 0
    units = tmp_path / "body" / "inputs" / "units.csv"
    units.write_text("ma_don_vi,ten_don_vi\nA,Đơn vị A\n", encoding="utf-8")
    again = tongket("init", "body", "--sample", cwd=tmp_path)
    assert again.returncode == 2 and "không ghi đè" in again.stderr
    assert units.read_text(encoding="utf-8") == "ma_don_vi,ten_don_vi\nA,Đơn vị A\n"
    assert not (tmp_path / "body" / "inputs" / "2024").exists()
    # In a body that has its inputs, --templates adds the templates for staff to edit, and tongket uses them.
    templates = tongket("init", "body", "--templates", cwd=tmp_path)
    assert templates.returncode == 0, templates.stderr
    assert (tmp_path / "body" / "templates" / "bao-cao-tong-ket.docx").is_file()
    assert units.read_text(encoding="utf-8") == "ma_don_vi,ten_don_vi\nA,Đơn vị A\n"


def test_the_body_own_templates_are_used(tmp_path: Path) -> None:
    assert tongket("init", "body", "--sample", "--templates", cwd=tmp_path).returncode == 0
    body = tmp_path / "body"
    (body / "templates" / "tin-bai.md.j2").write_text(
        "Bản tin riêng của đơn vị năm {{ nam }}.\n", encoding="utf-8"
    )
    run = tongket("run", "--year", "2024", cwd=body)
    assert run.returncode == 0, run.stderr
    assert (body / "outputs" / "2024" / "tin-bai-2024.md").read_text(
        encoding="utf-8"
    ) == "Bản tin riêng của đơn vị năm 2024.\n"


@pytest.fixture(scope="module")
def sample_body(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample")
    assert tongket("init", "body", "--sample", cwd=folder).returncode == 0
    body = folder / "body"
    run = tongket("run", "--year", "2024", cwd=body)
    assert run.returncode == 0, run.stderr
    assert tongket("certificates", "--year", "2024", cwd=body).returncode == 0
    assert tongket("form", "--year", "2025", cwd=body).returncode == 0
    return body


def test_init_sample_gives_the_seed_totals(sample_body: Path) -> None:
    summary = json.loads((sample_body / "outputs" / "2024" / "summary.json").read_text(encoding="utf-8"))
    assert {code: summary["totals"][code] for code in SEED_TOTALS} == SEED_TOTALS


def test_every_output_name_is_valid_on_windows(sample_body: Path) -> None:
    outputs = sample_body / "outputs"
    names = [p.relative_to(outputs) for p in outputs.rglob("*")]
    assert len(names) > 50  # documents, certificates, forms, logs, the change list
    for relative in names:
        for part in relative.parts:
            assert not re.search(r'[<>:"/\\|?*\x00-\x1f]', part), part
            assert part.split(".")[0].upper() not in WINDOWS_RESERVED, part
            assert not part.endswith((" ", ".")), part
        assert len(str(WINDOWS_PREFIX.joinpath(*relative.parts))) < 260, relative
