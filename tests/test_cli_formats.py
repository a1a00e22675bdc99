"""Tests for the formats of ``footdrop plan``: md, csv, pdf, fhir, ics options, handout details."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest

from footdrop import cli

START = "2026-11-24"
ZONE = "Europe/London"
BASE = ("plan", "--affected", "left", "--start", START, "--tz", ZONE)


@pytest.fixture
def call(tmp_path, monkeypatch, capsysbinary):
    """Run footdrop.cli.main in this process; return (status, stdout bytes, stderr text)."""
    monkeypatch.setenv("FOOTDROP_JOURNAL", str(tmp_path / "journal.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))

    def call(*args: str) -> tuple[int, bytes, str]:
        status = cli.main([*BASE, *args])
        captured = capsysbinary.readouterr()
        return status, captured.out, captured.err.decode()

    return call


class TestHandoutFormats:
    def test_markdown(self, call):
        """--format md prints the Markdown handout with its tick sheet."""
        status, out, _ = call("--format", "md", "--patient", "Anna Smith")
        text = out.decode()
        assert (0, True, True) == (
            status,
            text.startswith("# Your foot-drop exercises"),
            "**Patient:** Anna Smith" in text,
        )

    def test_html_details_and_paper(self, call):
        """Handout details and --paper letter reach the HTML page."""
        status, out, _ = call(
            "--format", "html", "--clinic", "Riverside", "--review-on", "2026-12-14",
            "--paper", "letter",
        )  # fmt: skip
        text = out.decode()
        assert 0 == status
        assert "Riverside" in text
        assert "Mon 14 Dec 2026" in text
        assert "size: letter" in text

    def test_pdf_to_a_file(self, call, tmp_path):
        """--format pdf -o FILE writes a PDF whose first page is the tick sheet."""
        pypdf = pytest.importorskip("pypdf")
        target = tmp_path / "handout.pdf"
        status, out, _ = call("--format", "pdf", "-o", str(target))
        reader = pypdf.PdfReader(target)
        assert (0, b"") == (status, out)
        assert "Tick a box each time" in reader.pages[0].extract_text()
        assert len(reader.pages) <= 4


class TestCsv:
    def test_one_row_per_session_item(self, call):
        """--format csv writes a header and one row per item of every session."""
        status, out, _ = call("--format", "csv", "--days", "2")
        rows = list(csv.DictReader(io.StringIO(out.decode())))
        json_status, plan_json, _ = call("--format", "json", "--days", "2")
        plan = json.loads(plan_json)
        items = sum(len(s["items"]) for d in plan["days"] for s in d["sessions"])
        assert (0, 0, items) == (status, json_status, len(rows))
        assert {"2026-11-24", "2026-11-25"} == {r["date"] for r in rows}
        assert "Ankle eversion" in {r["exercise"] for r in rows}


class TestFhir:
    @pytest.mark.parametrize("version", ["r4", "r5"])
    def test_names_and_activity_definitions(self, call, version):
        """--format fhir labels activities by name and carries one ActivityDefinition each."""
        status, out, _ = call("--format", "fhir", "--fhir-version", version, "--days", "1")
        bundle = json.loads(out)
        definitions = [
            e["resource"]
            for e in bundle["entry"]
            if e["resource"]["resourceType"] == "ActivityDefinition"
        ]
        # The routine's exercises (with their prescribed timing), besides the plan's one
        # definition per distinct planned item (a dose, without timing).
        exercises = [d for d in definitions if "timingTiming" in d]
        assert 0 == status
        assert 10 == len(exercises)
        assert "Ankle eversion" in out.decode()
        assert "Bundle" == bundle["resourceType"]

    def test_bundle_validates(self, call):
        """The R4 bundle the command writes validates with fhir.resources."""
        bundle_module = pytest.importorskip("fhir.resources.R4B.bundle")
        _, out, _ = call("--format", "fhir", "--days", "1")
        bundle = bundle_module.Bundle.model_validate_json(out)
        assert "collection" == bundle.type


class TestCalendar:
    def test_alarms_and_summaries(self, call, tmp_path):
        """--alarm twice adds two VALARMs per event; summaries name the exercises."""
        icalendar = pytest.importorskip("icalendar")
        target = tmp_path / "week.ics"
        status, _, _ = call("--format", "ics", "--alarm", "15", "--alarm", "60", "-o", str(target))
        events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        assert 0 == status
        assert {2} == {len(e.walk("VALARM")) for e in events}
        assert "Foot-drop exercises: Ankle eversion and Ankle inversion" in {
            str(e["summary"]) for e in events
        }

    def test_rewriting_the_file_updates_events(self, call, tmp_path):
        """Writing over an earlier calendar keeps UIDs and raises SEQUENCE of changed events."""
        icalendar = pytest.importorskip("icalendar")
        target = tmp_path / "week.ics"
        call("--format", "ics", "-o", str(target))
        first = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        call("--format", "ics", "--window", "09:00-20:00", "-o", str(target))
        second = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        assert [str(e["uid"]) for e in first] == [str(e["uid"]) for e in second]
        moved = [e for e in second if e.decoded("dtstart").hour == 9]
        assert moved
        assert {1} == {e.decoded("sequence") for e in moved}

    def test_recurring(self, call):
        """--recurring writes weekly RRULE events."""
        pytest.importorskip("icalendar")
        status, out, _ = call("--format", "ics", "--recurring")
        text = out.decode()
        assert 0 == status
        assert "RRULE:FREQ=WEEKLY;BYDAY=" in text
        assert "UID:routine-" in text

    def test_missing_extra_names_the_pip_command(self, call, monkeypatch):
        """Without icalendar, the error names the option and the pip command, no function."""
        monkeypatch.setitem(sys.modules, "icalendar", None)
        status, _, err = call("--format", "ics")
        line = err.strip().splitlines()[-1]
        assert 1 == status
        assert 'pip install "footdrop[ical]"' in line
        assert "--format ics" in line
        assert "to_ics" not in line


class TestOptionsForOtherFormats:
    @pytest.mark.parametrize(
        ("args", "needle"),
        [
            (["--alarm", "5"], "--alarm only applies to --format ics"),
            (["--recurring"], "--recurring only applies to --format ics"),
            (["--fhir-version", "r5"], "--fhir-version only applies to --format fhir"),
            (["--patient", "Anna"], "--patient only applies to --format html or --format md"),
            (["--format", "md", "--paper", "a4"], "--paper only applies"),
            (["--format", "ics", "--alarm", "-5"], "--alarm"),
        ],
    )
    def test_refused_not_ignored(self, call, args, needle):
        """An option the chosen format would not use exits 2 with one line naming it."""
        status, _, err = call(*args)
        assert (2, True) == (status, needle in err)


class TestPdfOnATerminal:
    def test_refused_without_a_file(self, call, monkeypatch):
        """--format pdf to a terminal is refused with the fix, instead of printing binary."""
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
        status, out, err = call("--format", "pdf")
        assert (2, b"") == (status, out)
        assert "give -o FILE" in err
