"""Memory a stage has finished with, handed back to the operating system."""

from __future__ import annotations

import ctypes
import gc
import sys


def release_freed_memory() -> None:
    """Hand memory a stage has finished with back to the operating system, where the C library allows.

    Reference cycles are collected first: xlsxwriter's workbook, for one, is a web of cycles whose
    million cell records would otherwise wait for the collector. Then glibc, which keeps freed memory
    for reuse (after the large short-lived arrays of a national ingest or validation, ~250 MB the
    process no longer uses, counted in its resident memory for the rest of the run), returns its free
    pages with malloc_trim. Elsewhere (Windows, macOS, musl) only the collection happens.
    """
    gc.collect()
    if sys.platform != "linux":
        return
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)  # None: the interpreter's own C library
    if trim is not None:
        trim(0)
