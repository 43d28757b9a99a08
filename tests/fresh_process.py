"""Build something in new interpreters, for "same input, same bytes" checks that one process would hide.

Two builds in the same process share its hash seed (so the same set and dict order of strings),
its time zone and whatever it cached from the first build: a writer that depends on any of them
still gives the same bytes twice there. Built in two new interpreters with different hash seeds
and time zones, the difference shows. (The clock is tested in test_safety_determinism.py.)
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

_CHILD = """
import importlib, pickle, sys
sys.path[:0] = sys.argv[1:3]
target, args = pickle.load(sys.stdin.buffer)
module, name = target.split(":")
sys.stdout.buffer.write(pickle.dumps(getattr(importlib.import_module(module), name)(*args)))
"""

# Hash seeds and time zones of the two interpreters: each differs from the other's.
_ELSEWHERE = (("1", "Asia/Ho_Chi_Minh"), ("2", "America/New_York"))


def built_elsewhere(target: str, *args: Any) -> list[Any]:
    """`target` ("module:function", a module of tests/ or of the checkout) called with `args` (which
    must pickle) in two new interpreters that differ in hash seed and time zone: both results."""
    results = []
    for seed, zone in _ELSEWHERE:
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone}
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(TESTS), str(ROOT)],
            input=pickle.dumps((target, args)),
            capture_output=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        results.append(pickle.loads(done.stdout))
    return results
