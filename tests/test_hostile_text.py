"""Hostile text: refused with a footdrop error naming the field, or rendered inert everywhere."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop.cli._safe import SafeStream, terminal_safe
from footdrop.exceptions import DocumentError, FootdropError, InvalidValueError
from footdrop.export import fhir, html, ical
from footdrop.progression import Decision, Outcome
from footdrop.serialisation import dumps, loads

if TYPE_CHECKING:
    from pathlib import Path

# Refused by every text field: lone surrogates, C0 controls but tab/LF, DEL, C1 controls.
REFUSED = (
    "Ankle \ud800 eversion",
    "Ankle \udfff",
    "nul\x00byte",
    "bell\x07",
    "clear \x1b[2J screen",
    "30 sets\x1b[1A\x1b[2K of 100 reps",
    "title \x1b]0;pwned\x07",
    "csi \x9b2J",
    "carriage\rreturn",
    "windows\r\nline",
    "delete\x7f",
)
# Accepted, and shown inert: bidi controls, markup, line breaks, tabs, 100 KB.
INERT = (
    "\u202eright-to-left override\u202c",
    "isolate \u2066evil\u2069 and \u200fmark",
    '<script>alert(1)</script> & "quotes"',
    "line one\nline two\tand a tab",
    "x" * 100_000,
)
# What must never reach a terminal raw.
TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
EVERSION = footdrop.catalogue()["ankle-eversion"]


def routine_with_name(name: str) -> footdrop.Routine:
    exercise = attrs.evolve(EVERSION, name=name, steps=(name, "Lower slowly."))
    return footdrop.Routine(
        affected=footdrop.Side.LEFT, items=[footdrop.Prescription(exercise=exercise)]
    )


def plan_for(routine: footdrop.Routine) -> footdrop.Plan:
    window = footdrop.Availability.daily(start=dt.time(8), end=dt.time(20), tz="Europe/London")
    return footdrop.schedule(routine, start=dt.date(2027, 3, 1), days=1, availability=window)


DECISION = Decision(
    on=dt.date(2027, 3, 1),
    exercise_id="ankle-eversion",
    lever="support",
    before="one-hand",
    after="fingertip",
    rule="double-progression",
    evidence=(),
    reason="Steady for two weeks.",
    outcome=Outcome.APPLIED,
)
MODEL_FIELDS = {
    "Exercise.name": lambda t: attrs.evolve(EVERSION, name=t),
    "Exercise.steps": lambda t: attrs.evolve(EVERSION, steps=(t,)),
    "Exercise.cautions": lambda t: attrs.evolve(EVERSION, cautions=("Stop if sore.", t)),
    "Prescription.review": lambda t: footdrop.Prescription(exercise=EVERSION, review=t),
    "ExerciseLog.notes": lambda t: footdrop.ExerciseLog(
        on=dt.date(2027, 3, 1), exercise_id="towel-scrunches", side=None, sets=1, reps=5, notes=t
    ),
    "Fallback.reason": lambda t: footdrop.Fallback(
        on=dt.date(2027, 3, 1), exercise_id="ankle-eversion", lever="sets", wanted=2, planned=1,
        reason=t,
    ),
    "Parameter.name": lambda t: footdrop.Parameter(name=t, value=1, unit="kg"),
    "Decision.reason": lambda t: attrs.evolve(DECISION, reason=t),
}  # fmt: skip


class TestRefused:
    @pytest.mark.parametrize("field", sorted(MODEL_FIELDS))
    @pytest.mark.parametrize("text", REFUSED)
    def test_models_refuse_naming_field_and_position(self, field: str, text: str):
        """Each model's text field refuses the character with its field and position."""
        with pytest.raises(InvalidValueError) as caught:
            MODEL_FIELDS[field](text)
        name = field.split(".")[1]
        expected = (True, True)
        message = str(caught.value)
        assert expected == (caught.value.field.startswith(name), " at position " in message)

    @pytest.mark.parametrize("text", REFUSED)
    def test_loads_refuses_with_the_json_path(self, text: str):
        """A routine document with the text in an exercise name is refused at that path."""
        document = json.loads(dumps(routine_with_name("Ankle eversion")))
        document["items"][0]["exercise"]["name"] = text
        with pytest.raises(DocumentError) as caught:
            loads(json.dumps(document), footdrop.Routine)
        expected = ["$.items[0].exercise.name"]
        assert expected == [p.path for p in caught.value.problems]

    @settings(max_examples=40, deadline=None)
    @given(data=st.data(), text=st.sampled_from(REFUSED))
    def test_every_string_of_a_document_refuses_it(self, data: Any, text: str):
        """Any string of a routine, log or plan document, replaced by the text, is refused."""
        model = data.draw(
            st.sampled_from(
                (
                    routine_with_name("Ankle eversion"),
                    MODEL_FIELDS["ExerciseLog.notes"]("Fine."),
                    plan_for(routine_with_name("Ankle eversion")),
                    footdrop.Availability.daily(
                        start=dt.time(8), end=dt.time(20), tz="Europe/London"
                    ),
                    DECISION,
                    footdrop.Catalogue(exercises=[EVERSION]),
                )
            )
        )
        document = json.loads(dumps(model))
        paths = list(_strings(document, "$"))
        path, setter = data.draw(st.sampled_from(paths))
        setter(text)
        with pytest.raises(DocumentError) as caught:
            loads(json.dumps(document), type(model))
        assert path in [p.path for p in caught.value.problems]


def _strings(node: Any, path: str) -> Any:
    """Each string leaf of a JSON document, with its path and a function that replaces it."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                yield f"{path}.{key}", lambda t, n=node, k=key: n.__setitem__(k, t)
            else:
                yield from _strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, str):
                yield f"{path}[{i}]", lambda t, n=node, k=i: n.__setitem__(k, t)
            else:
                yield from _strings(value, f"{path}[{i}]")


class TestInert:
    @pytest.mark.parametrize("text", INERT)
    def test_every_export_renders_it_without_a_builtin_error(self, text: str):
        """JSON, iCalendar, FHIR, HTML and text exports all take the text and encode as UTF-8."""
        routine = routine_with_name(text)
        plan = plan_for(routine)
        outputs = [
            dumps(routine).encode("utf-8"),
            dumps(plan).encode("utf-8"),
            ical.to_ics(plan, routine=routine),
            json.dumps(fhir.to_fhir(routine)).encode("utf-8"),
            json.dumps(fhir.to_fhir(plan)).encode("utf-8"),
            html.handout(plan, routine=routine).encode("utf-8"),
            plan.to_text().encode("utf-8"),
        ]
        assert all(isinstance(o, bytes) and o for o in outputs)
        assert routine == loads(dumps(routine), footdrop.Routine)

    @pytest.mark.parametrize("text", [*REFUSED, *INERT])
    def test_terminal_safe_leaves_nothing_a_terminal_acts_on(self, text: str):
        """terminal_safe shows every control and bidi character as an escape."""
        shown = terminal_safe(text)
        expected = (None, True)
        assert expected == (TERMINAL.search(shown), shown.encode("utf-8") is not None)

    def test_terminal_safe_is_lossless_inside_json(self):
        """Escaped JSON output reads back as the same document."""
        text = dumps(routine_with_name(INERT[0]))
        assert loads(terminal_safe(text), footdrop.Routine) == loads(text, footdrop.Routine)

    def test_the_stream_escapes_every_write(self):
        """SafeStream escapes write and writelines alike."""
        target = io.StringIO()
        stream = SafeStream(target)
        stream.write("a\x1b[2Jb")
        stream.writelines(["\u202e", "c\n"])
        assert "a\\u001b[2Jb\\u202ec\n" == target.getvalue()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FOOTDROP_JOURNAL": str(tmp_path / "journal.sqlite3"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "TZ": "Europe/London",
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "footdrop", *args], capture_output=True, env=env, timeout=120,
        check=False,
    )  # fmt: skip


class TestCommandLine:
    @pytest.mark.parametrize("text", [REFUSED[0], REFUSED[5], REFUSED[7], REFUSED[9]])
    def test_a_hostile_routine_file_is_one_line_of_error(
        self, env, tmp_path, text, clear_screening
    ):
        """A routine file with refused text exits 1 with one line naming the field's path."""
        document = json.loads(dumps(routine_with_name("Ankle eversion")))
        document["items"][0]["exercise"]["name"] = text
        path = tmp_path / "routine.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        done = run(
            env, "plan", "--routine", str(path), "--start", "2027-03-01", "--days", "1",
            "--screening", clear_screening,
        )  # fmt: skip
        err = done.stderr.decode("utf-8").strip().splitlines()
        expected = (1, 1, True, None, b"")
        actual = (
            done.returncode,
            len(err),
            "$.items[0].exercise.name" in err[0],
            TERMINAL.search(err[0]),
            done.stdout,
        )
        assert expected == actual

    @pytest.mark.parametrize("fmt", ["text", "json", "html", "fhir", "ics"])
    @pytest.mark.parametrize("text", INERT[:3])
    def test_every_format_prints_it_inert(self, env, tmp_path, fmt, text, clear_screening):
        """Each format exits 0; the text formats hold no raw control or bidi character."""
        path = tmp_path / "routine.json"
        path.write_text(dumps(routine_with_name(text)), encoding="utf-8")
        done = run(
            env, "plan", "--routine", str(path), "--start", "2027-03-01", "--days", "1",
            "--format", fmt, "--screening", clear_screening,
        )  # fmt: skip
        shown = done.stdout.decode("utf-8")
        # iCalendar is bytes for a file; on a terminal it is escaped like the rest.
        raw = None if fmt == "ics" else TERMINAL.search(shown)
        assert (0, None, b"") == (done.returncode, raw, done.stderr)

    def test_an_error_naming_a_hostile_path_is_escaped(self, env, tmp_path):
        """An error line that names a path holding ESC and a bidi override shows them escaped."""
        path = tmp_path / "a\x1b[2Jb\u202e" / "journal.sqlite3"
        done = run(
            env, "log", "towel-scrunches", "--sets", "1", "--reps", "5", "--journal", str(path)
        )
        err = done.stderr.decode("utf-8")
        expected = (1, None, True)
        assert expected == (done.returncode, TERMINAL.search(err), "a\\u001b[2Jb\\u202e" in err)

    def test_log_notes_with_an_escape_are_refused(self, env):
        """The log command refuses notes holding ESC with one line naming 'notes'."""
        done = run(
            env, "log", "towel-scrunches", "--sets", "1", "--reps", "5", "--notes", "ok\x1b[2J",
            "--on", "2026-03-01",
        )  # fmt: skip
        err = done.stderr.decode("utf-8").strip().splitlines()
        assert (1, 1, True) == (done.returncode, len(err), "'notes'" in err[0])


def test_footdrop_errors_only():
    """Loading refused text raises FootdropError, never a bare builtin."""
    with pytest.raises(FootdropError):
        loads('{"schema_version": 1, "min": 1, "max": "\\ud800"}', footdrop.Range)
