"""The year's framing from the inputs: issuing body, conference, documents, next year's roles.

Read from `inputs/body.toml` (the group, stable) and `inputs/<Y>/meta.toml` (the year). TOML
because Python reads it without a dependency and staff can edit it in Notepad.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import InputError
from pipeline.inputs.config_files import read_config_text
from pipeline.inputs.toml_schema import BODY_SCHEMA, META_SCHEMA, RULES_SCHEMA, check_toml
from pipeline.model.summary import Body, Conferrer, DocumentInfo, Event, Person
from pipeline.paths import BODY_FILE, META_FILE, RULES_FILE, Paths


@dataclass
class YearMeta:
    body: Body
    event: Event
    documents: dict[str, DocumentInfo]
    deadline: date | None = None
    received: dict[str, date] = field(default_factory=dict)  # unit code → date its file arrived
    cum_truong: str | None = None  # unit codes for next year's roles
    cum_pho: str | None = None
    noi_dung: list[str] = field(default_factory=list)
    issuer_unit: str | None = None
    conferrer: Conferrer | None = None


# Each config file's declared shape (pipeline.inputs.toml_schema), by its name.
_SCHEMAS = {BODY_FILE: BODY_SCHEMA, META_FILE: META_SCHEMA, RULES_FILE: RULES_SCHEMA}
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_toml(path: Path) -> dict[str, Any]:
    """A config TOML file, in UTF-8 or a legacy encoding, checked against its declared schema."""
    text = read_config_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = _TOML_AT.sub(lambda m: f"(dòng {m[1]}, cột {m[2]})", str(exc))
        raise InputError(f"Tệp {path} sai cú pháp TOML: {message}. Sửa dòng được nêu rồi chạy lại.") from None
    schema = _SCHEMAS.get(path.name)
    if schema is not None:
        check_toml(data, schema, path, text)
    return data


def _get(table: dict[str, Any], key: str, path: Path, section: str) -> Any:
    if key not in table:
        raise InputError(f"Tệp {path}: mục [{section}] thiếu khóa «{key}». Bổ sung rồi chạy lại.")
    return table[key]


def toml_number(
    table: dict[str, Any], key: str, default: float | None, path: Path, section: str
) -> float | None:
    """A number staff wrote in a TOML file; text in its place is an InputError naming the key."""
    value = table.get(key, default)
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return None if value is None else float(value)
    raise InputError(
        f"Tệp {path}, mục [{section}], khóa «{key}»: «{value}» không phải là số. "
        f"Ghi số không để trong ngoặc kép, ví dụ {key} = 20."
    )


def toml_date(value: Any, path: Path, where: str) -> date | None:
    """A date staff wrote in a TOML file (YYYY-MM-DD, without quotes)."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    raise InputError(
        f"Tệp {path}, {where}: «{value}» không phải ngày. Ghi dạng 2024-12-05, không để trong ngoặc kép."
    )


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def load_meta(paths: Paths, year: int | None = None) -> YearMeta:
    """Read body.toml and the year's meta.toml; a missing key is an InputError naming it."""
    year = year or paths.year
    body_path = paths.inputs / BODY_FILE
    meta_path = paths.year_inputs_for(year) / META_FILE
    group = _get(read_toml(body_path), "group", body_path, "group")
    meta = read_toml(meta_path)
    issuer = _get(meta, "issuer", meta_path, "issuer")
    event = _get(meta, "event", meta_path, "event")

    def need(table: dict[str, Any], key: str, section: str) -> Any:
        return _get(table, key, meta_path, section)

    body = Body(
        group_name=_get(group, "name", body_path, "group"),
        group_full_name=group.get("full_name", ""),
        group_kind=group.get("kind", "cluster"),
        superior=_get(group, "superior", body_path, "group"),
        issuer=need(issuer, "name", "issuer"),
        issuer_code=need(issuer, "code", "issuer"),
        place=need(issuer, "place", "issuer"),
        signing_for=issuer.get("signing_for", "TM. BAN THƯỜNG VỤ"),
        signer_title=issuer.get("signer_title", "CHỦ TỊCH"),
        signer_name=need(issuer, "signer_name", "issuer"),
    )
    ev = Event(
        date=_iso(need(event, "date", "event")),
        place=need(event, "place", "event"),
        theme=need(event, "theme", "event"),
        attendees=[Person(a["name"], a.get("title", "")) for a in event.get("attendees", [])],
        can_cu=list(event.get("can_cu", [])),
    )
    documents = {
        key: DocumentInfo(
            number=str(_get(doc, "number", meta_path, f"documents.{key}")),
            date=_iso(doc.get("date", ev.date)),
            recipients=list(doc.get("recipients", [])),
        )
        for key, doc in meta.get("documents", {}).items()
    }
    submissions = meta.get("submissions", {})
    awarding = meta.get("khen_thuong")
    if awarding is not None:
        conferrer = Conferrer(
            name=_get(awarding, "co_quan", meta_path, "khen_thuong"),
            place=awarding.get("dia_danh", body.place),
            signing_for=awarding.get("tm", ""),
            signer_title=awarding.get("chuc_vu_ky", ""),
            signer_name=awarding.get("nguoi_ky", ""),
        )
    elif body.group_kind == "province":  # a province confers its own awards
        conferrer = Conferrer(body.issuer, body.place, body.signing_for, body.signer_title, body.signer_name)
    else:  # a cluster only proposes: the level above confers, its signer is written by hand
        conferrer = Conferrer(body.superior, "", "", "", "")
    next_year = meta.get("next_year", {})
    return YearMeta(
        body=body,
        event=ev,
        documents=documents,
        deadline=toml_date(submissions.get("deadline"), meta_path, "mục [submissions], khóa «deadline»"),
        received={
            unit: day
            for unit, value in submissions.get("received", {}).items()
            if (day := toml_date(value, meta_path, f"mục [submissions.received], khóa «{unit}»"))
        },
        cum_truong=next_year.get("cum_truong"),
        cum_pho=next_year.get("cum_pho"),
        noi_dung=list(next_year.get("noi_dung", [])),
        issuer_unit=issuer.get("unit"),
        conferrer=conferrer,
    )
