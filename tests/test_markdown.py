"""Tests for footdrop.export.markdown: the handout as Markdown, rendered by a real parser."""

from __future__ import annotations

import datetime as dt
import html
import re
import zoneinfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
import footdrop.export.html
from footdrop import DayPlan, Plan, PlanItem, Prescription, Routine, Session, Side
from footdrop.export.markdown import escape, handout_markdown
from footdrop.export.text import clean_text, describe_dose, describe_level

markdown_it = pytest.importorskip("markdown_it")

LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY = dt.date(2026, 11, 23)
HOSTILE = (
    '<script>alert("x")</script>',
    "# heading\n- list\n> quote\n===",
    "1. numbered",
    "| a | b |",
    "[link](javascript:alert(1)) ![img](x.png) <http://example.com>",
    "*emphasis* _under_ `code` ~~strike~~ \\escaped {role}`x` $math$",
    "&amp; &#60;",
    "line one\r\nline two\rthree",
    "nul\x00bel\x07",
    "\u202egnirts desrever\u202c",
)


def render(text: str) -> tuple[str, list]:
    """Render with markdown-it (CommonMark with tables and raw HTML allowed)."""
    md = markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.render(text), md.parse(text)


def inline_tokens(tokens: list) -> list:
    return [child for t in tokens if t.children for child in t.children]


def plain(text: str) -> str:
    """The text a renderer shows: one line, control characters replaced."""
    return re.sub(r"[ \t\n]+", " ", clean_text(text)).strip()


def session(day: dt.date, hour: int, items: list[PlanItem]) -> Session:
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)
    return Session(start=start, end=start + dt.timedelta(minutes=20), items=items)


def small_plan() -> Plan:
    item = PlanItem(exercise_id="towel-scrunches", side=None, sets=2, reps=10)
    return Plan(
        tz="Europe/London", days=[DayPlan(date=MONDAY, sessions=[session(MONDAY, 8, [item])])]
    )


def hostile_routine(text: str) -> Routine:
    """A routine whose texts hold *text*, built past the models' own text checks.

    The models refuse control characters; building around them shows that the
    export's escaping still holds on its own.
    """
    with attrs.validators.disabled():
        exercise = attrs.evolve(
            footdrop.catalogue()["towel-scrunches"],
            name=f"Name {text}",
            steps=(f"Step {text}",),
            cautions=(f"Caution {text}",),
        )
        return Routine(
            affected=Side.LEFT,
            items=[Prescription(exercise=exercise, review=f"Review {text[:1900]}")],
        )


class TestEscape:
    @pytest.mark.parametrize("text", HOSTILE)
    def test_renders_as_itself(self, text):
        """Escaped hostile text renders as one paragraph holding exactly the text."""
        _, tokens = render(escape(text))
        kinds = [t.type for t in tokens]
        children = inline_tokens(tokens)
        expected = ["paragraph_open", "inline", "paragraph_close"]
        assert expected == kinds
        assert ["text"] * len(children) == [c.type for c in children]
        assert plain(text) == "".join(c.content for c in children)

    @settings(max_examples=100)
    @given(st.text(min_size=1, max_size=60).filter(lambda t: clean_text(t).strip()))
    def test_any_text_renders_as_itself(self, text):
        """For any text, markdown-it renders the escape as plain text equal to the input."""
        _, tokens = render(escape(text))
        children = inline_tokens(tokens)
        assert {"text", "softbreak"} >= {c.type for c in children}
        expected = plain(text)
        assert expected == "".join(c.content for c in children).strip()

    def test_plain_words_stay_readable(self):
        """Ordinary dose words are left as they are (no escapes to read around)."""
        words = "2-3 sets of 10-15 reps, hold 3-5 s, 2-3 times a day, left leg"
        assert words == escape(words)


class TestHandoutMarkdown:
    def test_renders_every_exercise_of_the_programme(self):
        """Each exercise of the catalogue programme has a level-3 heading, in routine order."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        _, tokens = render(handout_markdown(small_plan(), routine=routine))
        headings = [
            tokens[i + 1].content
            for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.tag == "h3"
        ]
        expected = [p.exercise.name for p in routine.items]
        assert expected == headings

    def test_steps_and_doses(self):
        """Every step and caution, and both dose sentences, appear in the rendered text."""
        routine = Routine.from_catalogue(affected=Side.RIGHT)
        shown = html.unescape(render(handout_markdown(small_plan(), routine=routine))[0])
        for p in routine.items:
            for part in (*p.exercise.steps, *p.exercise.cautions):
                assert part in shown
            assert describe_level(p, Side.RIGHT) in shown
            assert describe_dose(p, Side.RIGHT) in shown

    def test_tick_sheet_is_a_table(self):
        """The tick sheet is a table: a row per exercise and dose, a box per sitting."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        item = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        days = [
            DayPlan(
                date=MONDAY, sessions=[session(MONDAY, 8, [item]), session(MONDAY, 18, [item])]
            ),
            DayPlan(date=MONDAY + dt.timedelta(days=1), sessions=[]),
        ]
        text = handout_markdown(Plan(tz="Europe/London", days=days), routine=routine)
        _, tokens = render(text)
        rows = [t for t in tokens if t.type == "tr_open"]
        expected = (1 + 1, 2)
        assert expected == (len(rows), text.count("[ ] "))
        assert "Rest days: 24 Nov Tue." in text

    def test_illustration_is_an_image(self):
        """An illustration becomes one Markdown image with its alt text, and its licence."""
        picture = footdrop.Illustration(
            source="pictures/my towel (1).png", alt="Toes *gripping*", licence="CC BY 4.0"
        )
        exercise = attrs.evolve(footdrop.catalogue()["towel-scrunches"], illustrations=[picture])
        routine = Routine(affected=Side.LEFT, items=[Prescription(exercise=exercise)])
        _, tokens = render(handout_markdown(small_plan(), routine=routine))
        images = [c for c in inline_tokens(tokens) if c.type == "image"]
        expected = [("pictures/my%20towel%20(1).png", "Toes *gripping*")]
        assert expected == [
            (i.attrs["src"], "".join(c.content for c in i.children)) for i in images
        ]

    def test_details_and_built_in_wording(self):
        """Details are listed, and the built-in range is not called the clinician's."""
        details = footdrop.export.html.HandoutDetails(clinic="Riverside *Physio*")
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        text = handout_markdown(small_plan(), routine=routine, details=details)
        assert "**Clinic:** Riverside \\*Physio\\*" in text
        assert ("Range set by" in text, "Usual range" in text) == (False, True)

    @pytest.mark.parametrize("text", HOSTILE)
    def test_hostile_text_adds_no_markup(self, text):
        """Hostile names, steps and notes add no HTML, link, image, code or heading."""
        markdown = handout_markdown(small_plan(), routine=hostile_routine(text))
        rendered, tokens = render(markdown)
        children = inline_tokens(tokens)
        html_bits = {c.content for c in children if c.type == "html_inline"}
        assert set() == html_bits
        expected = []
        assert expected == [t for t in tokens if t.type == "html_block"]
        bad = {"link_open", "image", "code_inline", "s_open"}
        assert set() == bad & {c.type for c in children}
        assert "<script" not in rendered
        for label in ("Name", "Step", "Caution", "Review"):
            shown = {c.content.strip() for c in children if c.type == "text"}
            assert f"{label} {plain(text)}" in shown

    def test_long_text_is_kept_whole(self):
        """A 100 KB name is kept whole."""
        name = "x" * 100_000
        assert f"### Name {name}" in handout_markdown(small_plan(), routine=hostile_routine(name))
