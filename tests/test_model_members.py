"""Every collection field of every public model checks the type of each member.

The models and their fields are discovered, not listed: every attrs class that a
public module names in its ``__all__``, and every field whose annotation is a
tuple or a frozenset. A new model or a new collection field is covered without
editing this file.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import pkgutil
import types
import typing
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop.exceptions import FootdropError, InvalidTypeError
from footdrop.testing import strategies as fst


def public_modules() -> list[str]:
    """The package and every module of it whose dotted name has no private part."""
    return ["footdrop"] + [
        info.name
        for info in pkgutil.walk_packages(footdrop.__path__, "footdrop.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]


def public_models() -> list[type[Any]]:
    """Every attrs class defined in footdrop and named in a public module's ``__all__``."""
    found: dict[str, type[Any]] = {}
    for name in public_modules():
        module = importlib.import_module(name)
        for attribute in getattr(module, "__all__", ()):
            obj = getattr(module, attribute)
            if isinstance(obj, type) and attrs.has(obj) and obj.__module__.startswith("footdrop"):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[key] for key in sorted(found)]


def collection_type(hint: Any) -> Any:
    """The member type of a tuple or frozenset annotation (``None`` for other annotations)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        inner = [collection_type(arg) for arg in typing.get_args(hint) if arg is not type(None)]
        return next((member for member in inner if member is not None), None)
    if typing.get_origin(hint) in (tuple, frozenset):
        args = typing.get_args(hint)
        return args[0] if args else Any
    return None


def collection_fields() -> list[tuple[type[Any], attrs.Attribute[Any], Any]]:
    """(model, field, member type) for every collection field of every public model."""
    cases = []
    for model in public_models():
        hints = typing.get_type_hints(model)
        for field in attrs.fields(model):
            member = collection_type(hints[field.name])
            if field.init and member is not None:
                cases.append((model, field, member))
    return cases


CASES = collection_fields()
IDS = [f"{model.__name__}.{field.name}" for model, field, _ in CASES]


def fits(value: Any, hint: Any) -> bool:
    """Whether *value* has the type *hint* (a datetime is no date, a bool no number).

    Text fits a text enum: enum fields take their members' values, so text that
    names no member is a wrong value, not a wrong type.
    """
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(fits(value, arg) for arg in typing.get_args(hint))
    if hint is Any:
        return True
    cls = origin or hint
    if cls is dt.date and isinstance(value, dt.datetime):
        return False
    if cls in (int, float) and isinstance(value, bool):
        return False
    if isinstance(cls, type) and issubclass(cls, enum.StrEnum) and isinstance(value, str):
        return True
    return isinstance(value, cls)


#: Values of many types: for any member type, some of these are of the wrong type.
CANDIDATES = (
    1,
    True,
    2.5,
    1j,
    "x",
    b"x",
    None,
    dt.date(2026, 11, 24),
    dt.datetime(2026, 11, 24, 8, tzinfo=dt.UTC),
    dt.time(8),
    [],
    {},
    object(),
)


def wrong_members(member: Any) -> st.SearchStrategy[Any]:
    """Values that are not of the type *member*."""
    return st.sampled_from([value for value in CANDIDATES if not fits(value, member)])


class TestDiscovery:
    def test_the_models_are_found(self):
        """Discovery finds the models of the package root and of the public modules."""
        names = {model.__name__ for model in public_models()}
        assert {"Plan", "Session", "Prescription", "Routine", "Decision", "Screening"} <= names

    def test_every_collection_field_is_found(self):
        """Discovery finds the collection fields named in the issue, and optional ones too."""
        found = set(IDS)
        assert {"Plan.days", "Session.items", "Prescription.parameters"} <= found
        assert len(found) == len(IDS)


class TestMembers:
    @pytest.mark.parametrize(("model", "field", "member"), CASES, ids=IDS)
    @settings(max_examples=10)
    @given(data=st.data())
    def test_a_wrong_member_is_a_type_error_naming_the_field(self, model, field, member, data):
        """A wrong-typed member raises InvalidTypeError naming the field and its index."""
        assert field.validator is not None, f"{model.__name__}.{field.name} has no validator"
        count = data.draw(st.integers(1, 3), label="count")
        wrong = data.draw(st.lists(wrong_members(member), min_size=count, max_size=count))
        value: Any = field.converter(wrong) if callable(field.converter) else tuple(wrong)
        with pytest.raises(InvalidTypeError) as caught:
            field.validator(None, field, value)
        assert f"{field.name}[0]" == caught.value.field
        assert f"'{field.name}[0]'" in str(caught.value)


REGISTERED = [case for case in CASES if case[0] in fst._REGISTRY]
REGISTERED_IDS = [f"{model.__name__}.{field.name}" for model, field, _ in REGISTERED]


class TestModels:
    def test_models_with_strategies_are_covered(self):
        """The models that have strategies are checked through their constructors too."""
        assert {"Plan.days", "Session.items", "Prescription.parameters"} <= set(REGISTERED_IDS)

    @pytest.mark.parametrize(("model", "field", "member"), REGISTERED, ids=REGISTERED_IDS)
    @settings(max_examples=10)
    @given(data=st.data())
    def test_a_wrong_member_among_valid_ones_is_named(self, model, field, member, data):
        """A wrong-typed member among valid ones makes the constructor name its index."""
        instance = data.draw(st.from_type(model), label="instance")
        members = list(getattr(instance, field.name))
        index = data.draw(st.integers(0, len(members)), label="index")
        members.insert(index, data.draw(wrong_members(member), label="wrong"))
        with pytest.raises(InvalidTypeError) as caught:
            attrs.evolve(instance, **{field.alias or field.name: members})
        assert f"{field.name}[{index}]" == caught.value.field


class TestExamples:
    def test_plan_days(self):
        """Plan(days=[1, 2]) names the first wrong day."""
        with pytest.raises(InvalidTypeError) as caught:
            footdrop.Plan(tz="UTC", days=[1, 2])
        assert "'days[0]' must be a DayPlan (got 1)." == str(caught.value)

    def test_session_items(self):
        """Session(items=[1, "x"]) names the first wrong item."""
        start = dt.datetime(2026, 11, 24, 8, tzinfo=dt.UTC)
        with pytest.raises(InvalidTypeError) as caught:
            footdrop.Session(start=start, end=start + dt.timedelta(minutes=5), items=[1, "x"])
        assert "items[0]" == caught.value.field

    def test_prescription_parameters(self):
        """Prescription(parameters=["junk"]) names the wrong parameter."""
        exercise = footdrop.catalogue()["ankle-eversion"]
        with pytest.raises(InvalidTypeError) as caught:
            footdrop.Prescription(exercise=exercise, parameters=["junk"])
        assert "'parameters[0]' must be a Parameter (got 'junk')." == str(caught.value)

    def test_type_errors_are_still_footdrop_errors(self):
        """InvalidTypeError is caught by FootdropError and TypeError, as before."""
        with pytest.raises(FootdropError):
            footdrop.Plan(tz="UTC", days=[1])
        with pytest.raises(TypeError):
            footdrop.Plan(tz="UTC", days=[1])

    def test_json_names_the_path_of_a_wrong_member(self):
        """Reading JSON with a wrong member reports its JSON path, as before."""
        from footdrop.exceptions import DocumentError
        from footdrop.serialisation import loads

        text = '{"schema_version": 1, "tz": "UTC", "days": [1]}'
        with pytest.raises(DocumentError) as caught:
            loads(text, footdrop.Plan)
        assert ["$.days[0]"] == [problem.path for problem in caught.value.problems]

    def test_registering_a_plain_class_is_a_type_error(self):
        """register_rule on a class that is not an attrs class is a wrong type, saying the fix."""
        from footdrop.progression import register_rule

        class Plain:
            pass

        with pytest.raises(InvalidTypeError, match=r"decorate it with @attrs\.frozen"):
            register_rule("plain-rule")(Plain)

    def test_a_rule_tag_is_a_slug(self):
        """A rule tag follows the one slug rule: a doubled hyphen is refused."""
        from footdrop.exceptions import InvalidValueError
        from footdrop.progression import register_rule

        with pytest.raises(InvalidValueError, match="try 'my-rule'"):
            register_rule("my--rule")
