"""summary.json one member per line, so that a national summary is never whole in memory.

A national body has 130.000 units: its summary.json is about 800 MB, and json.dumps / json.loads
of it would need several times that. tongket writes it with every member of the top object, and
of the few large objects (`OPENED`: the per-unit tables), on a line of its own; every other value
is compact JSON on its member's line:

    {
    "year":2024,
    "body":{"group_name":"Cụm thi đua số 5",...},
    "units":{
    "BK":{"cdcs":388,"doan_vien":21840,...},
    "CB":{"cdcs":937,...}
    },
    ...
    }

It is still plain JSON, for any parser. `iter_members` reads it back a line at a time, giving
each member's raw JSON text, so a reader parses only what it needs and a comparison can compare
a unit's line as text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

Path_ = tuple[str, ...]  # where an object sits: () is the top, ("next_year", "targets") inside it
Items = Callable[[Any], Iterable[tuple[str, Any]]]

# The objects written one member per line: those that grow with the number of units.
OPENED: frozenset[Path_] = frozenset({(), ("units",), ("figures",), ("next_year",), ("next_year", "targets")})

_DECODER = json.JSONDecoder()


class RawJSON(str):
    """A value that is JSON text already (compact, as `encode` writes): written as it is."""


class LayoutError(ValueError):
    """The file is JSON, but not in this layout (a person re-saved it, say): read it whole instead."""


def encode(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=default)


def dump(
    root: Any,
    out: TextIO,
    items: Items,
    default: Callable[[Any], Any] | None = None,
    opened: frozenset[Path_] = OPENED,
) -> None:
    """Write `root` to `out` in the line layout. `items(obj)` gives an opened object's members
    (a Mapping's items, a dataclass's fields); `default` encodes what json cannot."""
    out.write("{\n")
    _dump_members(items(root), (), out, items, default, opened)
    out.write("\n}\n")


def _dump_members(
    members: Iterable[tuple[str, Any]],
    path: Path_,
    out: TextIO,
    items: Items,
    default: Callable[[Any], Any] | None,
    opened: frozenset[Path_],
) -> None:
    first = True
    for key, value in members:
        if not first:
            out.write(",\n")
        first = False
        name = encode(key)
        inner = (*path, key)
        if inner in opened and value is not None:
            children = iter(items(value))
            head = next(children, None)
            if head is None:
                out.write(f"{name}:{{}}")  # an empty object stays on its line: no empty line inside
                continue
            out.write(f"{name}:{{\n")
            _dump_members(_chain(head, children), inner, out, items, default, opened)
            out.write("\n}")
        else:
            out.write(f"{name}:{value if isinstance(value, RawJSON) else encode(value, default)}")


def _chain(head: tuple[str, Any], rest: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    yield head
    yield from rest


def mapping_items(value: Any) -> Iterable[tuple[str, Any]]:
    if isinstance(value, Mapping):
        return value.items()
    raise TypeError(f"{type(value).__name__} is not an object")


def iter_members(path: Path) -> Iterator[tuple[Path_, str, str]]:
    """(where, key, raw JSON text of the value) for every member on its own line, in file order.

    An opened object yields its members, not itself. Raises LayoutError at the first line that
    does not fit the layout (then read the file with json.load, which any layout fits).
    """
    with path.open(encoding="utf-8") as handle:
        if handle.readline().rstrip("\r\n") != "{":
            raise LayoutError(f"{path}: dòng đầu không phải «{{»")
        stack: list[str] = []
        for number, raw in enumerate(handle, start=2):
            line = raw.rstrip("\r\n")
            if line.startswith("}"):
                if not stack:
                    return  # the closing brace of the top object
                stack.pop()
                continue
            if line.endswith(","):
                line = line[:-1]
            key, value = _split(line, path, number)
            if value == "{":
                stack.append(key)
                continue
            yield tuple(stack), key, value
    raise LayoutError(f"{path}: thiếu dấu «}}» cuối tệp")


def _split(line: str, path: Path, number: int) -> tuple[str, str]:
    try:
        key, end = _DECODER.raw_decode(line)
    except ValueError as exc:
        raise LayoutError(f'{path}, dòng {number}: không phải một mục «"khóa":giá trị»') from exc
    if not isinstance(key, str) or line[end : end + 1] != ":":
        raise LayoutError(f'{path}, dòng {number}: không phải một mục «"khóa":giá trị»')
    return key, line[end + 1 :]


def load_small(path: Path, skip: frozenset[Path_]) -> dict[str, Any]:
    """The document without the objects in `skip` (their members are not parsed or kept)."""
    root: dict[str, Any] = {}
    for where, key, raw in iter_members(path):
        if any(where[: len(s)] == s for s in skip):
            continue
        target = root
        for part in where:
            target = target.setdefault(part, {})
        target[key] = json.loads(raw)
    return root


def iter_array(raw: str) -> Iterator[Any]:
    """The items of a JSON array given as text (a member's raw value), parsed one at a time.

    A national unit_list is one line of 130.000 objects: a reader that keeps a few fields of each
    holds those, never the whole list of dicts that json.loads would build first.
    """
    position = _skip_space(raw, 0)
    if raw[position : position + 1] != "[":
        raise ValueError("không phải một mảng JSON")
    position = _skip_space(raw, position + 1)
    if raw[position : position + 1] == "]":
        return
    while True:
        item, position = _DECODER.raw_decode(raw, position)
        yield item
        position = _skip_space(raw, position)
        separator = raw[position : position + 1]
        if separator == "]":
            return
        if separator != ",":
            raise ValueError(f"mảng JSON hỏng ở ký tự {position}")
        position = _skip_space(raw, position + 1)


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position
