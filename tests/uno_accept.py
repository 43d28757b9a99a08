"""Accept every tracked change of a DOCX in LibreOffice, headless, and save the result as DOCX.

Run by the system python3, which has LibreOffice's UNO bridge (Debian: python3-uno), not by the
project's venv: `python3 tests/uno_accept.py SOURCE.docx TARGET.docx SOFFICE`. It starts its own
soffice (a private profile, a private pipe), opens the document in a hidden frame, dispatches
Edit → Track Changes → Accept All (`.uno:AcceptAllTrackedChanges`, what a person clicks), saves
with Word's filter and prints how many revisions there were before and after. The soffice it
started is ended by its process group, whatever happens.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

CONNECT_SECONDS = 120


def _prop(name: str, value: object) -> PropertyValue:
    made = PropertyValue()
    made.Name, made.Value = name, value
    return made


def _count(document: object) -> int:
    found = document.getRedlines().createEnumeration()  # type: ignore[attr-defined]
    count = 0
    while found.hasMoreElements():
        found.nextElement()
        count += 1
    return count


def accept(source: Path, target: Path, soffice: str) -> tuple[int, int]:
    with tempfile.TemporaryDirectory(prefix="tongket-uno-") as tmp:
        pipe = f"tongket{uuid.uuid4().hex}"
        with open(Path(tmp, "soffice.log"), "w", encoding="utf-8") as log:
            process = subprocess.Popen(
                [soffice, f"-env:UserInstallation={Path(tmp).as_uri()}", "--headless", "--norestore",
                 f"--accept=pipe,name={pipe};urp;"],
                stdout=log, stderr=log, start_new_session=True,
            )  # fmt: skip
            try:
                return _accept_in(pipe, source, target)
            finally:
                # soffice hands over to soffice.bin, which outlives it: end the whole group.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _accept_in(pipe: str, source: Path, target: Path) -> tuple[int, int]:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    document = desktop.loadComponentFromURL(source.resolve().as_uri(), "_blank", 0, (_prop("Hidden", True),))
    if document is None:
        raise SystemExit(f"LibreOffice could not open {source}")
    before = _count(document)
    helper = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
    frame = document.getCurrentController().getFrame()
    helper.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
    after = _count(document)
    document.storeToURL(target.resolve().as_uri(), (_prop("FilterName", "MS Word 2007 XML"),))
    document.close(True)
    return before, after


if __name__ == "__main__":
    counts = accept(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
    print(*counts)
