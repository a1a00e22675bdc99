"""Tests for footdrop.Exercise and footdrop.Provenance."""

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import (
    Basis,
    Category,
    Dose,
    Exercise,
    Laterality,
    Position,
    Provenance,
    Range,
    Timing,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._exercise import DEFAULT_NUMBERS
from footdrop.serialisation import dumps, loads
from footdrop.testing import strategies
from footdrop.testing.strategies import exercises

ONE = Range(min=1, max=1)


def make(**changes):
    """A small valid exercise, with *changes* applied."""
    values = {
        "id": "toe-taps",
        "name": "Toe taps",
        "category": Category.ANKLE_STRENGTH,
        "position": Position.SEATED,
        "laterality": Laterality.EACH_SIDE,
        "steps": ["Sit.", "Tap your toes."],
        "dose": Dose(sets=Range(min=2, max=3), reps=Range(min=10, max=15)),
        "timing": Timing(sessions_per_day=ONE),
    }
    return Exercise(**(values | changes))


class TestProvenance:
    def test_article_needs_a_quote(self):
        """A number from the article must quote it."""
        with pytest.raises(InvalidValueError) as caught:
            Provenance(field="dose.reps", basis=Basis.ARTICLE)
        assert "needs a 'quote'" in str(caught.value)

    def test_assumption_needs_a_reason(self):
        """An assumption must say why."""
        with pytest.raises(InvalidValueError) as caught:
            Provenance(field="dose.reps", basis=Basis.ASSUMPTION, quote="a few")
        assert "needs a 'reason'" in str(caught.value)

    def test_guidance_needs_a_source(self):
        """Guidance must name its source."""
        with pytest.raises(InvalidValueError) as caught:
            Provenance(field="timing.days_per_week", basis=Basis.GUIDANCE, reason="48 h")
        assert "needs a 'source'" in str(caught.value)

    def test_unknown_field_lists_the_known_ones(self):
        """A field outside DEFAULT_NUMBERS is refused, listing the known names."""
        with pytest.raises(InvalidValueError) as caught:
            Provenance(field="dose.weight", basis=Basis.ASSUMPTION, reason="x")
        assert all(name in str(caught.value) for name in DEFAULT_NUMBERS)

    def test_is_assumption(self):
        """is_assumption is true only for assumptions."""
        quoted = Provenance(field="dose.reps", basis=Basis.ARTICLE, quote="10-15")
        assumed = Provenance(field="dose.reps", basis=Basis.ASSUMPTION, reason="why")
        assert (False, True) == (quoted.is_assumption, assumed.is_assumption)

    def test_str_shows_basis_and_quote(self):
        """str() starts with the basis and shows the quote."""
        entry = Provenance(field="dose.reps", basis=Basis.ARTICLE, quote="10-15")
        assert 'article: "10-15"' == str(entry)


class TestExercise:
    def test_lists_become_tuples(self):
        """Steps, tips and other lists are stored as tuples."""
        exercise = make(tips=["Go slowly."])
        assert ("Sit.", "Tap your toes.") == exercise.steps
        assert ("Go slowly.",) == exercise.tips

    def test_id_must_be_a_slug_and_the_fix_is_offered(self):
        """A non-slug id is refused with a slug suggestion."""
        with pytest.raises(InvalidValueError) as caught:
            make(id="Toe Taps!")
        assert "try 'toe-taps'" in str(caught.value)

    def test_needs_a_step(self):
        """An exercise with no steps is refused."""
        with pytest.raises(InvalidValueError):
            make(steps=[])

    @pytest.mark.parametrize("field", ["name", "steps"])
    def test_blank_text_is_refused(self, field):
        """Blank names and blank steps are refused."""
        value = "   " if field == "name" else ["  "]
        with pytest.raises(InvalidValueError):
            make(**{field: value})

    def test_wrong_enum_lists_choices(self):
        """Text that is no value of an enum field is a wrong value, listing the allowed values."""
        with pytest.raises(InvalidValueError) as caught:
            make(laterality="each side")
        assert (
            "'laterality' must be one of 'each-side', 'both-together', 'not-sided' "
            "(got 'each side')."
        ) == str(caught.value)

    def test_enum_fields_take_their_values(self):
        """An enum field takes a member's value and stores the member."""
        exercise = make(laterality="each-side", category="balance", position="seated")
        assert (Laterality.EACH_SIDE, Category.BALANCE, Position.SEATED) == (
            exercise.laterality,
            exercise.category,
            exercise.position,
        )

    def test_a_number_for_an_enum_is_a_wrong_type(self):
        """A number where an enum member belongs is a wrong type, listing the allowed values."""
        with pytest.raises(InvalidTypeError) as caught:
            make(position=3)
        assert "position" == caught.value.field
        assert "'standing', 'seated', 'supine', 'walking'" in str(caught.value)

    def test_provenance_for_an_unused_number_is_refused(self):
        """Provenance may only explain numbers the exercise uses."""
        entry = Provenance(field="dose.letters", basis=Basis.ASSUMPTION, reason="why")
        with pytest.raises(InvalidValueError) as caught:
            make(provenance=[entry])
        assert "does not use it" in str(caught.value)

    def test_provenance_twice_is_refused(self):
        """Each number has at most one provenance entry."""
        entry = Provenance(field="dose.reps", basis=Basis.ASSUMPTION, reason="why")
        with pytest.raises(InvalidValueError):
            make(provenance=[entry, entry])

    def test_default_numbers_skip_silent_defaults(self):
        """Daily timing, spacing of one session and rest of one set need no provenance."""
        single = make(dose=Dose(sets=ONE, reps=ONE))
        assert ("dose.sets", "dose.reps", "timing.sessions_per_day") == single.default_numbers()
        several = make(timing=Timing(sessions_per_day=Range(min=2, max=3), days_per_week=3))
        assert "timing.days_per_week" in several.default_numbers()
        assert "timing.min_spacing_minutes" in several.default_numbers()
        assert "dose.rest_between_sets_seconds" in several.default_numbers()

    def test_missing_provenance_and_source_of(self):
        """missing_provenance lists the unexplained numbers; source_of finds an entry."""
        entry = Provenance(field="dose.reps", basis=Basis.ARTICLE, quote="10-15")
        exercise = make(provenance=[entry])
        assert entry == exercise.source_of("dose.reps")
        assert exercise.source_of("dose.sets") is None
        assert "dose.reps" not in exercise.missing_provenance()
        assert "dose.sets" in exercise.missing_provenance()

    @settings(max_examples=50)
    @given(exercises(complete_provenance=True))
    def test_full_provenance_leaves_nothing_missing(self, exercise):
        """With an entry for every default number, nothing is missing."""
        assert () == exercise.missing_provenance()
        assert set(exercise.default_numbers()) <= {p.field for p in exercise.provenance}

    def test_evolve_revalidates(self):
        """attrs.evolve runs the validators again."""
        with pytest.raises(InvalidValueError):
            attrs.evolve(make(), id="Not A Slug")

    def test_is_sided(self):
        """is_sided is true for each-side exercises only."""
        assert make().is_sided
        assert not make(laterality=Laterality.NOT_SIDED).is_sided


class TestIllustration:
    def test_path_and_url_are_accepted(self):
        """A relative path, an absolute path and an https URL are pictures an exercise can hold."""
        sources = ["img/a.png", "/srv/pictures/a b.svg", "C:/pictures/a.png", "https://x.org/a.png"]
        found = [
            footdrop.Illustration(source=s, alt="Soles turning outward", licence="CC0").is_remote
            for s in sources
        ]
        assert [False, False, False, True] == found

    @pytest.mark.parametrize(
        "source", ["javascript:alert(1)", "data:image/png;base64,AA", "file:///etc/passwd",
                   " img.png", "img\n.png", ""],
    )  # fmt: skip
    def test_unsafe_or_blank_sources_are_refused(self, source):
        """Other URL schemes, surrounding spaces, control characters and blanks are refused."""
        with pytest.raises(InvalidValueError, match="'source'"):
            footdrop.Illustration(source=source, alt="a picture", licence="CC0")

    @pytest.mark.parametrize("field", ["alt", "licence"])
    def test_alt_and_licence_are_required_text(self, field):
        """Alt text and licence must be non-blank text."""
        values = {"source": "a.png", "alt": "a picture", "licence": "CC0", field: "  "}
        with pytest.raises(InvalidValueError, match=f"'{field}'"):
            footdrop.Illustration(**values)

    def test_exercise_refuses_other_items(self):
        """An exercise's illustrations must each be an Illustration, named by index."""
        exercise = footdrop.catalogue()["towel-scrunches"]
        with pytest.raises(InvalidTypeError, match=r"'illustrations\[0\]'"):
            attrs.evolve(exercise, illustrations=["a.png"])

    @given(
        st.lists(
            st.builds(
                footdrop.Illustration,
                source=st.sampled_from(["a.png", "https://example.org/b.svg", "dir/c d.png"]),
                alt=strategies.texts(max_size=40),
                licence=strategies.texts(max_size=20),
            ),
            max_size=3,
        )
    )
    def test_round_trips_through_json(self, pictures):
        """An exercise with illustrations reads back equal from its JSON."""
        exercise = attrs.evolve(footdrop.catalogue()["ankle-eversion"], illustrations=pictures)
        assert exercise == loads(dumps(exercise), footdrop.Exercise)


@given(
    scheme=st.from_regex(r"\A[A-Za-z][A-Za-z0-9+.-]{1,10}\Z").filter(
        lambda s: s.lower() not in {"http", "https"}
    ),
    rest=st.text(alphabet="abcdefghij/.", min_size=1, max_size=20),
)
def test_only_http_schemes_are_accepted(scheme, rest):
    """Any URL scheme other than http(s) is refused; http(s) with the same rest is accepted."""
    with pytest.raises(InvalidValueError, match="'source'"):
        footdrop.Illustration(source=f"{scheme}:{rest}", alt="a picture", licence="CC0")
    assert footdrop.Illustration(source=f"https:{rest}", alt="a picture", licence="CC0").is_remote
