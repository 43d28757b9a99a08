"""The year-end summary model: the single contract between aggregation and rendering.

`aggregate` builds a `Summary`; every renderer reads one. It is written to
`outputs/<Y>/summary.json` (see docs/summary-schema.md) and read back with
`Summary.from_dict`, so the render stage can run alone and a province's summary can be
a unit's submission to its cluster.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

from pipeline.model import summary_io
from pipeline.model.unit_tables import (
    AchievementStatus,
    Figure,
    FigureTable,
    Number,
    NumberTable,
    Provenance,
)

__all__ = ["AchievementStatus", "Figure", "FigureTable", "Number", "NumberTable", "Provenance"]

SCHEMA_VERSION = "1.0"

UnitStatus = Literal["received", "missing", "excluded"]
# The per-unit tables are columns (pipeline.model.unit_tables); Figure and Provenance live there too.
PER_UNIT = frozenset({("units",), ("figures",), ("next_year", "targets")})


@dataclass
class Indicator:
    """One row of the indicator catalog (inputs/indicators.csv)."""

    code: str
    name: str
    unit: str  # đơn vị tính, e.g. "người", "đồng"
    group: str  # section of the report the indicator belongs to
    kind: Literal["so_dem", "tien", "ty_le"]  # count, money or percentage
    method: Literal["sum", "max", "latest", "ratio"]
    numerator: str | None = None  # for method == "ratio"
    denominator: str | None = None
    required: bool = True


@dataclass
class Person:
    name: str
    title: str  # e.g. "Chủ tịch LĐLĐ tỉnh Cao Bằng"


@dataclass
class Unit:
    """A member unit of the body and its data-quality status for the year."""

    code: str
    name: str  # full name: "Liên đoàn Lao động tỉnh Cao Bằng"
    short_name: str  # "LĐLĐ tỉnh Cao Bằng"
    place: str  # "Cao Bằng"
    status: UnitStatus
    leader: str | None = None  # chủ tịch, signs the giao ước
    source_file: str | None = None
    predecessors: list[str] = field(default_factory=list)  # codes this unit continues
    note: str | None = None  # why missing or excluded, or (received) why not complete, in Vietnamese

    @property
    def complete(self) -> bool:
        """False for a received unit some of whose figures could not be read (validate's note says
        which cells: a formula saved without its value); it counts apart in «N/M đơn vị»."""
        return self.status != "received" or not self.note


@dataclass
class Body:
    """The issuing body and the group it speaks for."""

    group_name: str  # "Cụm thi đua số 5"
    group_kind: Literal["cluster", "province"]
    superior: str  # "TỔNG LĐLĐ VIỆT NAM"
    issuer: str  # "LIÊN ĐOÀN LAO ĐỘNG TỈNH CAO BẰNG"
    issuer_code: str  # "LĐLĐ", used in document numbers: 34/BC-LĐLĐ
    place: str  # place in the date line
    signing_for: str  # "TM. BAN THƯỜNG VỤ"
    signer_title: str  # "CHỦ TỊCH"
    signer_name: str
    group_full_name: str = ""


@dataclass
class Conferrer:
    """The body that confers the awards and signs the certificates.

    For a province it is the province itself; for a cluster it is the level above (the Tổng LĐLĐ),
    since the cluster only proposes. Set in meta.toml's [khen_thuong].
    """

    name: str  # "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"
    place: str  # place in the certificate's date line: "Hà Nội"
    signing_for: str = ""  # "TM. ĐOÀN CHỦ TỊCH"
    signer_title: str = ""  # "PHÓ CHỦ TỊCH"
    signer_name: str = ""  # blank: signed by hand


@dataclass
class DocumentInfo:
    """Number, date and recipients of one issued document (from the inputs)."""

    number: str  # "34/BC-LĐLĐ"
    date: str  # ISO date
    recipients: list[str] = field(default_factory=list)


@dataclass
class Score:
    unit: str
    points: float
    breakdown: dict[str, float] = field(default_factory=dict)
    bonus: float = 0.0
    penalty: float = 0.0
    rank: int = 0
    core_targets_met: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class Award:
    """A commendation proposal: a unit (tập thể) or a person (cá nhân)."""

    form: Literal["co_thi_dua", "bang_khen_tap_the", "bang_khen_ca_nhan"]
    recipient: str  # unit name or person's full name
    unit_code: str
    unit_name: str
    position: str | None = None  # chức vụ, for people
    achievement: str = ""  # tóm tắt thành tích
    reason: str = ""  # why tongket proposes it (score, rank, rule)


@dataclass
class RejectedNomination:
    recipient: str
    form: str
    unit_code: str
    unit_name: str
    position: str | None
    reason: str


@dataclass
class NextYear:
    year: int
    targets: Mapping[str, Mapping[str, Number]] = field(default_factory=dict)  # unit → code → target
    target_totals: dict[str, Number] = field(default_factory=dict)
    cum_truong: str | None = None
    cum_pho: str | None = None
    noi_dung: list[str] = field(default_factory=list)  # numbered emulation contents

    def __post_init__(self) -> None:
        if not isinstance(self.targets, NumberTable):
            self.targets = NumberTable.from_rows(self.targets)


@dataclass
class Event:
    """The year-end conference and the year's framing."""

    date: str  # ISO date of the conference
    place: str
    theme: str  # chủ đề năm
    attendees: list[Person] = field(default_factory=list)
    can_cu: list[str] = field(default_factory=list)  # legal bases cited in the documents


@dataclass
class Summary:
    year: int
    body: Body
    event: Event
    indicators: dict[str, Indicator]
    unit_list: list[Unit]
    # The per-unit tables: unit code → indicator code → value / figure in context. Held as columns
    # (NumberTable, FigureTable); plain dicts given here are turned into them.
    units: Mapping[str, Mapping[str, Number]]  # (contract)
    totals: dict[str, Number]  # indicator code → value over received units (contract)
    figures: Mapping[str, Mapping[str, Figure]]
    total_figures: dict[str, Figure]
    previous_year: int | None = None
    previous_totals: dict[str, Number] = field(default_factory=dict)
    lineage_notes: list[str] = field(default_factory=list)
    missing_targets: list[str] = field(default_factory=list)  # "unit:code" without a target
    scores: list[Score] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    rejected: list[RejectedNomination] = field(default_factory=list)
    next_year: NextYear | None = None
    documents: dict[str, DocumentInfo] = field(default_factory=dict)
    findings_count: dict[str, int] = field(default_factory=dict)  # severity → count
    conferrer: Conferrer | None = None
    schema_version: str = SCHEMA_VERSION
    tongket_version: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.units, NumberTable):
            self.units = NumberTable.from_rows(self.units, list(self.indicators))
        if not isinstance(self.figures, FigureTable):
            self.figures = FigureTable.from_rows(self.figures, list(self.indicators))

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON data: what `dataclasses.asdict` gives, without its deep copies."""
        return typing.cast(dict[str, Any], _plain(self))

    def to_json(self) -> str:
        buffer = io.StringIO()
        self.dump(buffer)
        return buffer.getvalue()

    def dump(self, out: TextIO) -> None:
        """summary.json, a unit to a line (pipeline.model.summary_io), written as it goes: a national
        summary is never one string in memory. Keys keep the order aggregate built them in (the
        catalog's, the units' codes), the order documents list them in."""
        summary_io.dump(self, out, _members, default=_fields_of)

    def write(self, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="\n") as out:
            self.dump(out)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return typing.cast(Summary, _build(cls, data))

    @classmethod
    def read(cls, path: Path) -> Summary:
        """Read summary.json a line at a time; a file in another layout (re-saved by a person, or
        by an older tongket) is read whole."""
        try:
            return _read_lines(path)
        except summary_io.LayoutError:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def received_units(self) -> list[Unit]:
        return [u for u in self.unit_list if u.status == "received"]

    def units_with_status(self, status: UnitStatus) -> list[Unit]:
        return [u for u in self.unit_list if u.status == status]


def _members(value: Any) -> Iterable[tuple[str, Any]]:
    """An object's members for summary_io: a per-unit table's rows as plain dicts, made one at a time."""
    if isinstance(value, FigureTable):
        return ((unit, summary_io.RawJSON(text)) for unit, text in value.json_rows())
    if isinstance(value, NumberTable):
        return value.plain_rows()
    if isinstance(value, Mapping):
        return value.items()
    return _fields_of(value).items()


def _read_lines(path: Path) -> Summary:
    """Summary.read for the line layout: the per-unit tables filled row by row as they are read."""
    small = summary_io.load_small(path, skip=PER_UNIT)
    codes = list(small.get("indicators") or {})
    capacity = len(small.get("unit_list") or [])
    units = NumberTable.empty([], codes, capacity)
    figures = FigureTable.empty([], codes, capacity)
    targets = NumberTable.empty([], codes, capacity)
    index: dict[tuple[int, str], int] = {}
    try:
        for where, key, raw in summary_io.iter_members(path):
            if where == ("units",):
                units.append_row(key, json.loads(raw))
            elif where == ("figures",):
                figures.append_row(key, json.loads(raw), index)
            elif where == ("next_year", "targets"):
                targets.append_row(key, json.loads(raw))
    except (KeyError, IndexError) as exc:
        # An indicator not in the catalog, or more units than unit_list: not a summary tongket wrote
        # as it is; reading it whole takes what it holds.
        raise summary_io.LayoutError(f"{path}: {exc!r}") from exc
    small["units"], small["figures"] = units.trim(), figures.trim()
    if isinstance(small.get("next_year"), dict):
        small["next_year"]["targets"] = targets.trim()
    return Summary.from_dict(small)


def _plain(value: Any) -> Any:
    """Dataclasses as dicts (fields in order), lists and dicts rebuilt, other values as they are."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    names = _FIELD_NAMES.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES.setdefault(type(value), tuple(f.name for f in dataclasses.fields(value)))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _fields_of(value: Any) -> dict[str, Any]:
    """One dataclass as a dict of its fields (not recursive: json.dumps calls this again below)."""
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            raise TypeError(f"{type(value).__name__} is not JSON serializable")
        names = _FIELD_NAMES.setdefault(type(value), tuple(f.name for f in dataclasses.fields(value)))
    return {name: getattr(value, name) for name in names}


@functools.cache
def _hints(tp: type) -> tuple[dict[str, Any], frozenset[str]]:
    """A dataclass's type hints and field names, looked up once (not once per figure read)."""
    return typing.get_type_hints(tp), frozenset(f.name for f in dataclasses.fields(tp))


def _build(tp: Any, data: Any) -> Any:
    """Rebuild dataclasses from JSON data following the type hints (no third-party schema lib)."""
    if data is None:
        return None
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints, names = _hints(tp)
        return tp(**{k: _build(hints[k], v) for k, v in data.items() if k in names})
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is type(None):
                continue
            if dataclasses.is_dataclass(arg) or typing.get_origin(arg) in (list, dict):
                return _build(arg, data)
        return data
    if origin is list:
        return [_build(args[0], item) for item in data]
    if origin is dict:
        return {k: _build(args[1], v) for k, v in data.items()}
    return data
