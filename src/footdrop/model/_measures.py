"""The measures of a dose, declared once: sets, reps, hold seconds, letters, rounds, steps.

:data:`TABLE` holds one :class:`Measure` row per number a dose can ask for. Everything
that handles these numbers reads the table rather than spelling them out:
:class:`~footdrop.Dose`, :class:`~footdrop.Level` and :class:`~footdrop.PlanItem` take
their limits and checks from it, :meth:`footdrop.Dose.floor` and
:attr:`footdrop.Prescription.ceiling` walk it, the plain-language wording
(:mod:`footdrop.export.text`), the DataFrame columns (:mod:`footdrop.export.frame`), the FHIR
mapping and the plan checker's dose rules iterate over it.

A new measure is one row here plus one attrs field on ``Dose``, ``Level`` and
``PlanItem`` (cattrs and the JSON Schemas read fields, not tables);
``tests/test_measures.py`` fails until the callers agree with the table.

The balance support ladder is not a row: it is a rung (:class:`~footdrop.SupportLevel`),
not a number, and has its own type for ranges (:class:`~footdrop.SupportRange`).
Its plain-language words (:data:`SUPPORT_WORDS`) live here too, so that a plan item is
worded by the model layer alone (:meth:`footdrop.PlanItem.to_text`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, final

import attrs

from footdrop.model._kinds import SupportLevel
from footdrop.model._range import Range

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "COUNTS",
    "OPTIONAL",
    "SUPPORT_WORDS",
    "TABLE",
    "Measure",
    "Wording",
    "by_name",
    "dose_words",
]

#: How a measure is said: ``count`` ("10 reps"), ``alphabet`` ("the letters A to J")
#: or ``hold`` ("hold 3 s").
Wording = Literal["count", "alphabet", "hold"]

_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@final
@attrs.frozen(kw_only=True)
class Measure:
    """One number a dose can ask for, and how every part of footdrop handles it.

    Args:
        name: The field name on ``Dose``, ``Level`` and ``PlanItem``, also the
            DataFrame column and the lever name (``"hold_seconds"``).
        unit: Its UCUM unit (``"s"``; braces annotate counts, ``"{repetitions}"``).
        minimum: The smallest value footdrop accepts (a sanity limit, not a clinical floor).
        maximum: The largest value footdrop accepts (a sanity limit against typing mistakes).
        one: The word for one (``"rep"``).
        many: The word for several (``"reps"``).
        wording: How the plain-language text says it (see :data:`Wording`).
        is_count: Whether it counts what a set holds (reps, letters, rounds): a log
            records it in ``reps``, and count-based progression moves it.
        is_required: Whether every dose has it (only ``sets``).
        per: The measure this one is counted within (``steps`` are per round), or ``None``.
        fhir_extension: The name of footdrop's FHIR ``Dosage`` extension carrying it,
            or ``None`` where FHIR has a field of its own (reps: ``doseAndRate``).
        fhir_level_part: The sub-extension of the ``current-level`` extension carrying it.
        within: Words after the amount when it is worded with the measure it is
            counted within (steps: ``" each way"``, as in "3 rounds of 10 steps each way").
    """

    name: str
    unit: str
    minimum: int
    maximum: int
    one: str
    many: str
    wording: Wording = "count"
    is_count: bool = False
    is_required: bool = False
    per: str | None = None
    fhir_extension: str | None
    fhir_level_part: str
    within: str = ""

    @property
    def limits(self) -> tuple[int, int]:
        """``(minimum, maximum)``."""
        return (self.minimum, self.maximum)

    def amount(self, value: int | Range) -> str:
        """*value* with its word: ``"1 rep"``, ``"10-15 reps"``, ``"3 s"``."""
        if self.wording == "hold":
            return f"{value} s"
        single = value == 1 if isinstance(value, int) else (value.is_single and value.min == 1)
        return f"{value} {self.one if single else self.many}"


#: Every measure of a dose, in the order fields, columns and levers list them.
TABLE: Final[tuple[Measure, ...]] = (
    Measure(
        name="sets",
        unit="{sets}",
        minimum=1,
        maximum=10,
        one="set",
        many="sets",
        is_required=True,
        fhir_extension="sets",
        fhir_level_part="sets",
    ),
    Measure(
        name="reps",
        unit="{repetitions}",
        minimum=1,
        maximum=100,
        one="rep",
        many="reps",
        is_count=True,
        fhir_extension=None,
        fhir_level_part="reps",
    ),
    Measure(
        name="hold_seconds",
        unit="s",
        minimum=1,
        maximum=600,
        one="second",
        many="seconds",
        wording="hold",
        fhir_extension="hold",
        fhir_level_part="hold-seconds",
    ),
    Measure(
        name="letters",
        unit="{letters}",
        minimum=1,
        maximum=len(_ALPHABET),
        one="letter",
        many="letters",
        wording="alphabet",
        is_count=True,
        fhir_extension="letters",
        fhir_level_part="letters",
    ),
    Measure(
        name="rounds",
        unit="{rounds}",
        minimum=1,
        maximum=50,
        one="round",
        many="rounds",
        is_count=True,
        fhir_extension="rounds",
        fhir_level_part="rounds",
    ),
    Measure(
        name="steps",
        unit="{steps}",
        minimum=1,
        maximum=100,
        one="step",
        many="steps",
        per="rounds",
        fhir_extension="steps",
        fhir_level_part="steps",
        within=" each way",
    ),
)

_BY_NAME: Final = {m.name: m for m in TABLE}

#: The measures a dose may leave out (all but ``sets``), in table order.
OPTIONAL: Final = tuple(m for m in TABLE if not m.is_required)
#: The measures that count what a set holds (``reps``, ``letters``, ``rounds``).
COUNTS: Final = tuple(m for m in TABLE if m.is_count)


def by_name(name: str) -> Measure:
    """The row of *name* (a ``KeyError`` for a name that is not a measure)."""
    return _BY_NAME[name]


#: How each rung of the balance support ladder is said to a person.
SUPPORT_WORDS: Final[Mapping[SupportLevel, str]] = {
    SupportLevel.TWO_HANDS: "both hands on a stable support",
    SupportLevel.ONE_HAND: "one hand on a stable support",
    SupportLevel.ONE_FINGER: "one fingertip on a stable support",
    SupportLevel.NO_HANDS: "no hands (support within reach)",
    SupportLevel.EYES_CLOSED: "eyes closed (support within reach)",
}

Count = int | Range
Support = SupportLevel | tuple[SupportLevel, SupportLevel]


def _letters(value: Count) -> str:
    if isinstance(value, Range) and not value.is_single:
        return f"{value} letters of the alphabet, from A"
    n = value if isinstance(value, int) else value.min
    if n == len(_ALPHABET):
        return "the whole alphabet, A to Z"
    if n == 1:
        return "the letter A"
    return f"the letters A to {_ALPHABET[n - 1]}"


def _support(value: Support) -> str:
    if isinstance(value, SupportLevel):
        return SUPPORT_WORDS[value]
    easiest, hardest = value
    if easiest is hardest:
        return SUPPORT_WORDS[easiest]
    return f"from {SUPPORT_WORDS[easiest]} to {SUPPORT_WORDS[hardest]}"


def _phrase(measure: Measure, value: Count) -> str:
    if measure.wording == "alphabet":
        return _letters(value)
    return measure.amount(value)


def dose_words(
    sets: Count, values: Mapping[str, Count | None], support: Support | None
) -> list[str]:
    """The dose in words: sets and what each set holds, then holds, then support.

    *sets* is the number (or range) of sets; *values* maps the other measures'
    names to a number (a level or plan item) or a :class:`~footdrop.Range` (a
    prescribed dose), ``None`` where the measure is unused.
    Every measure given is worded. The first counted measure says what a set
    holds ("2 sets of 10 reps"), any other follows it; a measure counted within
    another joins it ("3 rounds of 10 steps each way"), or stands alone when that
    other is absent.

    Example:
        >>> from footdrop.model._measures import dose_words
        >>> dose_words(2, {"reps": 10, "hold_seconds": 3}, None)
        ['2 sets of 10 reps', 'hold 3 s']
    """
    phrases: list[str] = []
    holds: list[str] = []
    for measure in OPTIONAL:
        value = values.get(measure.name)
        if value is None:
            continue
        if measure.wording == "hold":
            holds.append(f"hold {measure.amount(value)}")
        elif measure.per is not None and values.get(measure.per) is not None:
            continue  # worded with the measure it is counted within
        else:
            words = _phrase(measure, value)
            for part in OPTIONAL:
                inner = values.get(part.name)
                if part.per == measure.name and inner is not None:
                    words += f" of {part.amount(inner)}{part.within}"
            phrases.append(words)
    set_words = by_name("sets").amount(sets)
    head = f"{set_words} of {phrases[0]}" if phrases else set_words
    parts = [head, *phrases[1:], *holds]
    if support is not None:
        parts.append(_support(support))
    return parts
