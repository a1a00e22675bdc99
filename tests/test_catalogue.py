"""Tests for footdrop.catalogue(): the article's ten exercises and their provenance."""

import pytest

import footdrop
from footdrop import Basis, Catalogue, Laterality, Range, SupportLevel
from footdrop.exceptions import FootdropError, InvalidValueError, UnknownExerciseError

IDS = (
    "standing-hip-external-rotation",
    "supine-hip-internal-rotation",
    "hip-rotation-slides",
    "single-leg-stance",
    "towel-scrunches",
    "ankle-alphabet",
    "heel-and-toe-walks",
    "toe-raise-negatives",
    "ankle-eversion",
    "ankle-inversion",
)

# The numbers the article gives, as (exercise id, dotted number, expected range).
ARTICLE_NUMBERS = [
    ("hip-rotation-slides", "dose.reps", Range(min=10, max=15)),
    ("hip-rotation-slides", "dose.sets", Range(min=2, max=3)),
    ("towel-scrunches", "dose.reps", Range(min=10, max=15)),
    ("towel-scrunches", "dose.sets", Range(min=2, max=3)),
    ("toe-raise-negatives", "dose.reps", Range(min=10, max=15)),
    ("toe-raise-negatives", "dose.sets", Range(min=2, max=3)),
    ("ankle-eversion", "dose.reps", Range(min=10, max=15)),
    ("ankle-eversion", "timing.sessions_per_day", Range(min=2, max=3)),
    ("ankle-inversion", "dose.reps", Range(min=10, max=15)),
    ("ankle-inversion", "timing.sessions_per_day", Range(min=2, max=3)),
    ("ankle-alphabet", "dose.letters", Range(min=26, max=26)),
]

# Where the article is vague or silent, footdrop's choice (each one an assumption).
ASSUMED_NUMBERS = [
    ("supine-hip-internal-rotation", "dose.hold_seconds", Range(min=3, max=5)),
    ("hip-rotation-slides", "dose.hold_seconds", Range(min=3, max=5)),
    ("towel-scrunches", "dose.hold_seconds", Range(min=3, max=5)),
    ("ankle-eversion", "dose.hold_seconds", Range(min=3, max=5)),
    ("ankle-inversion", "dose.hold_seconds", Range(min=3, max=5)),
    ("ankle-eversion", "dose.sets", Range(min=1, max=1)),
    ("ankle-inversion", "dose.sets", Range(min=1, max=1)),
    ("single-leg-stance", "dose.hold_seconds", Range(min=5, max=10)),
    ("heel-and-toe-walks", "dose.rounds", Range(min=3, max=5)),
    ("heel-and-toe-walks", "dose.steps", Range(min=10, max=10)),
    ("ankle-eversion", "timing.min_spacing_minutes", 180),
    ("ankle-inversion", "timing.min_spacing_minutes", 180),
]

LATERALITY = {
    "standing-hip-external-rotation": Laterality.EACH_SIDE,
    "supine-hip-internal-rotation": Laterality.BOTH_TOGETHER,
    "hip-rotation-slides": Laterality.EACH_SIDE,
    "single-leg-stance": Laterality.EACH_SIDE,
    "towel-scrunches": Laterality.BOTH_TOGETHER,
    "ankle-alphabet": Laterality.EACH_SIDE,
    "heel-and-toe-walks": Laterality.NOT_SIDED,
    "toe-raise-negatives": Laterality.BOTH_TOGETHER,
    "ankle-eversion": Laterality.BOTH_TOGETHER,
    "ankle-inversion": Laterality.BOTH_TOGETHER,
}


def number(exercise, dotted):
    owner, name = dotted.split(".")
    return getattr(getattr(exercise, owner), name)


@pytest.fixture(scope="module")
def catalogue():
    return footdrop.catalogue()


class TestContents:
    def test_ids_in_the_article_order(self, catalogue):
        """The catalogue holds the article's ten exercises, in the article's order."""
        assert IDS == tuple(catalogue)

    @pytest.mark.parametrize(("exercise_id", "dotted", "expected"), ARTICLE_NUMBERS)
    def test_article_numbers(self, catalogue, exercise_id, dotted, expected):
        """Where the article gives a number, the default is that number, quoted."""
        exercise = catalogue[exercise_id]
        assert expected == number(exercise, dotted)
        source = exercise.source_of(dotted)
        assert source is not None
        assert Basis.ARTICLE == source.basis
        assert source.quote

    @pytest.mark.parametrize(("exercise_id", "dotted", "expected"), ASSUMED_NUMBERS)
    def test_assumed_numbers(self, catalogue, exercise_id, dotted, expected):
        """Where the article is vague, the default is marked an assumption with a reason."""
        exercise = catalogue[exercise_id]
        assert expected == number(exercise, dotted)
        source = exercise.source_of(dotted)
        assert source is not None
        assert Basis.ASSUMPTION == source.basis
        assert source.reason

    @pytest.mark.parametrize(
        "exercise_id",
        [
            "supine-hip-internal-rotation",
            "hip-rotation-slides",
            "towel-scrunches",
            "ankle-eversion",
            "ankle-inversion",
        ],
    )
    def test_a_few_seconds_keeps_the_article_words(self, catalogue, exercise_id):
        """The hold read from 'a few seconds' keeps those words as its quote."""
        source = catalogue[exercise_id].source_of("dose.hold_seconds")
        assert source is not None
        assert "a few seconds" == source.quote

    @pytest.mark.parametrize("exercise_id", IDS)
    def test_every_default_has_provenance(self, catalogue, exercise_id):
        """No default number in use lacks a provenance entry."""
        assert () == catalogue[exercise_id].missing_provenance()

    @pytest.mark.parametrize(("exercise_id", "laterality"), LATERALITY.items())
    def test_laterality(self, catalogue, exercise_id, laterality):
        """One-leg work is each-side, seated two-foot work both-together, walks not sided."""
        assert laterality == catalogue[exercise_id].laterality

    def test_only_the_band_exercise_is_loaded(self, catalogue):
        """The resistance-band exercise is loaded strength work; the rest are low load."""
        loaded = [e.id for e in catalogue.values() if e.is_loaded]
        assert ["standing-hip-external-rotation"] == loaded

    def test_loaded_work_three_days_a_week_by_guidance(self, catalogue):
        """Loaded work is 3 days a week, citing the ACSM 48-hour rule."""
        exercise = catalogue["standing-hip-external-rotation"]
        assert 3 == exercise.timing.days_per_week
        assert "resistance band" in exercise.equipment
        source = exercise.source_of("timing.days_per_week")
        assert source is not None
        assert Basis.GUIDANCE == source.basis
        assert "ACSM" in (source.source or "") or "American College" in (source.source or "")
        assert "48 hours" in (source.reason or "")

    def test_low_load_work_is_daily(self, catalogue):
        """Every exercise but the loaded one is due every day."""
        daily = {e.id for e in catalogue.values() if e.timing.is_daily}
        assert set(IDS) - {"standing-hip-external-rotation"} == daily

    def test_spacing_only_where_several_sessions(self, catalogue):
        """Only exercises with more than one session a day set a spacing."""
        spaced = {e.id for e in catalogue.values() if e.timing.min_spacing_minutes}
        several = {e.id for e in catalogue.values() if e.timing.sessions_per_day.max > 1}
        assert {"ankle-eversion", "ankle-inversion"} == spaced == several

    def test_single_leg_stance_support_ladder(self, catalogue):
        """Balance support runs two hands to no hands; eyes closed is not offered."""
        support = catalogue["single-leg-stance"].dose.support
        assert support is not None
        assert SupportLevel.TWO_HANDS == support.easiest
        assert SupportLevel.NO_HANDS == support.hardest
        assert SupportLevel.EYES_CLOSED not in support

    def test_balance_caution_names_a_stable_support(self, catalogue):
        """Standing balance work warns to use a stable support, not a chair that moves."""
        for exercise_id in ("single-leg-stance", "standing-hip-external-rotation"):
            cautions = " ".join(catalogue[exercise_id].cautions).lower()
            assert "counter" in cautions
            assert "chair" in cautions

    @pytest.mark.parametrize("exercise_id", IDS)
    def test_every_exercise_says_stop_if_it_hurts(self, catalogue, exercise_id):
        """Every exercise carries the article's pain rule as a caution."""
        cautions = " ".join(catalogue[exercise_id].cautions).lower()
        assert "stop if it hurts" in cautions

    @pytest.mark.parametrize("exercise_id", IDS)
    def test_described_in_full(self, catalogue, exercise_id):
        """Every exercise has steps, target muscles and a name."""
        exercise = catalogue[exercise_id]
        assert len(exercise.steps) >= 3
        assert exercise.target_muscles
        assert exercise.name


class TestLookup:
    def test_unknown_id_is_a_footdrop_key_error(self, catalogue):
        """An unknown id raises UnknownExerciseError, a FootdropError and a KeyError."""
        with pytest.raises(UnknownExerciseError) as caught:
            catalogue["ankle-eversoin"]
        assert isinstance(caught.value, KeyError)
        assert isinstance(caught.value, FootdropError)
        assert "ankle-eversion" == caught.value.suggestions[0]
        assert "did you mean 'ankle-eversion'" in str(caught.value)

    def test_far_off_id_points_to_the_list(self, catalogue):
        """An id like nothing known points to catalogue().keys()."""
        with pytest.raises(KeyError) as caught:
            catalogue["zzz"]
        assert "footdrop.catalogue().keys()" in str(caught.value)

    def test_get_and_contains_do_not_raise(self, catalogue):
        """Mapping.get and 'in' treat an unknown id as absent."""
        assert catalogue.get("nope") is None
        assert "nope" not in catalogue
        assert "towel-scrunches" in catalogue

    def test_catalogue_is_immutable(self, catalogue):
        """The catalogue cannot be changed in place."""
        with pytest.raises(TypeError):
            catalogue["x"] = catalogue["towel-scrunches"]  # type: ignore[index]

    def test_same_object_each_call(self):
        """catalogue() is read once and shared."""
        assert footdrop.catalogue() is footdrop.catalogue()


class TestOwnCatalogues:
    def test_add_returns_a_new_catalogue(self, catalogue):
        """add() returns a copy with the new exercise last."""
        import attrs

        mine = catalogue.add(attrs.evolve(catalogue["ankle-alphabet"], id="my-alphabet"))
        assert "my-alphabet" == list(mine)[-1]
        assert 10 == len(catalogue)
        assert 11 == len(mine)

    def test_duplicate_ids_are_refused(self, catalogue):
        """Two exercises with one id are refused."""
        with pytest.raises(InvalidValueError):
            Catalogue(exercises=[catalogue["ankle-alphabet"], catalogue["ankle-alphabet"]])


class TestRoutine:
    def test_from_catalogue_starts_every_current_at_the_floor(self, catalogue):
        """Routine.from_catalogue builds all ten prescriptions at the floor of each range."""
        routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        assert IDS == routine.ids
        for prescription in routine:
            dose = prescription.exercise.dose
            floor = dose.floor(sessions_per_day=prescription.timing.sessions_per_day.min)
            assert floor == prescription.current
