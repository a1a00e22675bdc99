"""The progression-rule protocol and the registry that lets rules travel in JSON.

This module sits low in the package so that :class:`footdrop.Routine` can hold
rules without importing :mod:`footdrop.progression`. The public names are
re-exported from :mod:`footdrop.progression`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar, runtime_checkable

import attrs

from footdrop._validators import check_slug
from footdrop.exceptions import InvalidTypeError, InvalidValueError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence

    from footdrop.model._log import ExerciseLog
    from footdrop.model._routine import Prescription

__all__ = [
    "ENTRY_POINT_GROUP",
    "ProgressionRule",
    "RegressionRule",
    "is_registered_rule",
    "register_rule",
    "rule_class",
    "rule_tag",
]

R = TypeVar("R", bound=type[Any])

_BY_TAG: dict[str, type[Any]] = {}
_BY_CLASS: dict[type[Any], str] = {}


@runtime_checkable
class ProgressionRule(Protocol):
    """What a progression rule is: an immutable object that proposes one change.

    A rule looks at one prescription and the logs for its exercise, and
    proposes at most one change (a ``footdrop.progression.Proposal``) or
    ``None``. The engine in :func:`footdrop.progression.progress` decides
    whether a proposal is applied; a rule never changes anything itself.

    Rules are attrs classes registered with :func:`register_rule`, so a
    routine's rules serialise with a ``"rule"`` tag.

    .. versionadded:: 0.1.0
    """

    def propose(
        self, prescription: Prescription, history: Sequence[ExerciseLog], *, on: dt.date
    ) -> Any:
        """Return a ``Proposal`` or ``None``."""
        ...


@runtime_checkable
class RegressionRule(Protocol):
    """A rule that also says how to step down one level when the pain or fall gate closes.

    When a log since the last change shows pain above 5/10, next-morning pain
    above the routine's baseline, or a fall, the engine blocks progression and
    calls ``step_down`` on the first rule that has one (the built-in
    ``footdrop.progression.Regression`` if none does). The proposal must make
    one lever easier and never go below the floor; ``None`` means the
    prescription is already at its floor.

    .. versionadded:: 0.1.0
    """

    def step_down(
        self, prescription: Prescription, history: Sequence[ExerciseLog], *, on: dt.date
    ) -> Any:
        """Return a ``Proposal`` one level easier, or ``None`` at the floor."""
        ...


def register_rule(tag: str) -> Callable[[R], R]:
    """Register an attrs rule class under *tag*, so it serialises in a routine's JSON.

    Args:
        tag: A stable lower-case slug (``"double-progression"``); it is written to JSON.

    Raises:
        footdrop.exceptions.InvalidValueError: The tag is not a slug, or is taken by
            another class.
        footdrop.exceptions.InvalidTypeError: What is decorated is not an attrs class.

    Example:
        >>> import attrs
        >>> from footdrop.progression import register_rule
        >>> @register_rule("example-never")
        ... @attrs.frozen
        ... class Never:
        ...     def propose(self, prescription, history, *, on):
        ...         return None

    .. versionadded:: 0.1.0
    """
    check_slug("tag", tag, example="my-rule")

    def register(cls: R) -> R:
        candidate: object = cls
        if not isinstance(candidate, type) or not attrs.has(candidate):
            name = getattr(candidate, "__name__", repr(candidate))
            msg = (
                f"{name} must be an attrs class to be registered as rule {tag!r}: "
                "decorate it with @attrs.frozen."
            )
            raise InvalidTypeError(msg, field="rule", value=cls, expected="an attrs class")
        owner = _BY_TAG.get(tag)
        if owner is not None and owner.__qualname__ != cls.__qualname__:
            msg = f"the rule tag {tag!r} is already taken by {owner.__qualname__}: choose another."
            raise InvalidValueError(msg, field="tag", value=tag)
        _BY_TAG[tag] = cls
        _BY_CLASS[cls] = tag
        return cls

    return register


def is_registered_rule(cls: object) -> bool:
    """Whether *cls* is a class registered with :func:`register_rule`."""
    return isinstance(cls, type) and cls in _BY_CLASS


def rule_tag(rule: object) -> str:
    """The tag *rule*'s class was registered under.

    Raises:
        footdrop.exceptions.InvalidValueError: The class was never registered.
    """
    try:
        return _BY_CLASS[type(rule)]
    except KeyError:
        msg = (
            f"{type(rule).__qualname__} is not a registered progression rule: "
            "decorate it with @footdrop.progression.register_rule('your-tag')."
        )
        raise InvalidValueError(msg, field="rules", value=rule) from None


#: The entry-point group through which packages declare the rules they register.
ENTRY_POINT_GROUP: Final = "footdrop.rules"


def _declared_rules() -> dict[str, Any]:
    """The ``footdrop.rules`` entry points of every installed distribution, by tag."""
    from importlib.metadata import entry_points  # noqa: PLC0415 - only when a tag is unknown

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def rule_class(tag: str) -> type[Any]:
    """The class registered under *tag*, loading it through its entry point if need be.

    Rules register themselves when their module is imported. A tag not yet
    registered is looked up in the ``footdrop.rules`` entry-point group, where
    footdrop declares its built-in rules and other packages may declare theirs
    (``my-rule = "my_package.rules:MyRule"``), so a routine that names a rule
    reads back without its module having been imported first.

    Raises:
        footdrop.exceptions.InvalidValueError: No class has that tag, installed or registered.
    """
    if tag not in _BY_TAG:
        entry = _declared_rules().get(tag)
        if entry is not None:
            loaded = entry.load()
            if _BY_CLASS.get(loaded) != tag:
                msg = (
                    f"the entry point {entry.value!r} in group {ENTRY_POINT_GROUP!r} names rule "
                    f"{tag!r}, but the object it loads is not registered under that tag: "
                    f"decorate it with @footdrop.progression.register_rule({tag!r})."
                )
                raise InvalidValueError(msg, field="rule", value=tag)
    try:
        return _BY_TAG[tag]
    except KeyError:
        known = ", ".join(repr(t) for t in sorted({*_BY_TAG, *_declared_rules()})) or "none yet"
        msg = f"unknown rule tag {tag!r}: the registered tags are {known}."
        raise InvalidValueError(msg, field="rule", value=tag) from None
