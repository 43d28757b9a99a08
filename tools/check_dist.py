"""Check what the wheel and the sdist carry: every product package, the templates, the sample, the
Vietnamese catalog and the starter files; no tests, tools or outputs. Used by tools/check_install.sh.

    python tools/check_dist.py dist/tongket-X-py3-none-any.whl dist/tongket-X.tar.gz
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def expected_wheel_files() -> set[str]:
    """What the wheel must hold, from the checkout: every module, template and sample file."""
    wanted = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "pipeline").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    wanted |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "pipeline" / "starter").iterdir()}
    wanted |= {"pipeline/resources/locale/vi/LC_MESSAGES/messages.mo"}
    for folder, packaged in (("templates", "templates"), ("inputs", "sample")):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                wanted.add(f"pipeline/resources/{packaged}/{path.relative_to(ROOT / folder).as_posix()}")
    return wanted


def main(wheel: str, sdist: str) -> int:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(expected_wheel_files() - names)
    stray = sorted(n for n in names if n.split("/")[0] not in {"pipeline"} and ".dist-info/" not in n)
    problems = [f"missing from the wheel: {m}" for m in missing] + [f"not for the wheel: {s}" for s in stray]
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    for needed in ("pyproject.toml", "README.md", "templates/bao-cao-tong-ket.docx", "inputs/2024/meta.toml"):
        if needed not in members:
            problems.append(f"missing from the sdist: {needed}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"check-dist: wheel {len(names)} files, sdist {len(members)} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
