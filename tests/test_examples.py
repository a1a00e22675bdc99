"""Every script in examples/ runs, and the programme printout says what it should."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import footdrop

EXAMPLES = Path(__file__).parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def run(script: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"COLUMNS": "88", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
        cwd=EXAMPLES.parent,
        env=env,
    )


@pytest.fixture(scope="module")
def programme() -> str:
    result = run(EXAMPLES / "print_programme.py")
    assert 0 == result.returncode, result.stderr
    return result.stdout


class TestEveryExample:
    def test_there_are_examples(self):
        """The examples folder holds the programme printout at least."""
        assert EXAMPLES / "print_programme.py" in SCRIPTS

    @pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
    def test_runs_cleanly(self, script):
        """Each example exits with 0, prints something and writes no traceback."""
        result = run(script)
        assert 0 == result.returncode, result.stderr
        assert result.stdout.strip()
        assert "Traceback" not in result.stderr


class TestPrintProgramme:
    def test_lists_every_exercise_in_order(self, programme):
        """Every catalogue exercise is printed, numbered, in catalogue order."""
        names = [e.name for e in footdrop.catalogue().values()]
        positions = [programme.index(f"{i}. {name}\n") for i, name in enumerate(names, 1)]
        assert sorted(positions) == positions

    def test_prints_doses_and_timings(self, programme):
        """The article's doses and timings appear in plain words."""
        assert "Default: 1 set of 10-15 reps, hold 3-5 s, 2-3 times a day" in programme
        assert "2-3 sets of 10-15 reps" in programme
        assert "on 3 days a week" in programme

    def test_marks_every_assumption(self, programme):
        """Each assumed number is printed with '(assumption)' and its reason."""
        catalogue = footdrop.catalogue()
        assumed = [p for e in catalogue.values() for p in e.provenance if p.is_assumption]
        assert len(assumed) == programme.count("(assumption).")
        for entry in assumed:
            assert entry.reason is not None
            assert " ".join(entry.reason.split()[:6]) in " ".join(programme.split())

    def test_quotes_the_article(self, programme):
        """Numbers from the article are shown with the article's words."""
        assert '(article). The article: "two to three times daily".' in programme

    def test_summary_counts_the_sources(self, programme):
        """The last line counts numbers by source, matching the catalogue."""
        entries = [p for e in footdrop.catalogue().values() for p in e.provenance]
        article = sum(p.basis is footdrop.Basis.ARTICLE for p in entries)
        guidance = sum(p.basis is footdrop.Basis.GUIDANCE for p in entries)
        assumed = sum(p.is_assumption for p in entries)
        expected = (
            f"Of {len(entries)} default numbers, {article} come from the article, "
            f"{guidance} from guidance and {assumed} are assumptions."
        )
        assert expected == programme.strip().splitlines()[-1]

    def test_lines_fit_the_width(self, programme):
        """No line is wider than the 88 columns asked for."""
        assert max(len(line) for line in programme.splitlines()) <= 88
