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


DOCTEST_FENCE = re.compile(r"^```\{doctest\}\n(.*?)^```", re.DOTALL | re.MULTILINE)
RUN_DOCTESTS = """
import doctest, sys
text = sys.stdin.read()
flags = doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL | doctest.DONT_ACCEPT_TRUE_FOR_1
test = doctest.DocTestParser().get_doctest(text, {}, sys.argv[1], sys.argv[1], 0)
runner = doctest.DocTestRunner(optionflags=flags)
runner.run(test)
sys.exit(1 if runner.failures else 0)
"""


def doctest_pages() -> list[tuple[str, str]]:
    found = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        examples = DOCTEST_FENCE.findall(page.read_text(encoding="utf-8"))
        if examples:
            found.append((str(page.relative_to(ROOT)), "\n".join(examples)))
    return found


DOCTEST_PAGES = doctest_pages()


class TestDocsDoctestsPaste:
    def test_pages_with_examples_are_found(self):
        """The collector finds the pages with {doctest} examples (it is not blind)."""
        names = {name for name, _ in DOCTEST_PAGES}
        assert {"docs/howto/custom-rule.md", "docs/howto/handouts.md"} <= names

    @pytest.mark.parametrize(
        ("name", "examples"), DOCTEST_PAGES, ids=[name for name, _ in DOCTEST_PAGES]
    )
    def test_page_runs_in_a_fresh_interpreter(self, name, examples, tmp_path):
        """A page's examples, pasted in order into a fresh Python, give the output shown."""
        env = {**os.environ, "MPLBACKEND": "Agg", "FOOTDROP_JOURNAL": str(tmp_path / "j.sqlite3")}
        result = subprocess.run(
            [sys.executable, "-c", RUN_DOCTESTS, name],
            input=examples,
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert 0 == result.returncode, f"{name} failed:\n{result.stdout}{result.stderr}"
