"""Compile the Vietnamese catalog of click's messages (messages.po → messages.mo) with babel.

The .mo is committed beside the .po so an installed tongket needs no build step;
tests/test_packaging.py fails when the two drift. Run after editing the .po:

    .venv/bin/python tools/compile_locale.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parent.parent / "pipeline/resources/locale/vi/LC_MESSAGES/messages.po"


def compiled(po_path: Path = CATALOG) -> bytes:
    """The .mo bytes of `po_path`, as babel writes them (deterministic for the same .po)."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main() -> int:
    target = CATALOG.with_suffix(".mo")
    target.write_bytes(compiled())
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
