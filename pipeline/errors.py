"""The errors a user sees, and how every message reaches them.

Bad data inside a submission is never an exception: it is a finding (pipeline.model.findings).
These are for what stops a command: an unusable shared input, a broken template, office software
missing. Each carries one Vietnamese message naming the file (line, key or cell) and the fix; the
CLI prints every one the same way, «Lỗi: <message>», and exits 2.
"""

from __future__ import annotations

from collections.abc import Callable

# How a stage tells the person at the terminal (and the run log) what it is doing.
Say = Callable[[str], None]
ERROR_PREFIX = "Lỗi: "


def silent(_: str) -> None:
    """A Say that says nothing (--quiet, tests, library use)."""


class TongketError(Exception):
    """Something stops the command; str() is the Vietnamese message with the fix."""


class InputError(TongketError):
    """A shared input file (registry, catalog, meta) is unusable: the run cannot start."""


def error_line(exc: TongketError) -> str:
    """The one line the user sees for `exc`."""
    return f"{ERROR_PREFIX}{exc}"
