"""Tests for the fast plan writer and reader: the old path's bytes, results and problems."""

import contextlib
import datetime as dt
import json
import sys
import zoneinfo

import attrs
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import DayPlan, Plan, PlanItem, Session
from footdrop.exceptions import DocumentError
from footdrop.serialisation import _json, _read, _write, dumps, loads, make_converter
from footdrop.serialisation._fast import standard_compact
from footdrop.serialisation._read import NOT_CANONICAL, parse_canonical, read_plan_text
from footdrop.serialisation._strict import parse_strict
from footdrop.testing import strategies as fst

ENGINES = ["json", "orjson"]
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def old_dumps(obj):
    """The document as dumps wrote it before the fast writer: a fresh converter, json.dumps."""
    data = make_converter().unstructure(obj)
    if attrs.has(type(obj)):
        data = {"schema_version": 1, **data}
    return standard_compact(data)


def old_loads(text, model):
    """loads() the ordinary way (no orjson parse, no plan reader, no memo), or its problems."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_json, "sharing", contextlib.nullcontext)
        patch.setattr(_json, "parse_canonical", lambda _text: NOT_CANONICAL)
        patch.setattr(_json, "read_plan", lambda _data, _converter, **_: None)
        patch.setattr(_json, "read_plan_text", lambda _text, _converter, **_: None)
        return loads_or_problems(text, model)


def loads_or_problems(text, model):
    try:
        return loads(text, model)
    except DocumentError as exc:
        return [(p.path, p.message) for p in exc.problems]


def exact(value):
    """What equality leaves out: each session's tzinfo object, fold and wall clock, and more."""
    if not isinstance(value, Plan):
        return value
    return (
        value,
        value.tz,
        value.screening,
        value.affected,
        value.availability,
        [
            (
                day.date,
                day.fallbacks,
                [
                    (
                        *(s.start.tzinfo, s.start.fold, s.start.isoformat()),
                        *(s.end.tzinfo, s.end.fold, s.end.isoformat()),
                        s.items,
                    )
                    for s in day.sessions
                ],
            )
            for day in value.days
        ],
    )


@st.composite
def shared_plans(draw):
    """Plans whose sessions share item tuples (and items), some times held in UTC or offsets."""
    plan = draw(fst.plans(max_days=4))
    pool = draw(st.lists(st.lists(fst.plan_items(), max_size=3).map(tuple), min_size=1))
    # A fixed offset, sometimes with seconds (which orjson alone would not write).
    seconds = draw(
        st.integers(-14 * 60, 14 * 60).map(lambda m: 60 * m) | st.integers(-86399, 86399)
    )
    offset = dt.timezone(dt.timedelta(seconds=seconds))
    days = []
    for day in plan.days:
        sessions = []
        for s in day.sessions:
            zone = draw(st.sampled_from([None, dt.UTC, offset]))
            start, end = (
                (s.start, s.end)
                if zone is None
                else (s.start.astimezone(zone), s.end.astimezone(zone))
            )
            sessions.append(Session(start=start, end=end, items=draw(st.sampled_from(pool))))
        days.append(attrs.evolve(day, sessions=sessions))
    return attrs.evolve(plan, days=days)


def scheduled(weeks):
    day = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
    routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
    return footdrop.schedule(routine, start=dt.date(2026, 3, 23), days=7 * weeks, availability=day)


def paths(data, where=()):
    """Every place in parsed JSON, as key paths."""
    yield where
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*where, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, (*where, i))


#: Values a mistake may put anywhere: wrong types, awkward times and dates, edge years.
ODD_VALUES = [
    None, True, 0, 1, 1.0, -1, 10**30, "", "x", [], {}, [{}], {"a": 1},
    "2027-03-01", "2027-03-01T08:00:00Z", "2027-03-01T08:00:00+05:30",
    "2027-03-01T08:00:00.5+00:00", "0002-01-01T00:30:00+01:00", "0001-12-31T23:00:00-05:00",
    "9998-12-31T23:30:00-05:00", "9999-01-01T00:00:00+00:00", "2027-03-01T08:00:00",
    "2027-W09-1", "Europe/London", "Mars/Olympus", "left", "ankle-eversion",
    # Forms fromisoformat reads but RFC 3339 (and so the converter) does not.
    "2027-03-01 08:00:00+00:00", "2027-03-01T08:00+00:00", "20270301T080000Z",
    "2027-03-01T08:00:00+00:00:30", "2027-060",
    # The number the standard library's one-pass reader puts in place of each cut.
    _read._MARK, _read._MARK_TEXT,
]  # fmt: skip


class TestWriter:
    @pytest.mark.parametrize("engine", ENGINES)
    @SLOW
    @given(plan=shared_plans())
    def test_same_bytes_as_the_old_path(self, engine, plan):
        """dumps(plan) is byte for byte what the plain converter and json.dumps write."""
        assert old_dumps(plan) == dumps(plan, engine=engine)

    @pytest.mark.parametrize("engine", ENGINES)
    @SLOW
    @given(plans=st.lists(shared_plans(), max_size=3))
    def test_lists_of_plans_as_the_old_path(self, engine, plans):
        """A list of plans (sharing items across plans) is written as the old path wrote it."""
        assert old_dumps(plans) == dumps(plans, engine=engine)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_a_scheduled_plan_as_the_old_path(self, engine):
        """A scheduled plan over a clock change, fallbacks and all, is written as before."""
        plan = scheduled(weeks=2)
        assert old_dumps(plan) == dumps(plan, engine=engine)

    @pytest.mark.parametrize("engine", ENGINES)
    @pytest.mark.parametrize(
        ("tz", "year", "offset"),
        [("Europe/London", 1800, "-00:01:15"), ("Africa/Monrovia", 1960, "-00:44:30")],
    )
    def test_an_offset_with_seconds_is_written_in_full(self, engine, tz, year, offset):
        """A local mean time offset keeps its seconds, as isoformat writes them."""
        zone = zoneinfo.ZoneInfo(tz)
        start = dt.datetime(year, 6, 1, 8, tzinfo=zone)
        item = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        session = Session(start=start, end=start + dt.timedelta(minutes=5), items=[item])
        plan = Plan(tz=tz, days=[DayPlan(date=start.date(), sessions=[session])])
        text = dumps(plan, engine=engine)
        assert (old_dumps(plan), True) == (text, f'08:00:00{offset}"' in text)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_times_in_another_tzinfo_are_written_as_isoformat_writes_them(self, engine):
        """A session held in a dateutil zone (no ZoneInfo, no fixed offset) is written as before."""
        from dateutil import tz

        start = dt.datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=tz.gettz("Europe/London"))
        item = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        session = Session(start=start, end=start.replace(minute=35), items=[item])
        plan = Plan(tz="Europe/London", days=[DayPlan(date=start.date(), sessions=[session])])
        text = dumps(plan, engine=engine)
        assert (old_dumps(plan), True) == (text, '"2026-10-25T01:30:00+00:00"' in text)

    @given(moment=fst.aware_datetimes())
    def test_orjson_writes_whole_minute_offsets_as_isoformat(self, moment):
        """The orjson text of an aware datetime whose offset is whole minutes is isoformat's."""
        assert json.dumps(moment.isoformat()).encode() == orjson.dumps(moment)

    @given(
        moment=st.datetimes(
            min_value=dt.datetime(2, 1, 1),
            max_value=dt.datetime(9998, 12, 31),
            timezones=st.just(None),
        ),
        minutes=st.integers(-23 * 60 - 59, 23 * 60 + 59),
    )
    def test_orjson_writes_fixed_offsets_as_isoformat(self, moment, minutes):
        """The same for fixed offsets and microseconds, across the years a session may hold."""
        aware = moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
        assert json.dumps(aware.isoformat()).encode() == orjson.dumps(aware)

    @given(
        moments=st.lists(
            fst.aware_datetimes()
            | st.builds(
                lambda moment, seconds: moment.replace(
                    tzinfo=dt.timezone(dt.timedelta(seconds=seconds))
                ),
                st.datetimes(min_value=dt.datetime(2, 1, 1), max_value=dt.datetime(9998, 12, 31)),
                st.integers(-86399, 86399),
            ),
            max_size=6,
        )
    )
    def test_datetimes_in_one_orjson_call_are_isoformat(self, moments):
        """The batched orjson text of session times is isoformat's, odd offsets included."""
        assert _write.isoformat_all(moments) == _write.orjson_datetimes(orjson)(moments)

    @given(
        zone=st.sampled_from(["Europe/London", "Africa/Monrovia", "Asia/Kolkata", "UTC"]),
        data=st.data(),
    )
    def test_times_in_one_zone_are_isoformat(self, zone, data):
        """All in one zone (the quicker offsets), local mean time's seconds included."""
        moments = data.draw(
            st.lists(
                st.datetimes(
                    min_value=dt.datetime(1800, 1, 1),
                    max_value=dt.datetime(2100, 12, 31),
                    timezones=st.just(zoneinfo.ZoneInfo(zone)),
                ),
                min_size=1,
                max_size=6,
            )
        )
        assert _write.isoformat_all(moments) == _write.orjson_datetimes(orjson)(moments)

    @pytest.mark.parametrize("engine", ENGINES)
    def test_the_memo_lasts_one_call(self, engine):
        """After dumps, even one that failed, no memo is left and plain data is plain again."""
        plan = scheduled(weeks=1)
        dumps(plan, engine=engine)
        with pytest.raises(TypeError, match="not JSON serializable"):
            dumps([plan, object()], engine=engine)
        data = footdrop.serialisation.unstructure(plan)
        assert (None, old_dumps(plan)) == (_write._WRITING.get(), standard_compact(data))

    @pytest.mark.parametrize("engine", ENGINES)
    def test_plans_made_one_after_another_are_each_written_in_full(self, engine):
        """Ids reused by later objects never bring back an earlier call's text."""
        texts = []
        for reps in (10, 11, 12):
            item = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=reps)
            start = dt.datetime(2027, 3, 1, 8, tzinfo=dt.UTC)
            session = Session(start=start, end=start + dt.timedelta(minutes=5), items=(item,))
            plan = Plan(tz="UTC", days=[DayPlan(date=start.date(), sessions=[session])])
            texts.append((old_dumps(plan), dumps(plan, engine=engine)))
            del plan, session, item
        assert [a for a, _ in texts] == [b for _, b in texts]


@contextlib.contextmanager
def orjson_installed(is_installed):
    """Run the block as if orjson were not installed, unless *is_installed*."""
    if is_installed:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "orjson", None)  # import orjson now fails
        yield


class TestReader:
    @pytest.mark.parametrize("has_orjson", [True, False], ids=["orjson", "no-orjson"])
    @SLOW
    @given(plan=shared_plans())
    def test_same_plan_as_the_old_path(self, has_orjson, plan):
        """A plan read back is the old path's, to each session's tzinfo, fold and wall clock."""
        text = dumps(plan)
        with orjson_installed(has_orjson):
            assert exact(old_loads(text, Plan)) == exact(loads_or_problems(text, Plan))

    @pytest.mark.parametrize(
        "odd", [float("nan"), float("inf"), ("left",)], ids=["nan", "infinity", "tuple"]
    )
    def test_data_no_parser_makes_is_not_taken_for_an_earlier_list(self, odd):
        """structure() of Python data: a value orjson would write as another is still refused.

        orjson writes NaN and infinity as null and a tuple as a list, so keying item lists
        by its text would hand this session the first one's (valid) items.
        """
        plan = footdrop.schedule(
            footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT),
            start=dt.date(2026, 1, 5),
            days=1,
            availability=footdrop.Availability.daily(
                start=dt.time(8), end=dt.time(20), tz="Europe/London"
            ),
        )
        data = footdrop.serialisation.unstructure(plan)
        del data["schema_version"]
        sessions = data["days"][0]["sessions"]
        first = json.dumps(sessions[0]["items"])
        sessions[1]["items"] = json.loads(first)
        changed = next(i for i, item in enumerate(sessions[1]["items"]) if item["side"] is None)
        sessions[1]["items"][changed]["side"] = odd
        with pytest.raises(DocumentError) as caught:
            footdrop.serialisation.structure(data, Plan)
        paths = [problem.path for problem in caught.value.problems]
        assert f"$.days[0].sessions[1].items[{changed}].side" in paths

    @pytest.mark.parametrize("has_orjson", [True, False], ids=["orjson", "no-orjson"])
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plan=shared_plans(), data=st.data())
    def test_same_result_or_problems_after_one_change(self, has_orjson, plan, data):
        """One value anywhere changed, a key dropped or added: the old path's result or problems."""
        document = json.loads(dumps(plan))
        where = data.draw(st.sampled_from(list(paths(document))[1:] or [("tz",)]))
        parent = document
        for step in where[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["set", "drop", "add"]))
        if action == "set":
            parent[where[-1]] = data.draw(st.sampled_from(ODD_VALUES))
        elif action == "drop" and isinstance(parent, dict):
            del parent[where[-1]]
        elif isinstance(parent, dict):
            parent["extra"] = 1
        text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
        with orjson_installed(has_orjson):
            assert exact(old_loads(text, Plan)) == exact(loads_or_problems(text, Plan))

    @pytest.mark.parametrize(
        ("start", "end"),
        [
            ("9998-12-31T23:30:00-05:00", "9998-12-31T23:40:00-05:00"),
            ("0002-01-01T00:30:00+05:00", "0002-01-01T00:40:00+05:00"),
            ("0001-12-31T23:00:00-05:00", "0001-12-31T23:10:00-05:00"),
            ("2027-03-01T08:10:00Z", "2027-03-01T08:00:00Z"),
            ("2027-03-01T08:00:00Z", "2027-03-01T09:00:00+01:00"),
        ],
        ids=["into-9999", "into-year-1", "from-year-1", "end-first", "same-instant"],
    )
    def test_times_at_the_edges_are_refused_as_before(self, start, end):
        """Times whose year leaves the range in the plan's zone, or end first: the same problems."""
        document = json.loads(dumps(scheduled(weeks=1)))
        session = document["days"][2]["sessions"][0]
        session["start"], session["end"] = start, end
        text = json.dumps(document)
        expected = old_loads(text, Plan)
        assert (True, expected) == (isinstance(expected, list), loads_or_problems(text, Plan))

    @pytest.mark.parametrize("has_orjson", [True, False], ids=["orjson", "no-orjson"])
    def test_sessions_are_in_the_plan_zone_and_share_items(self, has_orjson):
        """Sessions hold the plan's ZoneInfo; equal item lists are one tuple, items shared."""
        plan = scheduled(weeks=3)
        text = dumps(plan).replace("+00:00", "Z")  # as a server writes UTC
        with orjson_installed(has_orjson):
            back = loads(text, Plan)
        sessions = [s for d in back.days for s in d.sessions]
        items = [i for s in sessions for i in s.items]
        expected = (
            plan,
            {zoneinfo.ZoneInfo("Europe/London")},
            len(set(items)),
            len({s.items for s in sessions}),
        )
        actual = (
            back,
            {s.start.tzinfo for s in sessions} | {s.end.tzinfo for s in sessions},
            len({id(i) for i in items}),
            len({id(s.items) for s in sessions}),
        )
        assert expected == actual

    def test_a_repeated_key_inside_an_item_is_reported_with_its_path(self):
        """A key twice in one item, deep in the plan, is the old path's error at its path."""
        text = dumps(scheduled(weeks=1)).replace('"sets":1,', '"sets":1,"sets":1,', 1)
        expected = old_loads(text, Plan)
        assert (1, expected) == (len(expected), loads_or_problems(text, Plan))
        assert expected[0][0].startswith("$.days[0].sessions[")


class TestOnePassReader:
    def test_a_plan_from_dumps_is_read_in_one_pass(self):
        """dumps(plan) is read in one pass, to the same plan as the old path reads."""
        text = dumps(scheduled(weeks=2))
        with _json.sharing():
            plan = read_plan_text(
                text,
                _json._converter(),
                version_key="schema_version",
                is_readable_version=_json._is_readable,
            )
        assert (False, exact(old_loads(text, Plan))) == (plan is None, exact(plan))

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ('"sets":2', '"sets":[2]'),
            ('"side":"left"', '"side":"\\u006ceft"'),
            ('"start":"', '"start": "'),
            ('"max_session_minutes":45', '"max_session_minutes":45,"items":[1]'),
            ('"items":[{', '"items":[],"unknown":[{'),
            ("]}],", "]},{}],"),
        ],
        ids=["list-in-item", "escaped", "spaced", "items-elsewhere", "extra-key", "empty-session"],
    )
    def test_texts_that_mislead_the_cut_read_as_before(self, old, new):
        """Where cutting out the items goes wrong, the old path's plan or problems, as ever."""
        text = dumps(scheduled(weeks=1))
        assert old in text
        changed = text.replace(old, new, 1)
        assert exact(old_loads(changed, Plan)) == exact(loads_or_problems(changed, Plan))

    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ('"side":"left"', '"side":"\\u006ceft"'),
            ('"exercise_id":"ankle-eversion"', '"exercise_id":"ankle\\u002deversion"'),
            ('"sets":1', '"sets":1E0'),
        ],
        ids=["escaped-side", "escaped-id", "exponent"],
    )
    def test_a_compact_text_orjson_would_write_otherwise_takes_the_standard_pass(
        self, monkeypatch, old, new
    ):
        """With orjson installed, a text not its own is read by the standard one pass, as before."""
        text = dumps(scheduled(weeks=1))
        assert old in text
        changed = text.replace(old, new)
        calls = []
        standard = _read._read_plan_standard
        monkeypatch.setattr(
            _read, "_read_plan_standard", lambda *a: calls.append(1) or standard(*a)
        )
        got = loads_or_problems(changed, Plan)
        assert calls == [1]
        assert exact(got) == exact(old_loads(changed, Plan))

    def test_items_before_the_times_are_read_as_before(self):
        """A session whose items come first (not as dumps writes it): the same plan."""
        document = json.loads(dumps(scheduled(weeks=1)))
        session = document["days"][1]["sessions"][0]
        document["days"][1]["sessions"][0] = {"items": session["items"], **session}
        text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
        assert exact(old_loads(text, Plan)) == exact(loads_or_problems(text, Plan))


class TestCanonicalParse:
    @given(data=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=10,
    ))  # fmt: skip
    def test_kept_only_when_the_standard_library_reads_the_same(self, data):
        """The orjson parse is kept only if json.loads gives the same values of the same types."""
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        parsed = parse_canonical(text)
        if parsed is not NOT_CANONICAL:
            assert repr(json.loads(text)) == repr(parsed)

    @pytest.mark.parametrize(
        "text",
        [
            '{"a":1,"a":1}',
            '{"a":NaN}',
            '{"a":Infinity}',
            '["\\ud800"]',
            "[123456789012345678901234567890]",
            '{"a": 1}',
            "\ufeff[1]",
            '["\ud800"]',
            "[1e400]",
            "",
        ],
        ids=[
            "repeated",
            "nan",
            "infinity",
            "lone-escape",
            "huge",
            "spaced",
            "bom",
            "lone",
            "inf",
            "empty",
        ],
    )
    def test_what_the_strict_parser_must_judge_is_left_to_it(self, text):
        """Repeated keys, NaN, surrogates, huge numbers, other spellings: the standard library's."""
        assert NOT_CANONICAL is parse_canonical(text)

    def test_the_compact_documents_of_dumps_are_canonical(self):
        """What dumps writes for a plan is read by orjson, the same as json.loads reads it."""
        text = dumps(scheduled(weeks=1))
        assert json.loads(text) == parse_canonical(text) == parse_canonical(text.encode())


class TestModelsAsTheReaderKnowsThem:
    def test_the_checks_the_reader_applies_are_the_models(self):
        """Session's and DayPlan's fields and checks are those serialisation/_read.py applies.

        If this fails, a model's checks changed: make the reader apply them too.
        """

        def checks(cls):
            return [(a.name, getattr(a.validator, "__qualname__", None)) for a in attrs.fields(cls)]

        expected = (
            [("start", "_aware"), ("end", "_aware"), ("items", "tuple_of.<locals>.validate")],
            [
                ("date", "date_only"),
                ("sessions", "tuple_of.<locals>.validate"),
                ("fallbacks", "tuple_of.<locals>.validate"),
            ],
            True,
            False,
        )
        actual = (
            checks(Session),
            checks(DayPlan),
            hasattr(Session, "__attrs_post_init__"),
            hasattr(DayPlan, "__attrs_post_init__"),
        )
        assert expected == actual


def standard_one_pass(text):
    """read_plan_text with orjson hidden: the standard library's one-pass plan, or None."""
    with orjson_installed(is_installed=False), _json.sharing():
        return read_plan_text(
            text,
            _json._converter(),
            version_key="schema_version",
            is_readable_version=_json._is_readable,
        )


def _ordinary_loads(text):
    """loads() as today without the one-pass reader (sharing and the plan reader kept)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_json, "read_plan_text", lambda _text, _converter, **_: None)
        return loads(text, Plan)


def as_before_without_orjson(text):
    """The old path's and today's loads() with orjson hidden, and the one-pass plan or None."""
    with orjson_installed(is_installed=False):
        return exact(old_loads(text, Plan)), exact(loads_or_problems(text, Plan))


def with_fallback(text, reason):
    """*text* (a plan document) with a fallback on its first day whose reason is *reason*."""
    document = json.loads(text)
    day = document["days"][0]
    day["fallbacks"] = [
        {
            "on": day["date"],
            "exercise_id": "ankle-inversion",
            "lever": "sets",
            "wanted": 2,
            "planned": 1,
            "reason": reason,
        }
    ]
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


#: Changes to a compact plan document that mislead or test the cut: (old, new, count).
ADVERSARIAL = {
    "repeated-key-in-items": ('"sets":2,', '"sets":2,"sets":2,', 1),
    "repeated-key-in-every-items": ('"sets":2,', '"sets":2,"sets":2,', -1),
    "repeated-key-in-a-session": ('"end":', '"end":"2026-03-23T09:00:00+00:00","end":', 1),
    "repeated-key-at-the-top": ('"affected":', '"tz":"Europe/London","affected":', 1),
    "repeated-key-in-a-day": ('"fallbacks":[]', '"fallbacks":[],"fallbacks":[]', 1),
    "repeated-key-in-availability": (
        '"min_rest_minutes":60',
        '"min_rest_minutes":60,"min_rest_minutes":60',
        1,
    ),
    "nan-in-items": ('"sets":2', '"sets":NaN', 1),
    "infinity-in-items": ('"hold_seconds":2', '"hold_seconds":-Infinity', 1),
    "nan-outside-items": ('"max_session_minutes":45', '"max_session_minutes":NaN', 1),
    "bracket-in-an-item-string": ('"side":"left"', '"side":"le]ft"', 1),
    "escaped-cut-in-an-item-string": ('"side":"left"', '"side":"l,\\"items\\":[{}]}"', 1),
    "mark-in-an-item-string": ('"side":"left"', f'"side":"{_read._MARK_TEXT}"', 1),
    "mark-as-an-item-number": ('"sets":2', f'"sets":{_read._MARK_TEXT}', 1),
    "mark-as-a-session's-items": ('"items":[{', f'"items":{_read._MARK_TEXT},"x":[{{', 1),
    "mark-outside-items": ('"max_session_minutes":45', f'"max_session_minutes":{_read._MARK}', 1),
    "mark-as-a-key": ('"affected":', f'"{_read._MARK_TEXT}":1,"affected":', 1),
    "extra-key-after-items": ("]}],", '],"x":1}],', 1),
    "extra-key-before-items": (',"items":[', ',"x":1,"items":[', 1),
    "extra-key-at-the-top": ('"affected":', '"x":{"a":1,"items":[]},"affected":', 1),
    "items-in-availability": ('"skipped_dates":[]', '"skipped_dates":[],"items":[]', 1),
    "items-object-in-a-day": ('"fallbacks":[]', '"fallbacks":[],"x":{"y":1,"items":[{}]}', 1),
    "session-without-items": (',"items":[', ',"x":[', 1),
    "items-twice": ('"items":[{', '"items":[],"items":[{', 1),
    "items-first": ('{"start":', '{"items":[],"start":', 1),
    "spaces-in-items": ('"sets":2,', '"sets": 2, ', -1),
    "newlines-in-items": ("},{", "},\n{", -1),
    "spaces-around-items": (',"items":[', ', "items" : [', 1),
    "server-utc": ("+00:00", "Z", -1),
    "unicode-escape-in-items": ('"side":"left"', '"side":"\\u006ceft"', -1),
    "unicode-escape-in-one-items": ('"side":"left"', '"side":"\\u006ceft"', 1),
    "control-character-in-items": ('"side":"left"', '"side":"le\x01ft"', 1),
    "broken-items": ('"items":[{', '"items":[{,', 1),
    "unclosed-items": ("]}],", "}],", 1),
    "items-as-a-number": ('"items":[{', '"items":0,"x":[{', 1),
    "a-day-as-a-list": ('"days":[', '"days":[[],', 1),
    "sessions-as-an-object": ('"sessions":[', '"sessions":{"a":1},"x":[', 1),
    "no-version": ('{"schema_version":1,', "{", 1),
    "newer-version": ('{"schema_version":1,', '{"schema_version":2,', 1),
    "boolean-version": ('{"schema_version":1,', '{"schema_version":true,', 1),
    "trailing-text": ("}}", "}}x", -1),
}


#: A cut the regular expression finds outside any session.
EXTRA_CUT = '"x":{"a":1,"items":[]},"affected":'


class TestStandardOnePassReader:
    """Without orjson, a plan as dumps writes it is read in one pass, as ever read."""

    def test_a_plan_from_dumps_is_read_in_one_pass(self):
        """dumps(plan) without orjson: read in one pass, to exactly the old path's plan."""
        text = dumps(scheduled(weeks=2))
        expected, _ = as_before_without_orjson(text)
        plan = standard_one_pass(text)
        assert (False, expected) == (plan is None, exact(plan))

    @pytest.mark.parametrize("kind", [str, bytes, bytearray])
    def test_text_and_utf8_bytes_are_read_alike(self, kind):
        """str, bytes and bytearray documents: the same plan in one pass."""
        text = with_fallback(dumps(scheduled(weeks=1)), "Zu müde: weniger Sätze")
        document = text if kind is str else kind(text.encode())
        expected, actual = as_before_without_orjson(document)
        assert (False, expected) == (standard_one_pass(document) is None, actual)

    def test_bytes_that_are_not_utf8_are_refused_as_before(self):
        """Bytes that are no UTF-8: the old path's problem, and no one-pass plan."""
        document = dumps(scheduled(weeks=1)).encode().replace(b'"left"', b'"l\xffft"', 1)
        expected, actual = as_before_without_orjson(document)
        assert (True, True, expected) == (
            standard_one_pass(document) is None,
            isinstance(expected, list),
            actual,
        )

    def test_each_distinct_items_text_is_parsed_once(self, monkeypatch):
        """The rest of the document once, each distinct items text once; equal texts share."""
        text = dumps(scheduled(weeks=2))
        calls = []

        def counted(piece):
            calls.append(piece)
            return parse_strict(piece)

        monkeypatch.setattr(_read, "parse_strict", counted)
        plan = standard_one_pass(text)
        items_texts = set(_read._SESSION_ITEMS_TEXT.findall(text))
        sessions = [s for d in plan.days for s in d.sessions]
        assert (1 + len(items_texts), len(items_texts)) == (
            len(calls),
            len({id(s.items) for s in sessions}),
        )

    @pytest.mark.parametrize("change", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
    def test_documents_that_mislead_the_cut_read_as_before(self, change):
        """Repeated keys, NaN, marks, brackets, extra keys, spaces: the old path's result."""
        old, new, count = change
        text = dumps(scheduled(weeks=1))
        assert old in text
        changed = text.replace(old, new, count)
        expected, actual = as_before_without_orjson(changed)
        assert expected == actual
        if isinstance(expected, list):  # refused: the one-pass reader gave up, raising nothing
            assert standard_one_pass(changed) is None

    def test_a_cut_moved_to_another_object_is_caught(self):
        """As many cuts as sessions and marks as cuts, but one session's items no mark: as before.

        The first session's items are not cut (a bracket in a string), a top-level
        object's are; only the check of every session's items finds it out.
        """
        text = dumps(scheduled(weeks=1)).replace('"side":"left"', '"side":"le]ft"', 1)
        changed = text.replace('"affected":', '"x":{"a":1,"items":[]},"affected":', 1)
        parts = _read._SESSION_ITEMS_TEXT.split(changed)
        rest = _read._MARK_ITEMS.join(parts[0::2])
        sessions = sum(len(day["sessions"]) for day in json.loads(changed)["days"])
        expected, actual = as_before_without_orjson(changed)
        assert (sessions, sessions, True, None, expected) == (
            len(parts[1::2]),
            rest.count(_read._MARK_TEXT),
            isinstance(expected, list),
            standard_one_pass(changed),
            actual,
        )

    @pytest.mark.parametrize(
        "changes",
        [
            [('"side":"left"', '"side":"le]ft"')],
            [('"affected":', EXTRA_CUT)],
            [('"side":"left"', '"side":"le]ft"'), ('"affected":', EXTRA_CUT)],
            [('"items":[{', '"items":0,"x":[{'), ('"affected":', EXTRA_CUT)],
            [('"items":[{', f'"items":{_read._MARK},"x":[{{')],
            [('"items":[{', f'"items":{_read._MARK}.0,"x":[{{')],
            [('"items":[{', f'"items":"{_read._MARK}","x":[{{')],
            [('"affected":', f'"x":{_read._MARK},"affected":')],
            [('"sets":2,', '"sets":2,"sets":2,')],
            [('"min_rest_minutes":60', '"min_rest_minutes":60,"min_rest_minutes":60')],
            [('"sets":2', '"sets":NaN')],
            [('"days":[', '"days":[{"date":"2026-03-22","sessions":[{"items":0}]},')],
        ],
        ids=[
            "uncut-session", "extra-cut", "moved-cut", "moved-cut-number", "mark-as-items",
            "mark-as-a-float", "mark-as-a-string", "mark-elsewhere", "repeated-in-items",
            "repeated-elsewhere", "nan", "uncut-day",
        ],
    )  # fmt: skip
    def test_what_is_not_proved_is_never_read(self, monkeypatch, changes):
        """Each check of the proof on its own: the plan reader is not even called."""
        text = dumps(scheduled(weeks=1))
        calls = []
        monkeypatch.setattr(_read, "_read_plan", lambda *args: calls.append(args))
        standard_one_pass(text)
        for old, new in changes:
            assert old in text
            text = text.replace(old, new, 1)
        standard_one_pass(text)
        assert 1 == len(calls)

    def test_equal_items_written_differently_share_one_tuple(self):
        """Items written two ways (an escape in one copy) are still one tuple, as before."""
        text = dumps(scheduled(weeks=1)).replace('"side":"left"', '"side":"\\u006ceft"', 1)
        with orjson_installed(is_installed=False):
            ordinary = _ordinary_loads(text)
            back = loads(text, Plan)

        def shared(plan):
            return len({id(s.items) for d in plan.days for s in d.sessions})

        assert (False, exact(ordinary), shared(ordinary)) == (
            standard_one_pass(text) is None,
            exact(back),
            shared(back),
        )

    @pytest.mark.parametrize(
        "reason",
        [
            _read._MARK_TEXT,
            f"see {_read._MARK}",
            ',"items":[{"a":1}]}',
            '"items":[]}',
            "]]]",
            "\\",
            '\\",\\"items\\":[',
        ],
    )
    def test_free_text_outside_items_reads_as_before(self, reason):
        """A fallback's reason holding the mark, brackets or cut-like text: the same plan."""
        text = with_fallback(dumps(scheduled(weeks=1)), reason)
        expected, actual = as_before_without_orjson(text)
        assert (False, expected) == (isinstance(expected, list), actual)
        if _read._MARK_TEXT in reason:  # the mark in the rest: not proved, so not taken
            assert standard_one_pass(text) is None

    def test_a_plan_without_sessions_is_left_to_the_ordinary_path(self):
        """Nothing to cut: the ordinary path reads it, to the same plan."""
        plan = attrs.evolve(
            scheduled(weeks=1), days=[DayPlan(date=dt.date(2026, 3, 23), sessions=())]
        )
        text = dumps(plan)
        expected, actual = as_before_without_orjson(text)
        assert (True, plan, expected) == (standard_one_pass(text) is None, actual[0], actual)

    def test_the_mark_is_spelt_one_way_and_never_overlaps_itself(self):
        """The mark's text is the only JSON for its number, and no start of it is also its end."""
        mark = _read._MARK_TEXT
        borders = [k for k in range(1, len(mark)) if mark[:k] == mark[-k:]]
        assert (_read._MARK, int, [], mark) == (
            json.loads(mark),
            type(json.loads(mark)),
            borders,
            str(_read._MARK),
        )

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plan=shared_plans(), data=st.data())
    def test_same_result_or_problems_after_a_change_to_the_text(self, plan, data):
        """A piece of JSON syntax, the mark or a cut put anywhere in the text: as before."""
        text = dumps(plan)
        where = data.draw(st.integers(0, len(text)))
        span = data.draw(st.integers(0, 3))
        piece = data.draw(
            st.sampled_from(
                [
                    "", '"', "\\", "[", "]", "{", "}", ",", ":", " ", "0", "1", "NaN",
                    _read._MARK_TEXT, f'"{_read._MARK_TEXT}"', ',"items":[]}', ',"items":[',
                    '"items":', ',"a":1', ',"sets":1',
                ]
            )
        )  # fmt: skip
        changed = text[:where] + piece + text[where + span :]
        expected, actual = as_before_without_orjson(changed)
        assert expected == actual
