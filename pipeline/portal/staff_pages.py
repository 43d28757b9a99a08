"""The office's pages, behind a login: every unit's status with counts and filters, a unit's findings,
approve or return with a note, and the run (`tongket run` in a child process) with its documents.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from pipeline.portal.security import CSRF_FIELD, client_address, csrf_ok
from pipeline.portal.status import FILTERS, counts, keep, matrix, unit_state
from pipeline.portal.store import Verdict, now
from pipeline.portal.unit_pages import page, refusal

if TYPE_CHECKING:
    from pipeline.portal.state import Portal

DOCUMENT_SUFFIXES = (".docx", ".xlsx", ".html", ".md", ".pdf", ".json")
_EXPIRED = ("Phiên làm việc hết hạn", "Tải lại trang rồi làm lại thao tác.")


def routes() -> list[Route]:
    return [
        Route("/staff/dang-nhap", login_page, methods=["GET"]),
        Route("/staff/dang-nhap", login, methods=["POST"]),
        Route("/staff/dang-xuat", logout, methods=["POST"]),
        Route("/staff", overview, methods=["GET"]),
        Route("/staff/don-vi/{code}", unit_detail, methods=["GET"]),
        Route("/staff/don-vi/{code}/quyet-dinh", decide, methods=["POST"]),
        Route("/staff/chay", run_page, methods=["GET"]),
        Route("/staff/chay", start_run, methods=["POST"]),
        Route("/staff/van-ban/{name}", document, methods=["GET"]),
    ]


async def home(request: Request) -> Response:
    return RedirectResponse("/staff", status_code=303)


def _user(request: Request) -> str | None:
    user = request.session.get("staff")
    return user if isinstance(user, str) else None


def _to_login() -> Response:
    return RedirectResponse("/staff/dang-nhap", status_code=303)


async def login_page(request: Request) -> Response:
    return page(request, "dang-nhap.html", error="")


async def login(request: Request) -> Response:
    portal: Portal = request.app.state.portal
    address = client_address(request)
    if portal.login_limiter.blocked(address):
        wait = str(portal.login_limiter.retry_after(address))
        message = "Đăng nhập sai quá nhiều lần. Đợi ít phút rồi thử lại."
        return refusal(request, 429, "Tạm khóa", message, **{"retry-after": wait})
    async with request.form(max_files=0, max_fields=4, max_part_size=4096) as form:
        name, password, sent = str(form.get("ten", "")), str(form.get("mat_khau", "")), form.get(CSRF_FIELD)
    if not csrf_ok(request, sent):
        return refusal(request, 403, *_EXPIRED)
    if not await portal.in_thread(portal.store.staff_password_ok, name, password):
        portal.login_limiter.failed(address)
        return page(request, "dang-nhap.html", 401, error="Tên đăng nhập hoặc mật khẩu không đúng.")
    request.session.clear()  # a fresh session (and CSRF token) after login: no fixation
    request.session["staff"] = name
    return RedirectResponse("/staff", status_code=303)


async def logout(request: Request) -> Response:
    async with request.form(max_files=0, max_fields=2, max_part_size=4096) as form:
        if not csrf_ok(request, form.get(CSRF_FIELD)):
            return refusal(request, 403, *_EXPIRED)
    request.session.clear()
    return _to_login()


async def overview(request: Request) -> Response:
    user = _user(request)
    if user is None:
        return _to_login()
    portal: Portal = request.app.state.portal
    rows = matrix(
        portal.units, portal.store.records(), portal.paths.submissions, portal.paths.year, portal.deadline
    )
    wanted = request.query_params.get("loc", "")
    return page(
        request,
        "tong-hop.html",
        user=user,
        year=portal.paths.year,
        rows=keep(rows, wanted),
        total=len(rows),
        counts=counts(rows),
        filters=FILTERS,
        wanted=wanted if wanted in FILTERS else "",
        deadline=portal.deadline,
    )


async def unit_detail(request: Request) -> Response:
    user = _user(request)
    if user is None:
        return _to_login()
    portal: Portal = request.app.state.portal
    unit = portal.units.get(request.path_params["code"])
    if unit is None:
        return refusal(request, 404, "Không tìm thấy", "Không có đơn vị này trong danh sách năm nay.")
    record = portal.store.record(unit.code)
    has_file = bool(record.get("file"))
    return page(
        request,
        "can-bo-don-vi.html",
        user=user,
        year=portal.paths.year,
        unit=unit,
        record=record,
        attempt=record.get("attempt"),
        state=unit_state(record, has_file, portal.deadline),
    )


async def decide(request: Request) -> Response:
    user = _user(request)
    if user is None:
        return _to_login()
    portal: Portal = request.app.state.portal
    unit = portal.units.get(request.path_params["code"])
    if unit is None:
        return refusal(request, 404, "Không tìm thấy", "Không có đơn vị này trong danh sách năm nay.")
    async with request.form(max_files=0, max_fields=4, max_part_size=8192) as form:
        sent, action, note = (
            form.get(CSRF_FIELD),
            str(form.get("hanh_dong", "")),
            str(form.get("ghi_chu", "")),
        )
    if not csrf_ok(request, sent):
        return refusal(request, 403, *_EXPIRED)
    note = note.strip()[:2000]
    if action not in ("duyet", "tra-lai"):
        return refusal(request, 400, "Thao tác không rõ", "Chọn «Duyệt» hoặc «Trả lại».")
    if action == "tra-lai" and not note:
        return refusal(request, 400, "Thiếu ghi chú", "Trả lại cần ghi rõ lý do để đơn vị sửa.")
    state = "approved" if action == "duyet" else "returned"
    record = portal.store.decide(unit.code, Verdict(state, note, user, now()))
    portal.store.audit(
        "approve" if state == "approved" else "return",
        unit=unit.code,
        user=user,
        note=note,
        sha256=record.get("sha256", ""),
        size=record.get("size", 0),
        client=client_address(request),
    )
    return RedirectResponse(f"/staff/don-vi/{unit.code}", status_code=303)


async def run_page(request: Request) -> Response:
    user = _user(request)
    if user is None:
        return _to_login()
    portal: Portal = request.app.state.portal
    job = portal.runs.last
    return page(
        request,
        "chay.html",
        user=user,
        year=portal.paths.year,
        job=job,
        documents=_documents(portal) if job is not None and not job.running else [],
    )


async def start_run(request: Request) -> Response:
    user = _user(request)
    if user is None:
        return _to_login()
    portal: Portal = request.app.state.portal
    async with request.form(max_files=0, max_fields=2, max_part_size=4096) as form:
        if not csrf_ok(request, form.get(CSRF_FIELD)):
            return refusal(request, 403, *_EXPIRED)
    await portal.in_thread(portal.placer.place_pending)  # what waited goes into this run
    job = await portal.in_thread(portal.runs.start, user)
    if job is not None:
        portal.store.audit("run", user=user, client=client_address(request))
    return RedirectResponse("/staff/chay", status_code=303)


def _documents(portal: Portal) -> list[str]:
    """The documents of the year, by the names the folder listing gives (never a name from a request)."""
    try:
        with os.scandir(portal.paths.out) as entries:
            return sorted(
                e.name
                for e in entries
                if e.is_file() and e.name.endswith(DOCUMENT_SUFFIXES) and not e.name.startswith(".")
            )
    except FileNotFoundError:
        return []


async def document(request: Request) -> Response:
    if _user(request) is None:
        return _to_login()
    portal: Portal = request.app.state.portal
    wanted = request.path_params["name"]
    # The path is made from the listing's own name, found equal to the request's: a name with
    # "../" or a drive letter is simply not in the listing.
    name = next((n for n in _documents(portal) if n == wanted), None)
    if name is None:
        return refusal(request, 404, "Không tìm thấy", "Văn bản này không có trong thư mục kết quả của năm.")
    return FileResponse(portal.paths.out / name, filename=name)
