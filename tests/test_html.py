"""Tests for footdrop.export.html: the printable handout and the notebook views."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from html.parser import HTMLParser

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import (
    DayPlan,
    Fallback,
    Parameter,
    Plan,
    PlanItem,
    Prescription,
    Routine,
    Session,
    Side,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError, UnknownExerciseError
from footdrop.export import html as fhtml
from footdrop.export.text import clean_text, describe_dose, describe_item, describe_level
from footdrop.testing import strategies as fst

LONDON = zoneinfo.ZoneInfo("Europe/London")
ITEM_FOR_DST = PlanItem(exercise_id="towel-scrunches", side=None, sets=1, reps=10)
MONDAY = dt.date(2026, 11, 23)
HANDOUT_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "section",
    "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "span", "article", "bdi",
    "br", "div",
}  # fmt: skip
REPR_TAGS = {
    "div", "table", "caption", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "bdi",
    "code", "p",
}  # fmt: skip
HOSTILE = (
    '<script>alert("x")</script>',
    "\" onmouseover='alert(1)' x=\"",
    "line one\r\nline two\rthree",
    "nul\x00bel\x07del\x7f",
    "\u202egnirts desrever\u202c and \u200fRLM \u2067isolate",
    "&amp; &lt;not a tag&gt;",
)


class Page(HTMLParser):
    """Collects tags, attributes and text, and which text sits inside <bdi>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.stack: list[str] = []
        self.texts: list[str] = []
        self.isolated: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs
        if tag not in {"meta", "br"}:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        self.texts.append(data)
        if "bdi" in self.stack:
            self.isolated.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def session(day: dt.date, hour: int, items: list[PlanItem], minutes: int = 20) -> Session:
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)
    return Session(start=start, end=start + dt.timedelta(minutes=minutes), items=items)


def plan_for(routine: Routine, days: int = 7, *, rest: tuple[int, ...] = (6,)) -> Plan:
    """A hand-built plan: every exercise of the routine once a day, a rest day on Sundays."""
    items = [
        PlanItem(exercise_id=p.exercise_id, side=p.sides_for(routine.affected)[0], sets=1, reps=10)
        if p.current.reps is not None
        else PlanItem(exercise_id=p.exercise_id, side=None, sets=1, hold_seconds=5)
        for p in routine.items
    ]
    out = []
    for offset in range(days):
        day = MONDAY + dt.timedelta(days=offset)
        sessions = [] if day.weekday() in rest else [session(day, 8, items)]
        out.append(DayPlan(date=day, sessions=sessions))
    return Plan(tz="Europe/London", days=out)


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
            tips=(f"Tip {text}",),
            equipment=(f"Kit {text}",),
        )
        prescription = Prescription(
            exercise=exercise,
            review=f"Review {text[:1900]}",  # reviews hold at most 2000 characters
            parameters=[Parameter(name=f"Setting {text[:190]}", value=35, unit="Hz")],
        )
        return Routine(affected=Side.LEFT, items=[prescription])


def hostile_plan() -> Plan:
    item = PlanItem(exercise_id="towel-scrunches", side=None, sets=2, reps=10)
    return Plan(
        tz="Europe/London", days=[DayPlan(date=MONDAY, sessions=[session(MONDAY, 8, [item])])]
    )


class TestHandoutContent:
    def test_renders_every_exercise_of_the_programme(self):
        """Every exercise of the catalogue programme gets its own article, in routine order."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        page = Page(fhtml.handout(plan_for(routine), routine=routine))
        articles = [v for k, v in page.attributes if k == "id" and v and v.startswith("exercise-")]
        expected = [f"exercise-{i}" for i in routine.ids]
        assert expected == articles

    def test_every_step_caution_and_name_is_shown(self):
        """Each exercise's name, steps, cautions, tips and equipment appear in the page text."""
        routine = Routine.from_catalogue(affected=Side.RIGHT)
        text = Page(fhtml.handout(plan_for(routine), routine=routine)).text
        for p in routine.items:
            e = p.exercise
            for part in (e.name, *e.steps, *e.cautions, *e.tips, *e.equipment):
                assert part in text

    def test_doses_in_plain_words(self):
        """Each exercise shows its current level and its prescribed range in plain words."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        text = Page(fhtml.handout(plan_for(routine), routine=routine)).text
        for p in routine.items:
            assert describe_level(p, Side.LEFT) in text
            assert describe_dose(p, Side.LEFT) in text

    def test_brief_example_wording(self):
        """Hip rotation slides on the affected side read "10-15 reps, hold 3-5 s ... left leg"."""
        slides = footdrop.catalogue()["hip-rotation-slides"]
        p = Prescription(exercise=slides, sides=footdrop.Sides.AFFECTED)
        expected = "2-3 sets of 10-15 reps, hold 3-5 s, once a day, left leg"
        assert expected == describe_dose(p, Side.LEFT)

    def test_tick_sheet_has_a_row_per_exercise_and_dose(self):
        """The tick sheet has one row per planned exercise and dose, and a column per day."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = plan_for(routine, days=7)
        page = Page(fhtml.handout(plan, routine=routine))
        doses = {(i.exercise_id, describe_item(i)) for d in plan.days for s in d.sessions
                 for i in s.items}  # fmt: skip
        assert (len(doses) + 1, 8) == (page.tags.count("tr"), page.tags.count("th") - len(doses))

    def test_a_box_per_sitting(self):
        """Every sitting of every item in the shown days gets one box to tick, none more."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = plan_for(routine, days=7)
        text = fhtml.handout(plan, routine=routine)
        expected = sum(len(s.items) for d in plan.days for s in d.sessions)
        assert expected == text.count('class="tick"')

    def test_rest_days_and_days_off_are_marked(self):
        """A rest day says so in its column head, and an item's day off shows a dash."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        page = Page(fhtml.handout(plan_for(routine, days=7), routine=routine))
        assert "29 NovSunrest" in page.text
        assert "-" in page.text.split("29 NovSunrest")[1][:200]

    def test_tick_sheet_says_when_days_are_left_out(self):
        """A 10-day plan with the default 7 days says it shows 7 of 10 days."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        text = Page(fhtml.handout(plan_for(routine, days=10), routine=routine)).text
        assert "shows the first 7 of the plan's 10 days" in text

    def test_all_days_with_none(self):
        """days=None shows every day, one tick sheet per week, and says nothing is left out."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = plan_for(routine, days=10)
        page = Page(fhtml.handout(plan, routine=routine, days=None))
        expected = (2, False)
        assert expected == (page.tags.count("table"), "shows the first" in page.text)
        assert "(week 2)" in page.text

    def test_details_are_shown_when_given(self):
        """Patient, clinician, clinic, contact and review date appear, each with its label."""
        details = fhtml.HandoutDetails(
            patient="Anna Smith",
            clinician="Sam Patel",
            clinic="Riverside Physio",
            contact="0123 456789",
            review_on=dt.date(2026, 12, 14),
        )
        text = Page(fhtml.handout(hostile_plan(), details=details)).text
        for part in ("Patient: Anna Smith", "Clinician: Sam Patel", "Clinic: Riverside Physio",
                     "Contact: 0123 456789", "Review: Mon 14 Dec 2026"):  # fmt: skip
            assert part in text

    def test_no_details_no_labels(self):
        """Without details, no empty labels are printed."""
        text = Page(fhtml.handout(hostile_plan())).text
        assert "Patient:" not in text

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"patient": ""}, InvalidValueError),
            ({"clinic": 3}, InvalidTypeError),
            ({"review_on": dt.datetime(2026, 12, 14, tzinfo=dt.UTC)}, InvalidTypeError),
            ({"contact": "x" * 201}, InvalidValueError),
        ],
    )
    def test_details_are_validated(self, kwargs, error):
        """Blank, over-long or wrongly typed details are refused, naming the field."""
        with pytest.raises(error, match=next(iter(kwargs))):
            fhtml.HandoutDetails(**kwargs)

    def test_built_in_range_is_not_called_the_clinicians(self):
        """The built-in programme's ranges are the exercise's usual range, not a clinician's."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        text = Page(fhtml.handout(plan_for(routine), routine=routine)).text
        assert ("Range set by your clinician" in text, "Usual range" in text) == (False, True)

    def test_changed_range_is_the_clinicians(self):
        """A prescription whose dose differs from the exercise's is labelled as the clinician's."""
        exercise = footdrop.catalogue()["towel-scrunches"]
        dose = attrs.evolve(exercise.dose, reps=footdrop.Range(min=8, max=12))
        routine = Routine(affected=Side.LEFT, items=[Prescription(exercise=exercise, dose=dose)])
        text = Page(fhtml.handout(hostile_plan(), routine=routine)).text
        assert "Range set by your clinician: 2-3 sets of 8-12 reps" in text

    def test_patient_view_has_no_provenance(self):
        """The patient view never says where numbers came from; the clinician view does."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = plan_for(routine)
        patient = Page(fhtml.handout(plan, routine=routine)).text
        clinician = Page(fhtml.handout(plan, routine=routine, audience="clinician")).text
        words = ("article", "assumption", "Where the numbers come from")
        assert [False] * 3 == [w in patient for w in words]
        assert [True] * 3 == [w in clinician for w in words]

    def test_illustration_is_shown_with_alt_text(self):
        """An exercise's first illustration becomes an <img> with its alt text and licence."""
        picture = footdrop.Illustration(
            source="img/scrunch.png", alt="A towel gathered under the toes", licence="CC BY 4.0"
        )
        exercise = attrs.evolve(footdrop.catalogue()["towel-scrunches"], illustrations=[picture])
        routine = Routine(affected=Side.LEFT, items=[Prescription(exercise=exercise)])
        page = Page(fhtml.handout(hostile_plan(), routine=routine))
        expected = [("src", "img/scrunch.png"), ("alt", "A towel gathered under the toes"),
                    ("title", "CC BY 4.0")]  # fmt: skip
        assert expected == [a for a in page.attributes if a[0] in {"src", "alt", "title"}]

    @pytest.mark.parametrize("paper", ["a4", "letter"])
    def test_paper_size(self, paper):
        """The print stylesheet asks for the paper chosen."""
        text = fhtml.handout(hostile_plan(), paper=paper)
        assert f"@page {{ size: {fhtml.PAPERS[paper]}; margin: 12mm; }}" in text

    def test_without_routine_uses_planned_doses(self):
        """Without a routine, the page shows planned doses and the catalogue's instructions."""
        item = PlanItem(exercise_id="ankle-eversion", side=None, sets=2, reps=12, hold_seconds=4)
        plan = Plan(
            tz="Europe/London", days=[DayPlan(date=MONDAY, sessions=[session(MONDAY, 9, [item])])]
        )
        text = Page(fhtml.handout(plan)).text
        assert describe_item(item) in text
        assert footdrop.catalogue()["ankle-eversion"].steps[0] in text

    def test_unknown_exercise_without_instructions(self):
        """An exercise neither in the routine nor the catalogue cannot be explained: it raises."""
        item = PlanItem(exercise_id="ankle-eversoin", side=None, sets=1, reps=10)
        plan = Plan(
            tz="Europe/London", days=[DayPlan(date=MONDAY, sessions=[session(MONDAY, 9, [item])])]
        )
        with pytest.raises(UnknownExerciseError) as info:
            fhtml.handout(plan)
        assert "ankle-eversion" in info.value.suggestions

    @pytest.mark.parametrize(("kwargs", "error"), [
        ({"title": "  "}, InvalidValueError),
        ({"days": 0}, InvalidValueError),
        ({"days": 1.5}, InvalidTypeError),
        ({"routine": "r"}, InvalidTypeError),
        ({"details": {"patient": "Anna"}}, InvalidTypeError),
        ({"paper": "A5"}, InvalidValueError),
        ({"audience": "carer"}, InvalidValueError),
    ])  # fmt: skip
    def test_bad_arguments(self, kwargs, error):
        """Blank titles, bad day counts and wrong types are refused with footdrop errors."""
        with pytest.raises(error):
            fhtml.handout(hostile_plan(), **kwargs)

    def test_clinician_activity_shows_its_settings(self):
        """A clinician-set activity says so and lists its stored settings as given."""
        stim = attrs.evolve(
            footdrop.catalogue()["ankle-eversion"],
            id="electrical-stimulation",
            name="Electrical stimulation",
            category=footdrop.Category.CLINICIAN,
        )
        prescription = Prescription(
            exercise=stim, parameters=[Parameter(name="frequency", value=35, unit="Hz")]
        )
        routine = Routine(affected=Side.LEFT, items=[prescription])
        text = Page(fhtml.handout(hostile_plan(), routine=routine)).text
        assert "Set up by your clinician" in text
        assert "frequency: 35 Hz" in text

    def test_repeated_hour_shows_offsets(self):
        """A session in the hour that repeats when clocks go back shows its UTC offsets."""
        day = dt.date(2026, 10, 25)
        start = dt.datetime(2026, 10, 25, 1, 10, fold=1, tzinfo=LONDON)
        end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=20)).astimezone(LONDON)
        late = Session(start=start, end=end, items=[ITEM_FOR_DST])
        plan = Plan(tz="Europe/London", days=[DayPlan(date=day, sessions=[late])])
        text = Page(fhtml.handout(plan)).text
        assert "01:10 (UTC+0000)" in text


class TestHandoutPage:
    def page(self) -> str:
        routine = Routine.from_catalogue(affected=Side.LEFT)
        return fhtml.handout(plan_for(routine), routine=routine)

    def test_self_contained(self):
        """The page loads nothing: no scripts, links, images, external URLs or imports."""
        text = self.page()
        page = Page(text)
        assert set() == set(page.tags) & {"script", "link", "img", "iframe", "object", "embed"}
        expected = []
        assert expected == re.findall(r"(?i)https?:|url\(|@import|src=|href=", text)

    def test_print_styles_without_colour(self):
        """The CSS has print rules and uses no colour, so it prints in black and white."""
        css = re.search(r"<style>(.*)</style>", self.page(), re.DOTALL).group(1)
        assert "@media print" in css
        expected = []
        assert expected == re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(", css)

    def test_only_known_tags(self):
        """The page uses a small, fixed set of tags."""
        assert set(Page(self.page()).tags) <= HANDOUT_TAGS

    def test_has_safety_points(self):
        """The first page holds the stop rules, after the tick sheet and before the exercises."""
        text = Page(self.page()).text
        assert text.index("Tick a box") < text.index("chest pain") < text.index("Your exercises")


class TestHostileText:
    @pytest.mark.parametrize("text", HOSTILE)
    def test_handout_escapes_hostile_text(self, text):
        """Hostile names, steps, cautions and notes add no tag and read back as their text."""
        routine = hostile_routine(text)
        page = Page(fhtml.handout(hostile_plan(), routine=routine))
        assert set(page.tags) <= HANDOUT_TAGS
        for label in ("Name", "Step", "Caution", "Tip", "Kit", "Review", "Setting"):
            assert f"{label} {clean_text(text)}" in page.text

    @pytest.mark.parametrize("text", HOSTILE)
    def test_repr_escapes_hostile_text(self, text):
        """Routine and Exercise views add no tag and show the text as text."""
        routine = hostile_routine(text)
        for obj in (routine, routine.items[0].exercise):
            page = Page(obj._repr_html_())
            assert set(page.tags) <= REPR_TAGS
            assert f"Name {clean_text(text)}" in page.text

    @pytest.mark.parametrize("text", HOSTILE)
    def test_attribute_values_are_escaped(self, text):
        """A hostile name in the plan grid's title attribute stays inside that attribute."""
        exercise = hostile_routine(text).items[0].exercise
        page = Page(fhtml._plan_html(hostile_plan(), {"towel-scrunches": exercise}))
        assert {"class", "style", "title"} >= {k for k, _ in page.attributes}
        (title,) = [v for k, v in page.attributes if k == "title"]
        assert f"Name {clean_text(text)} (2 sets of 10 reps)" in title

    def test_right_to_left_marks_are_isolated(self):
        """User text with bidi controls sits inside <bdi>, so it cannot reorder its neighbours."""
        text = "\u202eevil\u202c"
        page = Page(fhtml.handout(hostile_plan(), routine=hostile_routine(text)))
        outside = [t for t in page.texts if "\u202e" in t and t not in page.isolated]
        expected = []
        assert expected == outside
        assert any("\u202e" in t for t in page.isolated)

    def test_control_characters_are_replaced(self):
        """NUL, BEL and DEL never reach the page; each shows as U+FFFD."""
        text = fhtml.handout(hostile_plan(), routine=hostile_routine("a\x00b\x07c\x7f"))
        expected = []
        assert expected == re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
        assert "a\ufffdb\ufffdc\ufffd" in text

    def test_long_text_is_kept_whole(self):
        """A 100 KB name is shown whole, not cut."""
        name = "&<" * 50_000
        page = Page(fhtml.handout(hostile_plan(), routine=hostile_routine(name)))
        assert f"Name {name}" in page.text

    @settings(max_examples=40)
    @given(st.text(min_size=1, max_size=100).filter(str.strip))
    def test_any_text_reads_back(self, text):
        """For any text, the handout adds no tag and shows the cleaned text."""
        page = Page(fhtml.handout(hostile_plan(), routine=hostile_routine(text), days=1))
        assert set(page.tags) <= HANDOUT_TAGS
        assert f"Step {clean_text(text)}" in page.text


class TestReprHtml:
    def test_classes_use_repr_html(self):
        """Plan, DayPlan, Routine and Exercise show repr_html's fragment in notebooks."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = plan_for(routine)
        objects = (plan, plan.days[0], routine, routine.items[0].exercise)
        assert [fhtml.repr_html(o) for o in objects] == [o._repr_html_() for o in objects]

    def test_plan_grid_has_one_entry_per_session(self):
        """The week grid has 7 columns and one titled entry per session."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = plan_for(routine, days=14)
        page = Page(plan._repr_html_())
        titles = [v for k, v in page.attributes if k == "title"]
        expected = sum(len(d.sessions) for d in plan.days)
        assert (7, expected, 2) == (page.tags.count("th"), len(titles), page.tags.count("tr") - 1)

    def test_plan_grid_title_lists_each_exercise(self):
        """Each session's hover title names every exercise with its dose."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        plan = plan_for(routine, days=1)
        (title,) = [v for k, v in Page(plan._repr_html_()).attributes if k == "title"]
        item = plan.days[0].sessions[0].items[0]
        assert f"Ankle eversion ({describe_item(item)})" in title

    def test_grid_counts_exercises_not_sides(self):
        """A session of one exercise on both legs reads "1 exercise" in the grid."""
        items = [
            PlanItem(exercise_id="hip-rotation-slides", side=Side.LEFT, sets=2, reps=10),
            PlanItem(exercise_id="hip-rotation-slides", side=Side.RIGHT, sets=2, reps=10),
        ]
        plan = Plan(
            tz="Europe/London", days=[DayPlan(date=MONDAY, sessions=[session(MONDAY, 8, items)])]
        )
        text = Page(plan._repr_html_()).text
        assert "08:00 \u00b7 1 exercise" in text

    def test_long_plan_says_what_it_leaves_out(self):
        """A plan longer than 8 weeks shows 8 and says how many days are not shown."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion"])
        plan = plan_for(routine, days=70)
        page = Page(plan._repr_html_())
        expected = fhtml.MAX_GRID_WEEKS
        assert expected == page.tags.count("tr") - 1
        assert "14 more days not shown" in page.text

    def test_mid_week_start_leaves_blank_cells(self):
        """A plan starting on a Wednesday leaves Monday and Tuesday blank in the first row."""
        day = MONDAY + dt.timedelta(days=2)
        plan = Plan(tz="Europe/London", days=[DayPlan(date=day, sessions=[])])
        page = Page(plan._repr_html_())
        expected = ("25 Nov", 7)
        assert expected == (page.text.split("Sun")[1][:6], page.tags.count("td"))

    def test_day_plan_rows_and_fallbacks(self):
        """A day view has one row per session and lists its fallbacks."""
        item = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        fallback = Fallback(
            on=MONDAY,
            exercise_id="ankle-eversion",
            lever="sessions_per_day",
            wanted=3,
            planned=2,
            reason="only two windows <b>",
        )
        day = DayPlan(
            date=MONDAY,
            sessions=[session(MONDAY, 8, [item]), session(MONDAY, 18, [item])],
            fallbacks=[fallback],
        )
        page = Page(day._repr_html_())
        expected = 2
        assert expected == page.tags.count("tr")
        assert "only two windows <b>" in page.text

    def test_routine_rows(self):
        """A routine view has a header and one row per prescription."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        page = Page(routine._repr_html_())
        assert len(routine.items) + 1 == page.tags.count("tr")

    def test_exercise_steps(self):
        """An exercise view lists every step in order."""
        exercise = footdrop.catalogue()["ankle-alphabet"]
        page = Page(exercise._repr_html_())
        assert len(exercise.steps) == page.tags.count("li") - len(exercise.cautions)

    def test_readable_in_light_and_dark_themes(self):
        """Fragments set no colour and no opaque background: only currentColor and inherit."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        plan = plan_for(routine)
        for obj in (plan, plan.days[0], routine, routine.items[0].exercise):
            styles = " ".join(
                v or "" for k, v in Page(obj._repr_html_()).attributes if k == "style"
            )
            backgrounds = set(re.findall(r"background:([^;]+);", styles))
            colours = set(re.findall(r"(?<![-\w])color:([^;]+);", styles))
            assert backgrounds <= {"transparent"}
            assert colours <= {"inherit"}

    def test_other_types_are_refused(self):
        """repr_html of anything else raises InvalidTypeError naming the four types."""
        with pytest.raises(InvalidTypeError, match="Plan, DayPlan, Routine or Exercise"):
            fhtml.repr_html(42)


class TestTickSheetProperties:
    @settings(max_examples=40)
    @given(fst.plans(max_days=9))
    def test_a_box_per_sitting_and_a_row_per_dose(self, plan):
        """For any plan: one box per item of the shown days, one row per exercise and dose."""
        ids = sorted({i.exercise_id for d in plan.days for s in d.sessions for i in s.items})
        base = footdrop.catalogue()["towel-scrunches"]
        routine = (
            Routine(
                affected=Side.LEFT,
                items=[Prescription(exercise=attrs.evolve(base, id=i)) for i in ids],
            )
            if ids
            else None
        )
        text = fhtml.handout(plan, routine=routine)
        shown = plan.days[:7]
        items = [i for d in shown for s in d.sessions for i in s.items]
        rows = {(i.exercise_id, describe_item(i)) for i in items}
        assert len(items) == text.count('class="tick"')
        assert len(rows) == Page(text).tags.count("tr") - (1 if shown else 0)
