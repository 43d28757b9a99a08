"""The portal in a real browser: Playwright drives the system Chromium (its own browser download
cannot reach the Internet here) against `tongket serve`'s app on 127.0.0.1.

A unit uploads a file with errors, reads them, fixes them and is accepted; a staff member logs in,
returns and approves, starts the run and downloads a document it wrote. Skipped, with the reason,
only where no Chromium is installed. Screenshots of every page go to the test's folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from pipeline.portal.app import create_app
from tests.portal_helpers import PASSWORD, STAFF, csv_submission, make_site

CHROMIUM = os.environ.get("TONGKET_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, dict[str, str], Path]]:
    paths, links = make_site(tmp_path)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(paths), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the portal did not start"
    try:
        yield f"http://127.0.0.1:{port}", links, tmp_path
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(tmp_path: Path) -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(
            accept_downloads=True, locale="vi-VN", viewport={"width": 1200, "height": 900}
        )
        errors: list[str] = []
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        yield page
        browser.close()
        assert not errors, f"the browser reported errors (CSP, assets): {errors}"


def test_unit_uploads_with_errors_fixes_them_and_is_accepted(served, page) -> None:  # type: ignore[no-untyped-def]
    base, links, folder = served
    page.goto(base + links["BK"])
    assert page.inner_text("h1") == "Liên đoàn Lao động tỉnh Bắc Kạn"
    with page.expect_download() as download:
        page.click("text=Tải biểu mẫu năm 2024")
    assert download.value.suggested_filename == "bieu-mau-2024-BK.xlsx"
    bad = folder / "bao-cao-loi.csv"
    bad.write_bytes(csv_submission("BK", doan_vien="-5", cdcs="12a"))
    page.set_input_files("#tep", str(bad))
    started = time.monotonic()
    page.click("#gui")
    page.wait_for_selector("#ket-luan")
    assert time.monotonic() - started < 2.0, "the findings took more than 2 s"
    assert page.inner_text("#trang-thai") == "Có lỗi"
    findings = page.inner_text("#loi")
    assert "Giá trị âm." in findings and "dòng 5" in findings and "Giá trị không phải là số." in findings
    page.screenshot(path=str(folder / "don-vi-co-loi.png"), full_page=True)
    good = folder / "bao-cao-da-sua.csv"
    good.write_bytes(csv_submission("BK"))
    page.set_input_files("#tep", str(good))
    page.click("#gui")
    page.wait_for_selector("#so-lieu")
    assert page.inner_text("#trang-thai") == "Đã nhận"
    assert "0 lỗi" in page.inner_text("#ket-luan")
    assert "26.721" in page.inner_text("#so-lieu")
    page.screenshot(path=str(folder / "don-vi-da-nhan.png"), full_page=True)
    assert (folder / "inputs/2024/submissions/BK_2024.csv").read_bytes() == good.read_bytes()


def test_staff_returns_approves_runs_and_downloads(served, page) -> None:  # type: ignore[no-untyped-def]
    base, links, folder = served
    page.goto(base + "/staff")
    page.fill("#ten", STAFF)
    page.fill("#mat_khau", PASSWORD)
    page.click("#dang-nhap")
    page.wait_for_selector("#ma-tran")
    assert "Tất cả (6)" in page.inner_text("#bo-loc")
    page.screenshot(path=str(folder / "can-bo-tong-hop.png"), full_page=True)
    page.click("a[href='/staff/don-vi/LS']")
    page.fill("#ghi_chu", "Đề nghị bổ sung ghi chú cho chỉ tiêu tăng mạnh.")
    page.click("#tra-lai")
    assert page.inner_text("#trang-thai") == "Trả lại"
    page.click("#duyet")
    assert page.inner_text("#trang-thai") == "Đã duyệt"
    page.screenshot(path=str(folder / "can-bo-don-vi.png"), full_page=True)
    page.click("text=Tổng hợp, soạn văn bản")
    page.click("#chay")
    page.wait_for_selector("#van-ban", timeout=240_000)  # the page refreshes itself until the run ends
    assert "Hoàn thành" in page.inner_text("#ket-qua-chay")
    page.screenshot(path=str(folder / "can-bo-chay.png"), full_page=True)
    with page.expect_download() as download:
        page.click("text=bao-cao-tong-ket-2024.docx")
    saved = folder / "tai-ve.docx"
    download.value.save_as(saved)
    assert saved.read_bytes() == (folder / "outputs/2024/bao-cao-tong-ket-2024.docx").read_bytes()
    page.goto(base + links["LS"])
    assert page.inner_text("#trang-thai") == "Đã duyệt"
