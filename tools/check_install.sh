#!/usr/bin/env bash
# tongket installed as a user installs it: build the wheel and sdist, check what they carry,
# install the wheel into a fresh virtual environment in a temporary folder outside the checkout,
# then `tongket init --sample` and `tongket run --year 2024` there, asserting the seed's totals.
# Run by CI (.ci/run) after `make test`; locally: make install-check.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"

echo "install-check: building the wheel and the sdist in $work/dist"
"$root/.venv/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation \
  -w "$work/dist" . 2>&1 | grep -v '^WARNING: Location' || true
"$root/.venv/bin/python" -c "
import sys
from setuptools import build_meta
print(build_meta.build_sdist(sys.argv[1]))" "$work/dist" >/dev/null
rm -rf build ./*.egg-info
wheel=$(ls "$work"/dist/tongket-*.whl)
sdist=$(ls "$work"/dist/tongket-*.tar.gz)
"$root/.venv/bin/python" "$root/tools/check_dist.py" "$wheel" "$sdist"

echo "install-check: fresh venv outside the checkout, pip install of the wheel"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check -c "$root/requirements.lock" "$wheel" \
  2>&1 | grep -v '^WARNING: Location' || true

cd "$work"
env -u PYTHONPATH "$work/venv/bin/tongket" --version
env -u PYTHONPATH "$work/venv/bin/tongket" init --sample body >/dev/null
cd body
status=0
env -u PYTHONPATH "$work/venv/bin/tongket" run --year 2024 --quiet >/dev/null || status=$?
[ "$status" = 0 ] || { echo "install-check: tongket run exited $status" >&2; exit 1; }
"$work/venv/bin/python" - <<'EOF'
import json
from pathlib import Path

summary = json.loads(Path("outputs/2024/summary.json").read_text(encoding="utf-8"))
seed = {"cdcs": 6428, "doan_vien": 339739, "doan_vien_moi": 25493, "cdcs_moi": 132, "mai_am": 225,
        "suat_qua": 160000, "ket_nap_dang": 4925}
found = {code: summary["totals"][code] for code in seed}
assert found == seed, f"seed totals differ: {found}"
for name in ("bao-cao-tong-ket-2024.docx", "danh-sach-khen-thuong-2024.docx", "giao-uoc-thi-dua-2025.docx"):
    assert Path("outputs/2024", name).is_file(), name
print("install-check: seed totals and documents as expected")
EOF
