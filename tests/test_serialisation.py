"""Tests for footdrop.serialisation: lossless, strict JSON with errors that teach."""

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import footdrop
from footdrop.exceptions import DocumentError, FootdropError, SchemaVersionError
from footdrop.serialisation import SCHEMA_VERSION, dumps, loads, make_converter
from footdrop.testing import strategies as fst

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def document(obj):
    """The JSON document of *obj* as plain data."""
    return json.loads(dumps(obj))


def load_or_footdrop_error(data, model):
    """Load *data*; return the model, or the FootdropError raised. Anything else fails."""
    try:
        return loads(json.dumps(data), model)
    except FootdropError as exc:
        return exc


def paths(node, here=()):
    """Every path to a value inside *node*, the root included."""
    yield here
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*here, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths(value, (*here, i))


def problems(text, model):
    with pytest.raises(DocumentError) as caught:
        loads(text, model)
    return [str(p) for p in caught.value.problems]


EVERSION = footdrop.catalogue()["ankle-eversion"]


class TestRoundTrip:
    @pytest.mark.parametrize("model", fst.MODELS, ids=lambda m: m.__name__)
    @settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_every_model_round_trips(self, model, data):
        """loads(dumps(x), type(x)) == x for every public model."""
        value = data.draw(st.from_type(model))
        assert value == loads(dumps(value), model)

    @settings(max_examples=100)
    @given(st.from_type(footdrop.Dose))
    def test_dose_round_trips_often(self, dose):
        """Doses, the most used model, round-trip across many examples."""
        assert dose == loads(dumps(dose), footdrop.Dose)

    def test_catalogue_round_trips(self):
        """The built-in catalogue survives dumps and loads unchanged."""
        cat = footdrop.catalogue()
        assert cat == loads(dumps(cat), footdrop.Catalogue)

    def test_catalogue_is_written_by_its_fields(self):
        """A catalogue is written as its list of exercises, not as a mapping."""
        assert ["schema_version", "exercises"] == list(document(footdrop.catalogue()))

    def test_documents_start_with_the_schema_version(self):
        """Every model document carries schema_version first."""
        assert SCHEMA_VERSION == document(EVERSION)["schema_version"]
        assert "schema_version" == next(iter(document(EVERSION)))

    def test_bytes_are_read_as_utf8(self):
        """The loads function accepts UTF-8 bytes as well as text."""
        assert EVERSION == loads(dumps(EVERSION).encode("utf-8"), footdrop.Exercise)

    def test_list_of_models(self):
        """A list of models is written as an array and read back with list[Model]."""
        ranges = [footdrop.Range(min=1, max=2), footdrop.Range(min=3, max=3)]
        assert ranges == loads(dumps(ranges), list[footdrop.Range])

    def test_enum_and_range_shapes(self):
        """Enums are written by value and ranges as min/max objects."""
        data = document(EVERSION)
        assert "both-together" == data["laterality"]
        assert {"min": 10, "max": 15} == data["dose"]["reps"]

    def test_converter_is_fresh_each_call(self):
        """make_converter() returns a new converter each time."""
        assert make_converter() is not make_converter()


class TestNeverAnotherException:
    @pytest.mark.parametrize("model", fst.MODELS, ids=lambda m: m.__name__)
    @settings(max_examples=30)
    @given(junk=JSON)
    def test_random_json(self, model, junk):
        """Random JSON loads into a valid model or raises a FootdropError, never another."""
        found = load_or_footdrop_error(junk, model)
        assert isinstance(found, model | FootdropError)

    @pytest.mark.parametrize("model", fst.MODELS, ids=lambda m: m.__name__)
    @settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data(), junk=JSON)
    def test_random_mutations(self, model, data, junk):
        """A valid document with one value replaced, removed or added loads or fails cleanly."""
        original = document(data.draw(st.from_type(model)))
        mutated = copy.deepcopy(original)
        where = data.draw(st.sampled_from(list(paths(mutated))[1:] or [()]))
        operation = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if where:
            *parent_path, last = where
            parent = mutated
            for step in parent_path:
                parent = parent[step]
            if operation == "replace":
                parent[last] = junk
            elif operation == "delete":
                del parent[last]
            elif isinstance(parent, dict):
                parent[data.draw(st.text(max_size=8))] = junk
            else:
                parent.insert(last, junk)
        found = load_or_footdrop_error(mutated, model)
        assert isinstance(found, model | FootdropError)
        if json.dumps(mutated) == json.dumps(original):  # True == 1, so compare the text
            assert isinstance(found, model)

    def test_deeply_nested_junk(self):
        """JSON nested beyond any model is a DocumentError, not a RecursionError."""
        text = '{"schema_version": 1, "min": 1, "max": 2, "x": ' + "[" * 50_000 + "]" * 50_000
        text += "}"
        found = problems(text, footdrop.Range)
        assert ["the JSON is nested too deeply to be a footdrop document @ $"] == found

    def test_nested_junk_in_a_field(self):
        """Nested arrays where a number belongs name the field."""
        text = '{"schema_version": 1, "min": ' + "[" * 500 + "]" * 500 + ', "max": 2}'
        (found,) = problems(text, footdrop.Range)
        assert found.startswith("'min' must be a whole number")
        assert found.endswith("@ $.min")

    def test_ten_megabyte_string(self):
        """A 10 MB name is refused with its length, not echoed in full."""
        data = document(EVERSION)
        data["name"] = "x" * 10_000_000
        (found,) = problems(json.dumps(data), footdrop.Exercise)
        assert "'name' must be at most 200,000 characters (got 10,000,000)" in found
        assert len(found) < 500

    def test_not_utf8(self):
        """Bytes that are not UTF-8 are a DocumentError."""
        (found,) = problems(b"\xff\xfe", footdrop.Range)
        assert found.startswith("the document is not UTF-8 text")

    def test_malformed_json(self):
        """Malformed JSON says where it broke."""
        (found,) = problems('{"schema_version": 1,', footdrop.Range)
        assert "malformed JSON" in found
        assert "line 1" in found


def eversion_with(change):
    data = document(EVERSION)
    change(data)
    return json.dumps(data)


def set_at(*path_and_value):
    *path, value = path_and_value

    def change(data):
        node = data
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return change


def delete_at(*path):
    def change(data):
        node = data
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]

    return change


BAD_INPUT = [
    pytest.param(
        set_at("dose", "reps", "min", 0),
        "'reps' must lie within 1..100 (got 0-15) @ $.dose.reps",
        id="zero-reps",
    ),
    pytest.param(
        set_at("dose", "sets", "min", -1),
        "'min' must be within 0..100000 (got -1) @ $.dose.sets.min",
        id="negative-count",
    ),
    pytest.param(
        set_at("dose", "reps", {"min": 15, "max": 10}),
        "'min' must not exceed 'max' (got min=15, max=10): swap them to "
        "Range(min=10, max=15) @ $.dose.reps.min",
        id="min-above-max",
    ),
    pytest.param(
        set_at("timing", "sessions_per_day", {"min": 13, "max": 13}),
        "'sessions_per_day' must lie within 1..12 (got 13) @ $.timing.sessions_per_day",
        id="13-sessions",
    ),
    pytest.param(
        set_at("dose", "reps", "max", 1000),
        "'reps' must lie within 1..100 (got 10-1000) @ $.dose.reps",
        id="1000-reps",
    ),
    pytest.param(
        set_at("dose", "reps", "max", True),  # noqa: FBT003 - the bad value
        "'max' must be a whole number (got True) @ $.dose.reps.max",
        id="boolean",
    ),
    pytest.param(
        set_at("dose", "reps", "max", 12.5),
        "'max' must be a whole number (got 12.5) @ $.dose.reps.max",
        id="float",
    ),
    pytest.param(
        set_at("dose", "reps", "max", "15"),
        "'max' must be a whole number (got '15') @ $.dose.reps.max",
        id="string-number",
    ),
    pytest.param(
        set_at("dose", "sets", "2-3"),
        "'sets' must be an object with the fields of Range (got '2-3') @ $.dose.sets",
        id="wrong-json-type",
    ),
    pytest.param(set_at("name", 5), "'name' must be text (got 5) @ $.name", id="number-as-text"),
    pytest.param(
        set_at("is_loaded", 0),
        "'is_loaded' must be true or false (got 0) @ $.is_loaded",
        id="number-as-boolean",
    ),
    pytest.param(
        set_at("laterality", "left-only"),
        "'laterality' must be one of 'each-side', 'both-together', 'not-sided' "
        "(got 'left-only') @ $.laterality",
        id="unknown-enum",
    ),
    pytest.param(
        delete_at("dose", "sets"),
        "'sets' is required but missing: add it @ $.dose.sets",
        id="missing-key",
    ),
    pytest.param(
        set_at("dose", "weight_kg", 2),
        "unknown key 'weight_kg': remove it or check its spelling (footdrop rejects "
        "keys it does not know rather than drop them) @ $.dose.weight_kg",
        id="unknown-key",
    ),
    pytest.param(
        set_at("steps", 1, 7), "'steps[1]' must be text (got 7) @ $.steps[1]", id="bad-list-item"
    ),
]


class TestBadInput:
    @pytest.mark.parametrize(("change", "expected"), BAD_INPUT)
    def test_bad_exercise_documents(self, change, expected):
        """Each kind of bad input gives one problem naming field, value and JSON path."""
        assert [expected] == problems(eversion_with(change), footdrop.Exercise)

    @pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
    def test_nan_and_infinity_are_refused(self, constant):
        """NaN and Infinity are not JSON numbers footdrop accepts."""
        text = '{"schema_version": 1, "value": ' + constant + "}"
        (found,) = problems(text, footdrop.BorgCR10)
        assert f"{constant} is not valid JSON: write a finite number @ $" == found

    def test_huge_number_is_not_infinity(self):
        """1e999 (read as infinity) is refused where a number belongs."""
        (found,) = problems('{"schema_version": 1, "value": 1e999}', footdrop.BorgCR10)
        assert found.startswith("'value' must be a finite number")

    def test_every_problem_is_reported_at_once(self):
        """Several problems in one document are all listed, each with its path."""
        data = document(EVERSION)
        data["name"] = 5
        data["dose"]["reps"]["max"] = True
        data["colour"] = "red"
        found = problems(json.dumps(data), footdrop.Exercise)
        assert 3 == len(found)
        assert {"$.name", "$.dose.reps.max", "$.colour"} == {p.rsplit(" @ ", 1)[1] for p in found}

    def test_paths_index_lists(self):
        """Problems inside lists carry the index in their path."""
        data = document(footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT))
        data["items"][2]["current"]["reps"] = 0
        found = problems(json.dumps(data), footdrop.Routine)
        assert any(p.endswith("@ $.items[2].current.reps") for p in found)

    def test_top_level_must_be_an_object(self):
        """A JSON array where a model belongs is refused at the root."""
        assert ["the document must be a JSON object for Range @ $"] == problems(
            "[1, 2]", footdrop.Range
        )

    def test_load_errors_are_value_errors(self):
        """DocumentError is also a ValueError."""
        with pytest.raises(ValueError, match="problem"):
            loads('{"schema_version": 1}', footdrop.Range)


class TestSchemaVersion:
    def test_newer_version_is_refused(self):
        """A document from a newer schema asks to upgrade footdrop."""
        text = json.dumps({"schema_version": SCHEMA_VERSION + 1, "min": 1, "max": 2})
        with pytest.raises(SchemaVersionError) as caught:
            loads(text, footdrop.Range)
        assert SCHEMA_VERSION + 1 == caught.value.found
        assert "upgrade footdrop" in str(caught.value)

    @pytest.mark.parametrize("version", [0, -1, "1", 1.0, True, None])
    def test_malformed_version_is_refused(self, version):
        """A version that is not a whole number from 1 is refused."""
        text = json.dumps({"schema_version": version, "min": 1, "max": 2})
        with pytest.raises(SchemaVersionError) as caught:
            loads(text, footdrop.Range)
        assert "$.schema_version" == caught.value.problems[0].path

    def test_missing_version_is_refused(self):
        """A model document without schema_version is refused."""
        with pytest.raises(SchemaVersionError):
            loads('{"min": 1, "max": 2}', footdrop.Range)
