"""The sources and docs cite the project's own pages, never a file outside the repository.

Clinical sources are carried into ``docs/explanation/clinical-rules.md`` and cited
there; notes kept beside the repository (a domain file, a style guide, the article
the catalogue started from) are not part of what users get, so nothing may point
at them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("src", "docs")
SUFFIXES = {".py", ".md", ".rst", ".txt", ".json", ".toml", ".cfg", ".html", ".css", ".js"}

#: Names of notes outside the repository, and phrases that cite them.
OUTSIDE = re.compile(
    r"DOMAIN\.md|STYLE\.md|\bdomain notes\b|\bstyle notes\b|\bseed/|\bseed article\b|"
    r"\.\./shared\b|/shared/(?:DOMAIN|STYLE)",
    re.IGNORECASE,
)
#: A relative path that climbs out of its folder: it must still land inside the repository.
CLIMB = re.compile(r"(?:\.\./)+[\w./-]*")


def scanned_files() -> list[Path]:
    """Every text file under src/ and docs/, built docs excepted."""
    found = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            parts = path.relative_to(ROOT).parts
            if path.is_file() and path.suffix in SUFFIXES and "_build" not in parts:
                found.append(path)
    return found


FILES = scanned_files()
IDS = [path.relative_to(ROOT).as_posix() for path in FILES]


def outside_citations(text: str, folder: Path) -> list[str]:
    """Every line of *text* (a file in *folder*) citing a file outside the repository."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        climbs_out = any(
            not (folder / match.group(0)).resolve().is_relative_to(ROOT)
            for match in CLIMB.finditer(line)
        )
        if OUTSIDE.search(line) or climbs_out:
            found.append(f"{number}: {line.strip()}")
    return found


class TestSelfContained:
    def test_files_are_scanned(self):
        """The scan covers the package and the docs, clinical rules page included."""
        assert "docs/explanation/clinical-rules.md" in IDS
        assert "src/footdrop/safety.py" in IDS

    @pytest.mark.parametrize("path", FILES, ids=IDS)
    def test_no_file_cites_notes_outside_the_repository(self, path):
        """No docstring, comment or page cites a file that lives outside the repository."""
        assert [] == outside_citations(path.read_text(encoding="utf-8"), path.parent)

    @pytest.mark.parametrize(
        "line",
        [
            "# see DOMAIN.md section 2",
            "the stop rules in the domain notes",
            "read seed/foot-drop-exercises.txt",
            "as ../shared/STYLE.md says",
            "see ../../../../elsewhere/notes.md",
        ],
    )
    def test_a_citation_outside_is_caught(self, line):
        """Each kind of outside citation is found, so the check above can fail."""
        assert 1 == len(outside_citations(line, ROOT / "src" / "footdrop"))

    def test_a_link_between_pages_is_fine(self):
        """A relative link from one docs page to another stays inside and is not flagged."""
        text = "See {doc}`../reference/journal` and [the CLI](../howto/cli.md)."
        assert [] == outside_citations(text, ROOT / "docs" / "howto")
