"""The year's framing from the inputs: issuing body, conference, documents, next year's roles.

Read from `inputs/body.toml` (the group, stable) and `inputs/<Y>/meta.toml` (the year). TOML
because Python reads it without a dependency and staff can edit it in Notepad.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.errors import InputError
from pipeline.inputs.config_files import read_config_text
from pipeline.inputs.toml_schema import BODY_SCHEMA, META_SCHEMA, RULES_SCHEMA, check_toml, line_of
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


class Default(Enum):
    REQUIRED = "required"  # a missing key is an InputError naming it
    INHERITED = "inherited"  # the caller gives the default (another section's value)


REQUIRED, INHERITED = Default.REQUIRED, Default.INHERITED


class Key(NamedTuple):
    """One key of a TOML section: the attribute it fills, its default and how its value is read."""

    attr: str
    key: str
    default: Any = REQUIRED
    read: Callable[[Any], Any] | None = None  # applied to the default too


def _people(items: Any) -> list[Person]:
    return [Person(a["name"], a.get("title", "")) for a in items]


# The keys of each section staff write, in the order they are read (the first missing one is named).
GROUP_KEYS = (  # body.toml [group]
    Key("group_name", "name"),
    Key("group_full_name", "full_name", ""),
    Key("group_kind", "kind", "cluster"),
    Key("superior", "superior"),
)
ISSUER_KEYS = (  # meta.toml [issuer]
    Key("issuer", "name"),
    Key("issuer_code", "code"),
    Key("place", "place"),
    Key("signing_for", "signing_for", "TM. BAN THƯỜNG VỤ"),
    Key("signer_title", "signer_title", "CHỦ TỊCH"),
    Key("signer_name", "signer_name"),
)
EVENT_KEYS = (  # meta.toml [event]
    Key("date", "date", read=_iso),
    Key("place", "place"),
    Key("theme", "theme"),
    Key("attendees", "attendees", (), _people),
    Key("can_cu", "can_cu", (), list),
)
DOCUMENT_KEYS = (  # meta.toml [documents.<name>]; a document's date is the event's unless given
    Key("number", "number", read=str),
    Key("date", "date", INHERITED, _iso),
    Key("recipients", "recipients", (), list),
)
CONFERRER_KEYS = (  # meta.toml [khen_thuong]; the place is the issuer's unless given
    Key("name", "co_quan"),
    Key("place", "dia_danh", INHERITED),
    Key("signing_for", "tm", ""),
    Key("signer_title", "chuc_vu_ky", ""),
    Key("signer_name", "nguoi_ky", ""),
)
NEXT_YEAR_KEYS = (  # meta.toml [next_year]
    Key("cum_truong", "cum_truong", None),
    Key("cum_pho", "cum_pho", None),
    Key("noi_dung", "noi_dung", (), list),
)


def read_section(
    table: dict[str, Any],
    keys: tuple[Key, ...],
    path: Path,
    section: str,
    inherited: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The values of `keys` in a TOML section, by attribute; `inherited` gives the INHERITED defaults."""
    values = {}
    for key in keys:
        if key.key in table:
            value = table[key.key]
        elif key.default is REQUIRED:
            value = _get(table, key.key, path, section)
        else:
            value = (inherited or {})[key.attr] if key.default is INHERITED else key.default
        values[key.attr] = key.read(value) if key.read else value
    return values


def load_meta(paths: Paths, year: int | None = None, unit_codes: set[str] | None = None) -> YearMeta:
    """Read body.toml and the year's meta.toml; a missing key is an InputError naming it.

    With `unit_codes` (the registry's), a unit meta.toml names that units.csv lacks is one too."""
    year = year or paths.year
    meta = _load_meta(paths, year)
    if unit_codes is not None:
        check_meta_units(meta, paths.year_inputs_for(year) / META_FILE, unit_codes)
    return meta


def check_meta_units(meta: YearMeta, path: Path, unit_codes: set[str]) -> None:
    """Next year's Cụm trưởng and Cụm phó, and the units of [submissions.received], are units.csv
    codes: an unknown one would print an empty role or drop an arrival date without a word. (The
    issuer's `unit` is not checked: a province issues as itself, which is not one of its units.)"""
    named = {"next_year.cum_truong": meta.cum_truong, "next_year.cum_pho": meta.cum_pho}
    named |= {f"submissions.received.{code}": code for code in meta.received}
    for key, code in named.items():
        if code and code not in unit_codes:
            line = line_of(read_config_text(path), key)
            at = f", dòng {line}" if line else ""
            raise InputError(
                f"Tệp {path}{at}, khóa «{key}»: mã đơn vị «{code}» không có trong units.csv. "
                "Sửa cho đúng mã trong units.csv rồi chạy lại."
            )


def _load_meta(paths: Paths, year: int) -> YearMeta:
    body_path = paths.inputs / BODY_FILE
    meta_path = paths.year_inputs_for(year) / META_FILE
    group = _get(read_toml(body_path), "group", body_path, "group")
    meta = read_toml(meta_path)
    issuer = _get(meta, "issuer", meta_path, "issuer")
    event_table = _get(meta, "event", meta_path, "event")
    body = Body(
        **read_section(group, GROUP_KEYS, body_path, "group"),
        **read_section(issuer, ISSUER_KEYS, meta_path, "issuer"),
    )
    event = Event(**read_section(event_table, EVENT_KEYS, meta_path, "event"))
    documents = {
        name: DocumentInfo(
            **read_section(doc, DOCUMENT_KEYS, meta_path, f"documents.{name}", {"date": event.date})
        )
        for name, doc in meta.get("documents", {}).items()
    }
    conferrer = _conferrer(meta.get("khen_thuong"), body, meta_path)
    deadline, received = _submissions(meta.get("submissions", {}), meta_path)
    return YearMeta(
        body=body,
        event=event,
        documents=documents,
        deadline=deadline,
        received=received,
        issuer_unit=issuer.get("unit"),
        conferrer=conferrer,
        **read_section(meta.get("next_year", {}), NEXT_YEAR_KEYS, meta_path, "next_year"),
    )


def _conferrer(awarding: dict[str, Any] | None, body: Body, path: Path) -> Conferrer:
    """Who confers the awards: [khen_thuong] when given, else the province itself or the level above."""
    if awarding is not None:
        return Conferrer(**read_section(awarding, CONFERRER_KEYS, path, "khen_thuong", {"place": body.place}))
    if body.group_kind == "province":  # a province confers its own awards
        return Conferrer(body.issuer, body.place, body.signing_for, body.signer_title, body.signer_name)
    # a cluster only proposes: the level above confers, its signer is written by hand
    return Conferrer(body.superior, "", "", "", "")


def _submissions(submissions: dict[str, Any], path: Path) -> tuple[date | None, dict[str, date]]:
    """[submissions]: the deadline, and the day each unit's file arrived where the office wrote it."""
    deadline = toml_date(submissions.get("deadline"), path, "mục [submissions], khóa «deadline»")
    received = {
        unit: day
        for unit, value in submissions.get("received", {}).items()
        if (day := toml_date(value, path, f"mục [submissions.received], khóa «{unit}»"))
    }
    return deadline, received
