"""A unit's pages, reached only through its private link /u/<code>/<token>: its blank form, its upload
and what the run would say of it, its status and the office's note. A page shows that unit only.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from pipeline.form.writer import build_form
from pipeline.portal.security import client_address, csrf_ok, csrf_token
from pipeline.portal.status import unit_state
from pipeline.portal.store import now

if TYPE_CHECKING:
    from pipeline.inputs.catalog import RegistryUnit
    from pipeline.portal.state import Portal

_FORM_FIELDS_BYTES = 64 * 1024  # the CSRF token; anything larger is not our form


def routes() -> list[Route]:
    return [
        Route("/u/{code}/{token}", unit_page, methods=["GET"]),
        Route("/u/{code}/{token}/bieu-mau", blank_form, methods=["GET"]),
        Route("/u/{code}/{token}/nop", upload, methods=["POST"]),
    ]


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    context.setdefault("csrf", csrf_token(request))
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status_code)


def refusal(request: Request, status_code: int, title: str, message: str, **headers: str) -> Response:
    response = page(request, "thong-bao.html", status_code, title=title, message=message)
    response.headers.update(headers)
    return response


def _unit(request: Request) -> RegistryUnit | Response:
    """The unit whose link this is, or the refusal: too many wrong links from here, or a wrong link
    (404 with nothing said about whether the code exists)."""
    portal: Portal = request.app.state.portal
    address = client_address(request)
    if portal.token_limiter.blocked(address):
        wait = str(portal.token_limiter.retry_after(address))
        message = "Đã thử quá nhiều đường dẫn sai. Hãy đợi ít phút rồi mở lại đúng đường dẫn được gửi."
        return refusal(request, 429, "Tạm khóa", message, **{"retry-after": wait})
    code, token = request.path_params["code"], request.path_params["token"]
    unit = portal.units.get(code)
    if not portal.store.token_matches(code, token) or unit is None:
        portal.token_limiter.failed(address)
        message = "Đường dẫn không đúng hoặc đã bị thu hồi. Liên hệ Văn phòng để nhận đường dẫn mới."
        return refusal(request, 404, "Không tìm thấy", message)
    return unit


async def unit_page(request: Request) -> Response:
    unit = _unit(request)
    if isinstance(unit, Response):
        return unit
    portal: Portal = request.app.state.portal
    record = portal.store.record(unit.code)
    base = f"/u/{unit.code}/{request.path_params['token']}"
    return page(
        request,
        "don-vi.html",
        unit=unit,
        year=portal.paths.year,
        base=base,
        record=record,
        attempt=record.get("attempt"),
        state=unit_state(record, bool(record.get("file")), portal.deadline),
        max_upload_mb=portal.settings.max_upload // 2**20,
    )


async def blank_form(request: Request) -> Response:
    unit = _unit(request)
    if isinstance(unit, Response):
        return unit
    portal: Portal = request.app.state.portal
    data = await portal.in_thread(build_form, portal.shared.catalog, portal.paths.year, unit)
    name = f"bieu-mau-{portal.paths.year}-{unit.code}.xlsx"
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


async def upload(request: Request) -> Response:
    unit = _unit(request)
    if isinstance(unit, Response):
        return unit
    portal: Portal = request.app.state.portal
    cap = portal.settings.max_upload
    declared = request.headers.get("content-length", "")
    if not declared.isdigit() or int(declared) > cap + _FORM_FIELDS_BYTES:
        # Refused before a byte of the body is read: the server never holds more than the cap.
        message = f"Tệp quá lớn: tối đa {cap // 2**20} MB. Biểu mẫu điền xong chỉ nặng vài chục KB."
        return refusal(request, 413, "Tệp quá lớn", message)
    async with request.form(max_files=1, max_fields=4, max_part_size=_FORM_FIELDS_BYTES) as form:
        if not csrf_ok(request, form.get("csrf")):
            return refusal(request, 403, "Phiên làm việc hết hạn", "Mở lại trang của đơn vị rồi gửi lại tệp.")
        sent = form.get("tep")
        if not isinstance(sent, UploadFile):
            return refusal(request, 400, "Chưa chọn tệp", "Chọn tệp báo cáo (.xlsx hoặc .csv) rồi bấm «Gửi».")
        data = await sent.read(cap + 1)
    if len(data) > cap:
        return refusal(request, 413, "Tệp quá lớn", f"Tệp quá lớn: tối đa {cap // 2**20} MB.")
    await portal.in_thread(_take, portal, unit.code, data, client_address(request))
    base = f"/u/{unit.code}/{request.path_params['token']}"
    return RedirectResponse(f"{base}#ket-qua", status_code=303)


def _take(portal: Portal, code: str, data: bytes, client: str) -> None:
    """Check the upload, place it when accepted, and record and audit the attempt either way."""
    check = portal.checker().check(code, data)
    sha = hashlib.sha256(data).hexdigest()
    at = now()
    attempt = {
        "time": at,
        "accepted": check.accepted,
        "refusal": check.refusal,
        "errors": check.errors,
        "warnings": check.warnings,
        "findings": check.findings_as_dicts(),
        "figures": [line.__dict__ for line in check.figures],
        "sha256": sha,
        "size": len(data),
    }
    audit = {"unit": code, "user": f"don-vi:{code}", "sha256": sha, "size": len(data), "client": client}
    if not check.accepted:
        portal.store.update_record(code, attempt=attempt)
        portal.store.audit("upload-refused", reason=check.refusal, **audit)
        return
    assert check.suffix is not None
    placement = portal.placer.place(code, check.suffix, data)
    name = f"{code}_{portal.paths.year}{check.suffix}"
    portal.store.update_record(
        code,
        attempt=attempt,
        file=name,
        received_at=at,
        sha256=sha,
        size=len(data),
        errors=check.errors,
        warnings=check.warnings,
        placement=placement,
        decision=None,  # a new version is looked at again
    )
    portal.store.audit("upload", file=name, placement=placement, errors=check.errors, **audit)
