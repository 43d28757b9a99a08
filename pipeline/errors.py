"""The errors a user sees: each one is a Vietnamese message naming the file (line, key or cell) and the fix.

Bad data inside a submission is never an exception (it is a finding, pipeline.model.findings); these
are for what stops a command: an unusable shared input, a broken template, office software missing.
"""

from __future__ import annotations


class InputError(Exception):
    """A shared input file (registry, catalog, meta) is unusable: the run cannot start."""
