"""Exercise and Provenance: what an exercise is, and where each default number came from."""

from __future__ import annotations

import enum
import re
from typing import Any, Final, final

import attrs

from footdrop._validators import (
    enum_of,
    instance_of,
    optional,
    slug,
    text,
    texts,
    to_member,
    to_tuple,
    tuple_of,
)
from footdrop.exceptions import InvalidValueError
from footdrop.model import _hooks
from footdrop.model._dose import MEASURES, Dose, Timing
from footdrop.model._kinds import (
    Category,
    Laterality,
    Position,
    to_category,
    to_laterality,
    to_position,
)

__all__ = ["DEFAULT_NUMBERS", "Basis", "Exercise", "Illustration", "Provenance"]

#: The dotted names of the numbers an exercise's defaults can hold; each one in
#: use should carry a :class:`Provenance`.
DEFAULT_NUMBERS: Final = (
    "dose.sets",
    *(f"dose.{m}" for m in MEASURES),
    "dose.rest_between_sets_seconds",
    "timing.sessions_per_day",
    "timing.days_per_week",
    "timing.min_spacing_minutes",
)


@final
class Basis(enum.StrEnum):
    """What a default number rests on.

    * ``ARTICLE``: the source article gives the number; ``quote`` shows where.
    * ``GUIDANCE``: a published guideline or study gives it; ``source`` names it.
    * ``ASSUMPTION``: the source is vague or silent, so footdrop chose; ``reason`` says why,
      and ``quote`` keeps the article's own words where it has any.

    .. versionadded:: 0.1.0
    """

    ARTICLE = "article"
    GUIDANCE = "guidance"
    ASSUMPTION = "assumption"


def _to_basis(value: Basis | str) -> Any:
    return to_member(Basis, value)


@final
@attrs.frozen(kw_only=True)
class Provenance:
    """Where one default number of an exercise came from.

    Args:
        field: The dotted name of the number (``"dose.reps"``), one of the names
            :meth:`Exercise.default_numbers` can return.
        basis: Article, guidance or assumption.
        quote: The source's own words, kept short (required for ``ARTICLE``).
        reason: Why this number (required for ``ASSUMPTION`` and ``GUIDANCE``).
        source: The guideline or study (required for ``GUIDANCE``).

    Example:
        >>> from footdrop import Basis, Provenance
        >>> p = Provenance(field="dose.hold_seconds", basis=Basis.ASSUMPTION,
        ...                quote="a few seconds", reason="read as 3-5 s")
        >>> p.is_assumption
        True

    .. versionadded:: 0.1.0
    """

    field: str = attrs.field(validator=instance_of(str, "a dotted field name"))
    basis: Basis = attrs.field(converter=_to_basis, validator=enum_of(Basis))
    quote: str | None = attrs.field(default=None, validator=optional(text(500)))
    reason: str | None = attrs.field(default=None, validator=optional(text(2000)))
    source: str | None = attrs.field(default=None, validator=optional(text(500)))

    def __attrs_post_init__(self) -> None:
        if self.field not in DEFAULT_NUMBERS:
            known = ", ".join(DEFAULT_NUMBERS)
            msg = f"'field' must be one of {known} (got {self.field!r})."
            raise InvalidValueError(msg, field="field", value=self.field)
        if self.basis is Basis.ARTICLE and self.quote is None:
            msg = f"a Provenance based on the article needs a 'quote' ({self.field})."
            raise InvalidValueError(msg, field="quote", value=None, fix="quote the article")
        if self.basis is not Basis.ARTICLE and self.reason is None:
            msg = f"a Provenance based on {self.basis.value} needs a 'reason' ({self.field})."
            raise InvalidValueError(msg, field="reason", value=None, fix="say why")
        if self.basis is Basis.GUIDANCE and self.source is None:
            msg = f"a Provenance based on guidance needs a 'source' ({self.field})."
            raise InvalidValueError(msg, field="source", value=None, fix="name the guideline")

    @property
    def is_assumption(self) -> bool:
        """Whether footdrop chose this number itself."""
        return self.basis is Basis.ASSUMPTION

    def __str__(self) -> str:
        parts = [self.basis.value]
        if self.quote:
            parts.append(f'"{self.quote}"')
        if self.source:
            parts.append(self.source)
        if self.reason:
            parts.append(self.reason)
        head, rest = parts[0], "; ".join(parts[1:])
        return f"{head}: {rest}" if rest else head


# A URL scheme ("https:"), told apart from a Windows drive letter ("C:").
_SCHEME: Final = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")


def _check_source(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    text(2000)(_inst, attribute, value)
    if value != value.strip() or any(ord(c) < 32 or ord(c) == 127 for c in value):
        msg = (
            f"'source' must be a path or URL without spaces around it or control characters "
            f"(got {value!r:.80})."
        )
        raise InvalidValueError(msg, field="source", value=value, fix="remove them")
    match = _SCHEME.match(value)
    if match is not None and match.group(1).lower() not in {"http", "https"}:
        msg = (
            f"'source' must be a file path or an http(s) URL (got the {match.group(1)!r} "
            f"scheme in {value!r:.80}): link to the picture with https:// or give its path."
        )
        raise InvalidValueError(msg, field="source", value=value, fix="use https:// or a path")


@final
@attrs.frozen(kw_only=True)
class Illustration:
    """A picture of an exercise, with the words that stand in for it and its licence.

    Args:
        source: Where the picture is: a file path (relative to the document that
            shows it, or absolute) or an ``http``/``https`` URL. Other schemes
            (``javascript:``, ``data:``, ``file:``) are refused.
        alt: What the picture shows, for screen readers and when it cannot be shown.
        licence: The licence or permission it is shown under (``"CC BY 4.0"``,
            ``"own drawing"``), so a clinic can tell whether it may print it.

    Raises:
        footdrop.exceptions.InvalidValueError: A field is blank or too long, or the
            source has an unsupported scheme.

    Example:
        >>> from footdrop import Illustration
        >>> Illustration(source="img/eversion.png", alt="Soles turning outward",
        ...              licence="CC BY 4.0").is_remote
        False

    .. versionadded:: 0.1.0
    """

    source: str = attrs.field(validator=_check_source)
    alt: str = attrs.field(validator=text(500))
    licence: str = attrs.field(validator=text(200))

    @property
    def is_remote(self) -> bool:
        """Whether the picture is at an http(s) URL rather than a file path."""
        return _SCHEME.match(self.source) is not None


def _value_at(exercise: Exercise, dotted: str) -> Any:
    owner, name = dotted.split(".")
    return getattr(getattr(exercise, owner), name)


@final
@attrs.frozen(kw_only=True)
class Exercise:
    """One exercise of a home programme, with its instructions and default dose.

    Args:
        id: A stable lower-case slug (``"ankle-eversion"``).
        name: The name shown to people.
        category: What it trains.
        position: The body position it starts from.
        laterality: How it uses the two legs.
        steps: The ordered instructions (at least one).
        dose: The default dose (floor to ceiling).
        timing: The default timing.
        equipment: What it needs (``"resistance band"``); empty for none.
        tips: Advice that helps it go well.
        cautions: Safety points (a stable support for balance work, ...).
        target_muscles: The muscles it works.
        is_loaded: Whether it is loaded strength work, which needs 48 hours
            between days for the same muscles (ACSM FITT-VP).
        provenance: Where each default number came from.
        illustrations: Pictures of the exercise (none by default); handouts show
            the first one.

    Raises:
        footdrop.exceptions.InvalidValueError: A field breaks its rule, or provenance
            names a number the defaults do not use, or names one twice.

    Example:
        >>> import footdrop
        >>> eversion = footdrop.catalogue()["ankle-eversion"]
        >>> str(eversion.dose.reps), str(eversion.timing.sessions_per_day)
        ('10-15', '2-3')
        >>> eversion.source_of("dose.reps").basis
        <Basis.ARTICLE: 'article'>

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=slug)
    name: str = attrs.field(validator=text())
    category: Category = attrs.field(converter=to_category, validator=enum_of(Category))
    position: Position = attrs.field(converter=to_position, validator=enum_of(Position))
    laterality: Laterality = attrs.field(converter=to_laterality, validator=enum_of(Laterality))
    steps: tuple[str, ...] = attrs.field(converter=to_tuple, validator=texts(min_items=1))
    dose: Dose = attrs.field(validator=instance_of(Dose, "a Dose"))
    timing: Timing = attrs.field(validator=instance_of(Timing, "a Timing"))
    equipment: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=texts())
    tips: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=texts())
    cautions: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=texts())
    target_muscles: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=texts())
    is_loaded: bool = attrs.field(default=False, validator=instance_of(bool, "True or False"))
    provenance: tuple[Provenance, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(instance_of(Provenance, "a Provenance"), "Provenance"),
    )
    illustrations: tuple[Illustration, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(instance_of(Illustration, "an Illustration")),
    )

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for entry in self.provenance:
            if entry.field in seen:
                msg = f"'provenance' names {entry.field!r} twice: keep one entry per number."
                raise InvalidValueError(msg, field="provenance", value=entry.field)
            seen.add(entry.field)
            if _value_at(self, entry.field) is None:
                msg = (
                    f"'provenance' explains {entry.field!r}, but {self.id!r} does not use it: "
                    "drop the entry or set the number."
                )
                raise InvalidValueError(msg, field="provenance", value=entry.field)

    @property
    def is_sided(self) -> bool:
        """Whether the exercise is done one leg at a time."""
        return self.laterality is Laterality.EACH_SIDE

    def source_of(self, field: str) -> Provenance | None:
        """The provenance of the default number *field* (``"dose.reps"``), or ``None``."""
        for entry in self.provenance:
            if entry.field == field:
                return entry
        return None

    def default_numbers(self) -> tuple[str, ...]:
        """The dotted names of the default numbers this exercise uses.

        ``days_per_week`` and ``min_spacing_minutes`` count only when they say
        something: fewer than 7 days, or spacing between more than one session.
        """
        used = []
        for name in DEFAULT_NUMBERS:
            value = _value_at(self, name)
            if value is None:
                continue
            if name == "timing.days_per_week" and value == 7:
                continue
            if name == "timing.min_spacing_minutes" and self.timing.sessions_per_day.max == 1:
                continue
            if name == "dose.rest_between_sets_seconds" and self.dose.sets.max == 1:
                continue
            used.append(name)
        return tuple(used)

    def missing_provenance(self) -> tuple[str, ...]:
        """The default numbers in use that carry no provenance (empty for the catalogue)."""
        return tuple(n for n in self.default_numbers() if self.source_of(n) is None)

    def _repr_html_(self) -> str:
        """An HTML view for notebooks (see :func:`footdrop.export.html.repr_html`)."""
        return _hooks.html(self)
