"""Tests for footdrop.serialisation.json_schema: generated, shipped, and in step with loads."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import footdrop
from footdrop.exceptions import FootdropError, InvalidTypeError
from footdrop.progression import Decision, Outcome
from footdrop.serialisation import SCHEMA_VERSION, dumps, json_schema, loads
from footdrop.serialisation._schema import documents, schema_name, schema_text, write_schemas
from footdrop.testing import strategies as fs

# Each shipped document with a strategy for its models (Decision is built by hand below).
STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    footdrop.Routine: fs.routines(max_size=2),
    footdrop.Plan: fs.plans(max_days=2),
    footdrop.Exercise: fs.exercises(),
    footdrop.Catalogue: fs.catalogues(),
    footdrop.Availability: fs.availabilities(),
    footdrop.ExerciseLog: fs.exercise_logs(),
    footdrop.Prescription: fs.prescriptions(),
    footdrop.Dose: fs.doses(),
    footdrop.Timing: fs.timings(),
}
# For mutations, smaller documents: a catalogue is a list of exercises, mutated as such.
_SMALL = {**STRATEGIES, footdrop.Routine: fs.routines(max_size=1)}
del _SMALL[footdrop.Catalogue]
MODELS = st.sampled_from(tuple(_SMALL)).flatmap(lambda cls: st.tuples(st.just(cls), _SMALL[cls]))

# Values of every JSON kind, to put where they do not belong.
WRONG_VALUES = (
    None,
    True,
    0,
    -1,
    1.5,
    10**7,
    -(10**7),
    "",
    " ",
    "x",
    "2026-13-45",
    [],
    [1],
    {},
    {"min": 1},
)


@functools.cache
def validator(cls: type[Any]) -> Draft202012Validator:
    return Draft202012Validator(json_schema(cls))


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside *node* (the root included)."""
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_paths(value, (*path, i)))
    return found


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type[Any], Any]:
    """A model class and a valid document of it with one thing broken (often)."""
    cls, model = draw(MODELS)
    document = json.loads(dumps(model))
    paths = _paths(document)
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(("replace", "extra-key", "drop-key", "number")))
    broken = copy.deepcopy(document)
    target = _get(broken, path)
    if kind == "extra-key" and isinstance(target, dict):
        target[draw(st.sampled_from(("extra", "Reps", "schema_version ", "notes_")))] = 1
    elif kind == "drop-key" and isinstance(target, dict) and target:
        del target[draw(st.sampled_from(sorted(target)))]
    elif kind == "number" and path and isinstance(target, int | float):
        value = draw(st.sampled_from((-1, 0, target + 1, target * 1000 + 1, 10**6)))
        _get(broken, path[:-1])[path[-1]] = value
    elif path:
        _get(broken, path[:-1])[path[-1]] = draw(st.sampled_from(WRONG_VALUES))
    else:
        broken = draw(st.sampled_from(WRONG_VALUES))
    return cls, broken


def _loads_rejects(document: Any, cls: type[Any]) -> bool:
    try:
        loads(json.dumps(document), cls)
    except FootdropError:
        return True
    return False


class TestShippedSchemas:
    @pytest.mark.parametrize("cls", documents(), ids=lambda c: c.__name__)
    def test_shipped_file_equals_the_generated_schema(self, cls):
        """Each file in footdrop/data/schema is exactly what json_schema() generates now."""
        shipped = resources.files("footdrop").joinpath(
            "data", "schema", f"{schema_name(cls)}.schema.json"
        )
        assert schema_text(cls) == shipped.read_text("utf-8"), (
            "the shipped schema is stale: regenerate it with "
            'python -c "from footdrop.serialisation._schema import regenerate; regenerate()"'
        )

    def test_no_stray_files_ship(self):
        """The schema folder holds one file per document and nothing else."""
        folder = resources.files("footdrop").joinpath("data", "schema")
        expected = sorted(f"{schema_name(cls)}.schema.json" for cls in documents())
        assert expected == sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))

    @pytest.mark.parametrize("cls", documents(), ids=lambda c: c.__name__)
    def test_every_schema_is_a_valid_2020_12_schema(self, cls):
        """Each schema passes the 2020-12 meta-schema and names its dialect and id."""
        schema = json_schema(cls)
        Draft202012Validator.check_schema(schema)
        expected = ("https://json-schema.org/draft/2020-12/schema", True)
        actual = (schema["$schema"], schema["$id"].endswith(f"/{schema_name(cls)}.schema.json"))
        assert expected == actual

    def test_write_schemas_writes_what_ships(self, tmp_path):
        """The regeneration helper writes one file per document, equal to the generated text."""
        written = write_schemas(tmp_path)
        expected = [schema_text(cls) for cls in documents()]
        assert expected == [p.read_text("utf-8") for p in written]


class TestSchemaContent:
    def test_objects_forbid_unknown_keys_everywhere(self):
        """Every object schema, top level and $defs, sets additionalProperties to false."""
        schema = json_schema(footdrop.Routine)
        objects = [schema, *schema["$defs"].values()]
        assert {False} == {o["additionalProperties"] for o in objects}

    def test_bounds_come_from_the_validators(self):
        """Dose ranges carry LIMITS, texts their lengths, and schema_version its maximum."""
        schema = json_schema(footdrop.Dose)
        reps = schema["properties"]["reps"]["anyOf"][0]["properties"]["max"]
        log = json_schema(footdrop.ExerciseLog)
        expected = (
            (1, 100),
            {"type": "integer", "minimum": 1, "maximum": SCHEMA_VERSION},
            (0, 10),
            ["left", "right"],
        )
        actual = (
            (reps["minimum"], reps["maximum"]),
            {k: v for k, v in schema["properties"]["schema_version"].items() if k != "description"},
            (
                log["properties"]["pain"]["anyOf"][0]["minimum"],
                log["properties"]["pain"]["anyOf"][0]["maximum"],
            ),
            log["properties"]["side"]["anyOf"][0]["enum"],
        )
        assert expected == actual

    def test_required_keys_are_the_fields_without_defaults(self):
        """Fields with defaults are optional, as loads fills them in."""
        schema = json_schema(footdrop.Prescription)
        assert ["schema_version", "exercise"] == schema["required"]

    def test_not_a_model_is_refused(self):
        """json_schema() names the problem when given something that is not a model."""
        with pytest.raises(InvalidTypeError, match="footdrop model class"):
            json_schema(dict)


class TestSchemaAgreesWithLoads:
    @pytest.mark.parametrize("cls", tuple(STRATEGIES), ids=lambda c: c.__name__)
    @settings(max_examples=15)
    @given(data=st.data())
    def test_dumps_output_is_valid(self, cls, data):
        """Every document dumps() writes is valid against its schema."""
        model = data.draw(STRATEGIES[cls])
        errors = [e.message for e in validator(cls).iter_errors(json.loads(dumps(model)))]
        assert [] == errors

    def test_a_decision_is_valid(self):
        """A progression decision's document is valid against its schema."""
        decision = Decision(
            on=dt.date(2026, 11, 24),
            exercise_id="ankle-eversion",
            lever="reps",
            before=10,
            after=11,
            rule="double-progression",
            evidence=(),
            reason="Every set reached the top of the range twice.",
            outcome=Outcome.APPLIED,
        )
        assert [] == list(validator(Decision).iter_errors(json.loads(dumps(decision))))

    @settings(max_examples=80)
    @given(case=mutated())
    def test_what_the_schema_rejects_loads_rejects(self, case):
        """A broken document the schema rejects is rejected by loads too."""
        cls, document = case
        if not validator(cls).is_valid(document):
            assert _loads_rejects(document, cls)

    @pytest.mark.parametrize("cls", tuple(STRATEGIES), ids=lambda c: c.__name__)
    @settings(max_examples=10)
    @given(data=st.data())
    def test_extra_and_missing_keys_are_rejected_by_both(self, cls, data):
        """An unknown key, or a missing required key, fails the schema and loads alike."""
        document = json.loads(dumps(data.draw(STRATEGIES[cls])))
        extra = {**document, "unexpected": 1}
        required = data.draw(st.sampled_from(json_schema(cls)["required"]))
        missing = {k: v for k, v in document.items() if k != required}
        expected = [(False, True), (False, True)]
        actual = [(validator(cls).is_valid(d), _loads_rejects(d, cls)) for d in (extra, missing)]
        assert expected == actual

    @settings(max_examples=100)
    @given(name=st.text(st.characters(codec="utf-8"), max_size=4))
    def test_blank_text_is_judged_alike(self, name):
        """The schema's rule for non-blank text agrees with loads for any name."""
        exercise = footdrop.Exercise(
            id="towel-scrunches",
            name="Towel scrunches",
            category=footdrop.Category.FOOT_STRENGTH,
            position=footdrop.Position.SEATED,
            laterality=footdrop.Laterality.NOT_SIDED,
            steps=("Scrunch the towel.",),
            dose=footdrop.Dose(
                sets=footdrop.Range(min=1, max=1), reps=footdrop.Range(min=5, max=5)
            ),
            timing=footdrop.Timing(sessions_per_day=footdrop.Range(min=1, max=1)),
        )
        document = {**json.loads(dumps(exercise)), "name": name}
        schema_ok = validator(footdrop.Exercise).is_valid(document)
        assert schema_ok == (not _loads_rejects(document, footdrop.Exercise))

    @pytest.mark.parametrize("version", [0, SCHEMA_VERSION + 1, "1", 1.5, None])
    def test_bad_schema_versions_are_rejected_by_both(self, version):
        """A schema_version out of range or of the wrong type fails the schema and loads."""
        document = {**json.loads(dumps(footdrop.Range(min=1, max=2))), "schema_version": version}
        assert (False, True) == (
            validator(footdrop.Range).is_valid(document),
            _loads_rejects(document, footdrop.Range),
        )
