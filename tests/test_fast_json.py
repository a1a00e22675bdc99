"""Tests for footdrop.serialisation's compact writers and shared work: same text, same errors."""

import contextlib
import datetime as dt
import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import footdrop
from footdrop.exceptions import DocumentError, InvalidValueError, MissingExtraError
from footdrop.serialisation import _json, dumps, loads, unstructure
from footdrop.serialisation._fast import compact, standard_compact
from footdrop.serialisation._read import NOT_CANONICAL
from footdrop.testing import strategies as fst

#: Text that the standard library and orjson escape alike: non-ASCII, controls, quotes.
TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
#: Floats whose shortest repr orjson and the standard library write differently (1e-05).
AWKWARD_FLOATS = st.sampled_from([1e-05, 1.5e-07, 1e16, 1e22, 5e-324, -0.0, 0.1, 123456.789])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too: orjson cannot write them, the standard path can
    | st.floats(allow_nan=False, allow_infinity=False)
    | AWKWARD_FLOATS
    | TEXT
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=16,
)
START = dt.date(2026, 1, 5)
DAY = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")


def reference(obj):
    """The document as the standard library writes it in one line: the text dumps must match."""
    return standard_compact(unstructure(obj))


def scheduled(weeks):
    routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
    return footdrop.schedule(routine, start=START, days=7 * weeks, availability=DAY)


def loads_without_sharing(text, model):
    """loads() the ordinary way: no memo, no orjson parse, no plan reader.

    The behaviour that sharing, orjson and the plan reader must not change.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_json, "sharing", contextlib.nullcontext)
        patch.setattr(_json, "parse_canonical", lambda _text: NOT_CANONICAL)
        patch.setattr(_json, "read_plan", lambda _data, _converter, **_: None)
        patch.setattr(_json, "read_plan_text", lambda _text, _converter, **_: None)
        try:
            return loads(text, model)
        except DocumentError as exc:
            return [str(p) for p in exc.problems]


def loads_or_problems(text, model):
    try:
        return loads(text, model)
    except DocumentError as exc:
        return [str(p) for p in exc.problems]


class TestCompactByDefault:
    def test_default_is_one_line_without_spaces(self):
        """dumps() writes compact JSON unless an indent is asked for."""
        assert '{"schema_version":1,"min":10,"max":15}' == dumps(footdrop.Range(min=10, max=15))

    def test_indent_gives_readable_json(self):
        """dumps(indent=2) writes the readable, indented document."""
        expected = '{\n  "schema_version": 1,\n  "min": 10,\n  "max": 15\n}'
        assert expected == dumps(footdrop.Range(min=10, max=15), indent=2)

    @pytest.mark.parametrize("engine", ["json", "orjson"])
    @pytest.mark.parametrize("model", fst.MODELS, ids=lambda m: m.__name__)
    @settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_every_model_is_written_as_the_standard_library_would(self, engine, model, data):
        """dumps(x) is, character for character, the standard library's compact JSON of x."""
        value = data.draw(st.from_type(model))
        assert reference(value) == dumps(value, engine=engine)

    @pytest.mark.parametrize("engine", ["json", "orjson"])
    @given(
        value=st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)
        | AWKWARD_FLOATS.filter(lambda f: abs(f) <= 1e9),
        name=fst.texts(),
    )
    def test_awkward_floats_are_written_as_their_repr(self, engine, value, name):
        """A float that orjson alone would write otherwise (1e-05) is written as repr writes it."""
        parameter = footdrop.Parameter(name=name, value=value, unit="mA")
        assert reference(parameter) == dumps(parameter, engine=engine)
        assert repr(value) in dumps(parameter, engine=engine)

    @pytest.mark.parametrize("engine", ["json", "orjson"])
    def test_a_scheduled_plan_that_shares_items(self, engine):
        """A plan whose days share item tuples is written in full, as the standard library would."""
        plan = scheduled(weeks=3)
        assert reference(plan) == dumps(plan, engine=engine)
        assert plan == loads(dumps(plan, engine=engine), footdrop.Plan)

    @pytest.mark.parametrize("engine", ["json", "orjson"])
    def test_list_of_models(self, engine):
        """A list of models is written as an array of their bodies, the same either way."""
        ranges = [footdrop.Range(min=1, max=2), footdrop.Range(min=3, max=3)]
        assert '[{"min":1,"max":2},{"min":3,"max":3}]' == dumps(ranges, engine=engine)

    def test_unknown_engine_is_refused(self):
        """An engine dumps does not know is an InvalidValueError naming it."""
        with pytest.raises(InvalidValueError, match="'engine' must be 'auto', 'json' or 'orjson'"):
            dumps(footdrop.Range(min=1, max=2), engine="simplejson")

    def test_orjson_missing_is_named(self, monkeypatch):
        """engine='orjson' without orjson installed names the extra to install."""
        monkeypatch.setattr(_json, "_ORJSON", None)
        monkeypatch.setitem(sys.modules, "orjson", None)
        with pytest.raises(MissingExtraError, match=r"footdrop\[fast\]") as caught:
            dumps(footdrop.Range(min=1, max=2), engine="orjson")
        assert "fast" == caught.value.extra

    def test_auto_without_orjson_uses_the_standard_library(self, monkeypatch):
        """engine='auto' falls back to the standard library when orjson is missing."""
        monkeypatch.setattr(_json, "_ORJSON", None)
        monkeypatch.setitem(sys.modules, "orjson", None)
        assert '{"schema_version":1,"min":1,"max":2}' == dumps(footdrop.Range(min=1, max=2))


class TestCompactWriter:
    @given(JSON)
    def test_same_text_as_the_standard_library(self, data):
        """compact(data) == json.dumps(data, compact, ensure_ascii=False) for any JSON data."""
        assert standard_compact(data) == compact(data)

    @given(st.lists(st.dictionaries(TEXT, SCALARS, max_size=3), min_size=1, max_size=3))
    def test_shared_containers_are_written_each_time(self, members):
        """A container that appears many times is written in full at each place."""
        data = {"a": members, "b": members, "c": [members, members]}
        assert standard_compact(data) == compact(data)

    @pytest.mark.parametrize(
        "data",
        [{"x": float("nan")}, [float("inf")], {1: "int key"}, {"x": {1, 2}}, "\ud800"],
        ids=["nan", "infinity", "int-key", "set", "lone-surrogate"],
    )
    def test_unusual_values_behave_as_in_the_standard_library(self, data):
        """NaN, non-text keys and other values the writer leaves to json get json's behaviour."""
        try:
            expected = standard_compact(data)
        except (TypeError, ValueError) as exc:
            with pytest.raises(type(exc), match=str(exc)[:20]):
                compact(data)
        else:
            assert expected == compact(data)


WEEK = dumps(scheduled(weeks=1))


class TestLoadsShares:
    def test_identical_items_are_built_once(self):
        """loads() builds each distinct item of a plan once and shares it, as schedule() does."""
        plan = scheduled(weeks=4)
        back = loads(dumps(plan), footdrop.Plan)
        items = [i for d in back.days for s in d.sessions for i in s.items]
        assert len(set(items)) == len({id(i) for i in items})
        assert plan == back

    def test_identical_item_lists_are_one_tuple(self):
        """Sessions with the same items share one tuple after loading."""
        plan = scheduled(weeks=2)
        back = loads(dumps(plan), footdrop.Plan)
        lists = [s.items for d in back.days for s in d.sessions]
        assert len(set(lists)) == len({id(t) for t in lists})

    def test_a_mistake_in_one_copy_is_reported_there(self):
        """A broken copy of a shared item is reported at its own path, the others still shared."""
        plan = scheduled(weeks=1)
        data = json.loads(dumps(plan))
        data["days"][3]["sessions"][1]["items"][0]["sets"] = True
        with pytest.raises(DocumentError) as caught:
            loads(json.dumps(data), footdrop.Plan)
        expected = "'sets' must be a whole number (got True) @ $.days[3].sessions[1].items[0].sets"
        assert [expected] == [str(p) for p in caught.value.problems]

    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(
        where=st.tuples(st.integers(0, 6), st.integers(0, 3), st.integers(0, 8)),
        field=st.sampled_from(["sets", "reps", "side", "exercise_id", "hold_seconds", "extra"]),
        value=st.sampled_from(
            [1, 1.0, 2, 2.0, 10, 10.0, 60.0, True, False, 0, None, "1", "left", [], {}, 10**30]
        ),
    )
    def test_same_result_or_problems_with_and_without_sharing(self, where, field, value):
        """Changing one value of one copy gives the same plan or the same problems as before."""
        data = json.loads(WEEK)
        day, session, item = where
        sessions = data["days"][day]["sessions"]
        items = sessions[session % len(sessions)]["items"]
        items[item % len(items)][field] = value
        text = json.dumps(data)
        assert loads_without_sharing(text, footdrop.Plan) == loads_or_problems(text, footdrop.Plan)
