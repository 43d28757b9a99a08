"""One figure in context, and the plain values the tables are made of."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Number = int | float
AchievementStatus = Literal["vuot", "dat", "khong_dat"]
STATUSES: tuple[AchievementStatus, ...] = ("vuot", "dat", "khong_dat")  # index + 1 in status columns


@dataclass(slots=True)
class Provenance:
    """Where a figure came from: the file, sheet and cell as Excel shows it."""

    file: str
    sheet: str | None = None
    cell: str | None = None


@dataclass(slots=True)
class Figure:
    """One number with its context: where it came from, last year, the target."""

    value: Number | None
    source: Provenance | None = None
    previous: Number | None = None
    change: Number | None = None
    change_pct: float | None = None  # rounded to 1 decimal
    target: Number | None = None
    achievement_pct: float | None = None  # result / target × 100, rounded to 1 decimal
    status: AchievementStatus | None = None


def as_number(value: float, integral: bool) -> Number:
    """A stored float as the number it was: 12 stays an int in JSON, a percentage stays 85.0."""
    return int(value) if integral else value


def whole(value: Number) -> Number:
    return int(value) if float(value).is_integer() else float(value)


def float_or_none(value: Any) -> float | None:
    value = float(value)
    return None if value != value else value


def figure_from_plain(data: Mapping[str, Any]) -> Figure:
    source = data.get("source")
    return Figure(
        value=data.get("value"),
        source=Provenance(source["file"], source.get("sheet"), source.get("cell")) if source else None,
        previous=data.get("previous"),
        change=data.get("change"),
        change_pct=data.get("change_pct"),
        target=data.get("target"),
        achievement_pct=data.get("achievement_pct"),
        status=data.get("status"),
    )
