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


# An unexpected error (a bug, not a bad input) is written with its traceback to a log under
# outputs/<Y>/logs/; the log's path rides on the exception so that the CLI can name it.
_LOG_ATTRIBUTE = "tongket_log"


def mark_logged(exc: BaseException, log: object) -> None:
    """Record that `exc`'s traceback is in the file `log`."""
    setattr(exc, _LOG_ATTRIBUTE, log)


def logged_at(exc: BaseException) -> object | None:
    """The log holding `exc`'s traceback, if one was written."""
    return getattr(exc, _LOG_ATTRIBUTE, None)


def unexpected_line(exc: BaseException, log: object | None) -> str:
    """The one line the user sees for an error that is tongket's, not theirs."""
    where = f" Chi tiết lỗi đã ghi vào {log}." if log else ""
    return (
        f"{ERROR_PREFIX}lỗi bất thường của tongket ({type(exc).__name__}), chưa làm xong.{where} "
        "Hãy gửi tệp nhật ký này cho người phụ trách kỹ thuật; số liệu của các đơn vị không bị thay đổi."
    )
