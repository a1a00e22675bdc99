"""Every Python code block in the README and the docs runs as written.

The ``{doctest}`` blocks of the docs run under ``sphinx-build -b doctest`` in CI and the
``>>>`` examples of docstrings under ``pytest --doctest-modules``; this file runs the
plain ```` ```python ```` blocks, each in a fresh interpreter inside an empty folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FENCE = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks() -> list[tuple[str, str]]:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    found = []
    for page in pages:
        for i, match in enumerate(FENCE.finditer(page.read_text(encoding="utf-8"))):
            found.append((f"{page.relative_to(ROOT)}#{i + 1}", match.group(1)))
    return found


BLOCKS = blocks()


class TestDocsExamples:
    def test_the_docs_hold_python_blocks(self):
        """The collector finds the README's and the guides' Python blocks (it is not blind)."""
        names = {name.split("#")[0] for name, _ in BLOCKS}
        assert {"README.md", "docs/reference/journal.md"} <= names

    @pytest.mark.parametrize(("name", "code"), BLOCKS, ids=[name for name, _ in BLOCKS])
    def test_block_runs(self, name, code, tmp_path):
        """The block runs to the end in a fresh interpreter, printing no traceback."""
        env = {**os.environ, "MPLBACKEND": "Agg", "FOOTDROP_JOURNAL": str(tmp_path / "j.sqlite3")}
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert 0 == result.returncode, f"{name} failed:\n{result.stderr}"
        assert "Traceback" not in result.stderr
