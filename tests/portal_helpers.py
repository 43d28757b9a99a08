"""A portal over a copy of the bundled sample, with issued links and one staff account, for the
portal's HTTP tests (Starlette's TestClient: real requests through the whole ASGI stack)."""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from starlette.testclient import TestClient

from pipeline.paths import Paths
from pipeline.portal.app import PortalSettings
from pipeline.portal.links import issue_links
from pipeline.portal.store import PortalStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs"
STAFF, PASSWORD = "vanphong", "mat-khau-thu-nghiem"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Site:
    paths: Paths
    links: dict[str, str]  # unit code -> path of its private link (/u/<code>/<token>)
    client: TestClient

    @property
    def submissions(self) -> Path:
        return self.paths.submissions

    def csrf(self, url: str) -> str:
        found = CSRF.search(self.client.get(url).text)
        assert found, f"no CSRF field on {url}"
        return found.group(1)

    def upload(self, code: str, data: bytes, name: str = "bao-cao.xlsx", link: str | None = None):  # type: ignore[no-untyped-def]
        url = link or self.links[code]
        return self.client.post(
            f"{url}/nop",
            data={"csrf": self.csrf(url)},
            files={"tep": (name, data, "application/octet-stream")},
        )

    def login(self, name: str = STAFF, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        token = self.csrf("/staff/dang-nhap")
        return self.client.post("/staff/dang-nhap", data={"ten": name, "mat_khau": password, "csrf": token})


def make_site(tmp_path: Path, settings: PortalSettings | None = None) -> tuple[Paths, dict[str, str]]:
    inputs = tmp_path / "inputs"
    shutil.copytree(SAMPLE, inputs)
    paths = Paths(inputs, tmp_path / "outputs", 2024)
    written = issue_links(paths, "http://127.0.0.1:8000", [])
    with written[0].open(encoding="utf-8-sig") as handle:
        links = {
            row["ma_don_vi"]: row["url"].removeprefix("http://127.0.0.1:8000")
            for row in csv.DictReader(handle)
        }
    PortalStore(inputs, 2024).add_staff(STAFF, PASSWORD)
    return paths, links


def csv_submission(code: str, **changes: str) -> bytes:
    """The sample's CSV of BK with `changes` (indicator -> value as written) and `code` as its unit."""
    lines = (SAMPLE / "2024" / "submissions" / "BK_2024.csv").read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        _unit, indicator, value, note = line.split(",", 3)
        out.append(",".join([code, indicator, changes.get(indicator, value), note]))
    return ("\n".join(out) + "\n").encode("utf-8")
