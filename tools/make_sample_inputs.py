"""Write the bundled sample inputs under inputs/ (Cụm thi đua số 5, 2023-2026): see tools/sample/.

Kept so the command in the docs still works; the same as `python -m tools.sample`.
Run from anywhere:  .venv/bin/python tools/make_sample_inputs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: `tools` is not on the path

from tools.sample.__main__ import main  # after the sys.path line above

if __name__ == "__main__":
    main()
