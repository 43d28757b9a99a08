"""The portal's flows over real HTTP requests: links for mail merge, a unit's upload with errors then
fixed, files placed atomically and archived, the audit log, the staff matrix, approve and return,
uploads while a run holds the lock, and the run started from the portal with its documents."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from pipeline.cli import cli
from pipeline.portal.app import create_app
from pipeline.portal.state import PortalSettings
from pipeline.portal.store import PortalStore
from pipeline.runs.lock import run_lock
from tests.portal_helpers import PASSWORD, SAMPLE, STAFF, Site, csv_submission, make_site


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    paths, links = make_site(tmp_path)
    with TestClient(create_app(paths, PortalSettings(pending_every=0.2))) as client:
        yield Site(paths, links, client)


def test_links_command_writes_csv_and_xlsx_for_mail_merge_and_stores_only_hashes(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    import shutil  # only this test needs a bare copy

    shutil.copytree(SAMPLE, inputs)
    result = CliRunner().invoke(
        cli, ["links", "--year", "2024", "--inputs", str(inputs), "--base-url", "http://10.0.0.5:8000/"]
    )
    assert result.exit_code == 0, result.output
    csv_path, xlsx_path = (Path(p) for p in result.stdout.split())
    rows = list(csv.DictReader(csv_path.open(encoding="utf-8-sig")))
    assert [r["ma_don_vi"] for r in rows] == ["CB", "BK", "LS", "TN", "TQ", "HG"]
    assert rows[0]["ten_don_vi"] == "Liên đoàn Lao động tỉnh Cao Bằng"
    assert all(r["url"].startswith(f"http://10.0.0.5:8000/u/{r['ma_don_vi']}/") for r in rows)
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert [c.value for c in sheet[1]] == ["ma_don_vi", "ten_don_vi", "url"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [list(r.values()) for r in rows]
    stored = (inputs / "portal" / "2024" / "links.json").read_text(encoding="utf-8")
    tokens = [r["url"].rsplit("/", 1)[1] for r in rows]
    assert len(set(tokens)) == 6 and all(len(t) >= 40 for t in tokens)
    assert not any(t in stored for t in tokens), "a token is stored in clear"
    assert csv_path.stat().st_mode & 0o077 == 0, "the list of links is readable by others"
    bad = CliRunner().invoke(cli, ["links", "--year", "2024", "--inputs", str(inputs), "--base-url", "ftp:x"])
    assert bad.exit_code != 0 and "--base-url" in str(bad.exception or bad.output)


def test_unit_uploads_with_errors_then_fixes_and_the_file_lands_where_ingest_reads(site: Site) -> None:
    bad = csv_submission("BK", doan_vien="-5", cdcs="12a")
    response = site.upload("BK", bad, name="anything.png")
    assert response.status_code == 200
    page = response.text
    assert "Đã nhận tệp: 2 lỗi" in page
    assert "dòng 5" in page and "Giá trị âm." in page and "Nhập số lớn hơn hoặc bằng 0." in page
    assert "dòng 2" in page and "Giá trị không phải là số." in page
    assert 'id="trang-thai">Có lỗi<' in page
    target = site.submissions / "BK_2024.csv"
    assert target.read_bytes() == bad  # the name ingest reads, whatever the browser called it
    archived = sorted((site.paths.inputs / "portal" / "2024" / "archive").iterdir())
    assert [p.read_bytes() for p in archived] == [(SAMPLE / "2024/submissions/BK_2024.csv").read_bytes()]

    good = csv_submission("BK")
    page = site.upload("BK", good).text
    assert "Đã nhận tệp: 0 lỗi" in page and 'id="trang-thai">Đã nhận<' in page
    assert "Tổng số đoàn viên" in page and "26.721" in page  # the figure against last year
    assert target.read_bytes() == good
    assert len(list((site.paths.inputs / "portal" / "2024" / "archive").iterdir())) == 2
    assert not [p for p in site.submissions.iterdir() if p.name.startswith(".")], "a temporary file was left"
    audit = PortalStore(site.paths.inputs, 2024).audit_lines()
    assert [a["event"] for a in audit] == ["upload", "upload"]
    assert audit[1]["sha256"] == __import__("hashlib").sha256(good).hexdigest()
    assert audit[1]["size"] == len(good) and audit[1]["unit"] == "BK" and audit[1]["client"]


def test_an_xlsx_after_a_csv_moves_the_csv_to_the_archive(site: Site) -> None:
    form = (SAMPLE / "2024" / "submissions" / "CB_2024.xlsx").read_bytes()
    site.upload("CB", csv_submission("CB"))
    assert (site.submissions / "CB_2024.csv").exists()
    site.upload("CB", form, name="bao-cao.csv")
    assert (site.submissions / "CB_2024.xlsx").read_bytes() == form
    assert not (site.submissions / "CB_2024.csv").exists(), (
        "two files for one unit: the run would refuse both"
    )
    assert any(p.suffix == ".csv" for p in (site.paths.inputs / "portal" / "2024" / "archive").iterdir())


def test_another_units_file_is_refused_and_nothing_is_replaced(site: Site) -> None:
    before = (site.submissions / "BK_2024.csv").read_bytes()
    page = site.upload("BK", csv_submission("LS")).text
    assert "Chưa nhận tệp." in page and "báo cáo của đơn vị LS, không phải của đơn vị BK" in page
    assert (site.submissions / "BK_2024.csv").read_bytes() == before
    assert not (site.submissions / "LS_2024.csv").exists()
    assert PortalStore(site.paths.inputs, 2024).audit_lines()[-1]["event"] == "upload-refused"


def test_blank_form_of_the_unit_downloads_and_reads_back_as_its_own(site: Site, tmp_path: Path) -> None:
    response = site.client.get(f"{site.links['LS']}/bieu-mau")
    assert response.status_code == 200
    assert 'filename="bieu-mau-2024-LS.xlsx"' in response.headers["content-disposition"]
    path = tmp_path / "form.xlsx"
    path.write_bytes(response.content)
    book = openpyxl.load_workbook(path)
    values = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert "LS" in values


def test_staff_matrix_counts_filters_and_decisions_reach_the_unit(site: Site) -> None:
    site.upload("BK", csv_submission("BK", doan_vien="-5"))
    assert site.login().status_code == 200
    page = site.client.get("/staff").text
    assert "Có lỗi (1)" in page and "Đã nhận (5)" in page and "Chưa nộp (0)" in page  # 5 emailed files
    assert "Tất cả (6)" in page and "Nộp muộn (1)" in page  # the sample's deadline is past
    only_errors = site.client.get("/staff?loc=co-loi").text
    assert "/staff/don-vi/BK" in only_errors and "/staff/don-vi/CB" not in only_errors
    detail = site.client.get("/staff/don-vi/BK").text
    assert "Giá trị âm." in detail
    token = site.csrf("/staff/don-vi/BK")
    empty_note = site.client.post("/staff/don-vi/BK/quyet-dinh", data={"csrf": token, "hanh_dong": "tra-lai"})
    assert empty_note.status_code == 400
    note = "Số đoàn viên âm, đề nghị sửa dòng 5."
    site.client.post(
        "/staff/don-vi/BK/quyet-dinh", data={"csrf": token, "hanh_dong": "tra-lai", "ghi_chu": note}
    )
    unit_page = site.client.get(site.links["BK"]).text
    assert 'id="trang-thai">Trả lại<' in unit_page and note in unit_page
    site.upload("BK", csv_submission("BK"))  # a new version clears the decision
    site.client.post("/staff/don-vi/BK/quyet-dinh", data={"csrf": token, "hanh_dong": "duyet"})
    assert 'id="trang-thai">Đã duyệt<' in site.client.get(site.links["BK"]).text
    assert "Đã duyệt (1)" in site.client.get("/staff").text
    events = [(a["event"], a.get("user")) for a in PortalStore(site.paths.inputs, 2024).audit_lines()]
    assert events == [("upload", "don-vi:BK"), ("return", STAFF), ("upload", "don-vi:BK"), ("approve", STAFF)]


def test_upload_while_a_run_holds_the_lock_waits_then_lands_for_the_next_run(site: Site) -> None:
    new = csv_submission("TQ", doan_vien="99999")
    old = (site.submissions / "TQ_2024.csv").read_bytes()
    with run_lock(site.paths.out):
        page = site.upload("TQ", new).text
        assert "sẽ được đưa vào lần tổng hợp sau" in page
        time.sleep(0.6)  # the mover tries every 0,2 s in this test: it must not place during the run
        assert (site.submissions / "TQ_2024.csv").read_bytes() == old
    deadline = time.monotonic() + 10
    while (site.submissions / "TQ_2024.csv").read_bytes() != new and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (site.submissions / "TQ_2024.csv").read_bytes() == new
    assert not list((site.paths.inputs / "portal" / "2024" / "pending").iterdir())
    assert old in [p.read_bytes() for p in (site.paths.inputs / "portal" / "2024" / "archive").iterdir()]


def test_staff_starts_the_guarded_run_and_downloads_its_documents(site: Site) -> None:
    site.login()
    assert site.client.post("/staff/chay", data={"csrf": site.csrf("/staff/chay")}).status_code == 200
    deadline = time.monotonic() + 240
    page = site.client.get("/staff/chay").text
    while 'http-equiv="refresh"' in page and time.monotonic() < deadline:
        time.sleep(0.5)
        page = site.client.get("/staff/chay").text
    assert "Hoàn thành" in page, page
    assert "/staff/van-ban/bao-cao-tong-ket-2024.docx" in page
    response = site.client.get("/staff/van-ban/bao-cao-tong-ket-2024.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    manifest = json.loads((site.paths.out / "manifest.json").read_text(encoding="utf-8"))
    assert "bao-cao-tong-ket-2024.docx" in json.dumps(manifest)  # the guarded run's own manifest
    assert [a["event"] for a in PortalStore(site.paths.inputs, 2024).audit_lines()] == ["run"]


def test_staff_add_hashes_the_password_with_argon2(tmp_path: Path) -> None:
    (tmp_path / "inputs").mkdir()
    args = ["staff", "add", "Nguyễn Văn A", "--inputs", str(tmp_path / "inputs"), "--password-stdin"]
    result = CliRunner().invoke(cli, args, input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    stored = (tmp_path / "inputs" / "portal" / "staff.json").read_text(encoding="utf-8")
    assert PASSWORD not in stored and "$argon2id$" in stored
    store = PortalStore(tmp_path / "inputs", 2024)
    assert store.staff_password_ok("Nguyễn Văn A", PASSWORD)
    assert not store.staff_password_ok("Nguyễn Văn A", PASSWORD + "x")
    short = CliRunner().invoke(cli, args, input="ngan\n")
    assert short.exit_code != 0 and "ít nhất 8 ký tự" in str(short.exception)
