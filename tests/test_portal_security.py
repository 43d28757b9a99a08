"""The portal's defences, each tried with real HTTP requests: the upload cap, the type read from the
content, no client string as a path, CSRF on every form, rate limits on links and logins,
constant-time token comparison, the security headers, staff pages behind the login, a unit's pages
showing that unit only."""

from __future__ import annotations

import hmac
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.form.writer import build_form
from pipeline.inputs.catalog import load_indicators, load_registry
from pipeline.portal import store as store_module
from pipeline.portal.app import HERE, create_app
from pipeline.portal.state import PortalSettings
from pipeline.portal.store import PortalStore
from tests.portal_helpers import PASSWORD, SAMPLE, STAFF, Site, csv_submission, make_site

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _site(tmp_path: Path, **settings: object) -> Iterator[Site]:
    paths, links = make_site(tmp_path)
    with TestClient(create_app(paths, PortalSettings(**settings)), follow_redirects=False) as client:  # type: ignore[arg-type]
        yield Site(paths, links, client)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    yield from _site(tmp_path)


def _archive(site: Site) -> list[Path]:
    folder = site.paths.inputs / "portal" / "2024" / "archive"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_upload_over_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    for site in _site(tmp_path, max_upload=40_000):
        before = (site.submissions / "CB_2024.xlsx").read_bytes()
        big = (SAMPLE / "2024/submissions/CB_2024.xlsx").read_bytes() + b"\0" * 200_000
        response = site.upload("CB", big)
        assert response.status_code == 413 and "Tệp quá lớn" in response.text
        assert (site.submissions / "CB_2024.xlsx").read_bytes() == before and not _archive(site)
        assert site.upload("CB", before).status_code == 303  # under the cap: taken


@pytest.mark.parametrize(
    ("content", "name", "kept_as"),
    [
        (PNG, "bao-cao.xlsx", None),  # a picture with a workbook's name
        (b"%PDF-1.7\n" + bytes(range(256)), "bao-cao.csv", None),
        ("word", "bao-cao.xlsx", None),  # a Word document: a zip, but no workbook inside
        ("csv", "anh.png", ".csv"),  # a CSV whatever the browser calls it
        ("xlsx", "bao-cao.csv", ".xlsx"),
    ],
)
def test_the_type_comes_from_the_content_never_the_name(
    site: Site, content: object, name: str, kept_as: str | None
) -> None:
    if content == "word":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<document/>")
        data = buffer.getvalue()
    elif content == "csv":
        data = csv_submission("HG")
    elif content == "xlsx":
        hg = next(u for u in load_registry(SAMPLE / "units.csv").units if u.code == "HG")
        data = build_form(load_indicators(SAMPLE / "indicators.csv"), 2024, hg)  # blank: errors, but HG's
    else:
        data = content  # type: ignore[assignment]
    before = {p.name: p.read_bytes() for p in site.submissions.iterdir()}
    page = site.client.get(site.upload("HG", data, name=name).headers["location"]).text
    after = {p.name: p.read_bytes() for p in site.submissions.iterdir()}
    if kept_as is None:
        assert "Chưa nhận tệp." in page and "không phải bảng tính" in page
        assert after == before
    else:
        assert after[f"HG_2024{kept_as}"] == data
        assert set(after) == (set(before) - {"HG_2024.csv"}) | {f"HG_2024{kept_as}"}


def test_no_client_string_becomes_a_path(site: Site) -> None:
    site.upload("BK", csv_submission("BK"), name="../../../units.csv")
    assert (site.submissions / "BK_2024.csv").read_bytes() == csv_submission("BK")
    assert (site.paths.inputs / "units.csv").read_bytes() == (SAMPLE / "units.csv").read_bytes()
    site.login()
    for url in (
        "/staff/van-ban/..%2F..%2Finputs%2Funits.csv",
        "/staff/van-ban/%2Fetc%2Fpasswd",
        "/staff/van-ban/manifest.json%00.docx",
        "/staff/don-vi/..%2F..%2Fstaff",
    ):
        response = site.client.get(url)
        assert response.status_code == 404, url
        assert "ma_don_vi" not in response.text and "argon2" not in response.text
    assert site.client.get("/u/..%2F..%2Fportal/x").status_code == 404


def test_every_form_needs_the_sessions_csrf_token(site: Site, tmp_path: Path) -> None:
    link = site.links["BK"]
    before = (site.submissions / "BK_2024.csv").read_bytes()
    no_token = site.client.post(f"{link}/nop", files={"tep": ("a.csv", csv_submission("BK", cdcs="1"))})
    assert no_token.status_code == 403 and (site.submissions / "BK_2024.csv").read_bytes() == before
    assert site.client.post("/staff/dang-nhap", data={"ten": STAFF, "mat_khau": PASSWORD}).status_code == 403
    site.login()
    assert site.client.post("/staff/don-vi/BK/quyet-dinh", data={"hanh_dong": "duyet"}).status_code == 403
    assert site.client.post("/staff/chay", data={}).status_code == 403
    assert site.client.post("/staff/dang-xuat", data={}).status_code == 403
    assert PortalStore(site.paths.inputs, 2024).record("BK").get("decision") is None
    assert site.paths.out.exists() is False or not (site.paths.out / "manifest.json").exists()
    # Another session's token is not this session's.
    other = TestClient(site.client.app, follow_redirects=False)
    stolen = site.csrf("/staff/chay")
    other_login = other.post("/staff/dang-nhap", data={"ten": STAFF, "mat_khau": PASSWORD, "csrf": stolen})
    assert other_login.status_code == 403


def test_wrong_links_are_rate_limited_per_address(tmp_path: Path) -> None:
    for site in _site(tmp_path, token_failures=3):
        good = site.links["CB"]
        assert site.client.get(good).status_code == 200  # using one's own link never counts
        for guess in ("/u/CB/aaaa", "/u/CB/bbbb", "/u/XX/cccc"):
            assert site.client.get(guess).status_code == 404
        blocked = site.client.get(good)
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
        assert site.client.post(f"{good}/nop").status_code == 429


def test_failed_logins_are_rate_limited(tmp_path: Path) -> None:
    for site in _site(tmp_path, login_failures=3):
        for _ in range(3):
            assert site.login(password="sai-mat-khau").status_code == 401
        assert site.login().status_code == 429  # even the right password waits
        assert site.client.get("/staff").status_code == 303


def test_tokens_are_compared_in_constant_time(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(store_module.hmac, "compare_digest", spy)
    store = PortalStore(site.paths.inputs, 2024)
    token = site.links["CB"].rsplit("/", 1)[1]
    assert store.token_matches("CB", token)
    assert not store.token_matches("CB", token[:-1] + "x")
    assert not store.token_matches("XX", token)  # no such unit: still one comparison
    store.revoke_links(["CB"])
    assert not store.token_matches("CB", token)
    assert len(compared) == 4 and all(len(a) == len(b) == 64 for a, b in compared)
    assert site.client.get(site.links["CB"]).status_code == 404  # revoked: the link is dead


def test_security_headers_on_every_response(site: Site) -> None:
    responses = [
        site.client.get(site.links["CB"]),
        site.client.get("/u/CB/sai"),
        site.client.get("/staff"),
        site.client.get("/staff/dang-nhap"),
        site.client.get("/static/portal.css"),
        site.client.get(f"{site.links['CB']}/bieu-mau"),
    ]
    for response in responses:
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "unsafe-inline" not in csp and "script-src" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
    cookie = responses[0].headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    for template in (HERE / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "<script" not in text and "style=" not in text and " on" + "click" not in text, template
        assert not re.search(r"(src|href)=\"(https?:)?//", text), f"an asset from outside in {template}"


def test_staff_pages_need_a_login(site: Site) -> None:
    for url in ("/staff", "/staff/don-vi/CB", "/staff/chay", "/staff/van-ban/summary.json"):
        response = site.client.get(url)
        assert response.status_code == 303 and response.headers["location"] == "/staff/dang-nhap", url
    token = site.csrf("/staff/dang-nhap")
    assert site.client.post("/staff/chay", data={"csrf": token}).status_code == 303
    assert (
        site.client.post(
            "/staff/don-vi/CB/quyet-dinh", data={"csrf": token, "hanh_dong": "duyet"}
        ).status_code
        == 303
    )
    assert PortalStore(site.paths.inputs, 2024).audit_lines() == []
    assert site.login().status_code == 303
    assert site.client.get("/staff").status_code == 200


def test_a_unit_sees_only_itself(site: Site) -> None:
    site.upload("LS", csv_submission("LS", doan_vien="-1"))
    page = site.client.get(site.links["BK"]).text
    assert "Bắc Kạn" in page
    for other in ("Cao Bằng", "Lạng Sơn", "Thái Nguyên", "Giá trị âm"):
        assert other not in page
    cb_token = site.links["CB"].rsplit("/", 1)[1]
    assert site.client.get(f"/u/BK/{cb_token}").status_code == 404  # a link is for its own unit only
    assert site.client.get("/staff/don-vi/LS").status_code == 303
