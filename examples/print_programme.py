"""Print footdrop's built-in foot-drop programme: each exercise, its dose and timing, and
where every default number comes from (the article, published guidance, or an assumption).

Run it with ``python examples/print_programme.py``.
"""

from __future__ import annotations

import shutil
import textwrap

import footdrop
from footdrop.export.text import describe_defaults

# How each default number is named for a reader, and its unit.
LABELS = {
    "dose.sets": ("sets", ""),
    "dose.reps": ("reps", ""),
    "dose.hold_seconds": ("hold", " s"),
    "dose.letters": ("letters", ""),
    "dose.rounds": ("rounds", ""),
    "dose.steps": ("steps per walk", ""),
    "dose.support": ("support", ""),
    "dose.rest_between_sets_seconds": ("rest between sets", " s"),
    "timing.sessions_per_day": ("sessions a day", ""),
    "timing.days_per_week": ("days a week", ""),
    "timing.min_spacing_minutes": ("spacing between sessions", " min"),
}
LATERALITY = {
    footdrop.Laterality.EACH_SIDE: "each leg in turn",
    footdrop.Laterality.BOTH_TOGETHER: "both feet together",
    footdrop.Laterality.NOT_SIDED: "no side",
}
WIDTH = max(72, min(100, shutil.get_terminal_size((88, 24)).columns))


def value_of(exercise: footdrop.Exercise, dotted: str) -> str:
    owner, name = dotted.split(".")
    return str(getattr(getattr(exercise, owner), name))


def explain(entry: footdrop.Provenance) -> str:
    """The source of one number in a sentence or two."""
    if entry.basis is footdrop.Basis.ARTICLE:
        return f'The article: "{entry.quote}".'
    if entry.basis is footdrop.Basis.GUIDANCE:
        return f"{entry.source}. {entry.reason}"
    return str(entry.reason)


def source_lines(exercise: footdrop.Exercise) -> list[str]:
    """One bullet per default number: its value, its basis and why."""
    lines = []
    for dotted in exercise.default_numbers():
        entry = exercise.source_of(dotted)
        name, unit = LABELS[dotted]
        head = f"{name}: {value_of(exercise, dotted)}{unit}"
        if entry is None:
            text = f"{head} (no source recorded)"
        else:
            text = f"{head} ({entry.basis.value}). {explain(entry)}"
        lines.append(
            textwrap.fill(text, WIDTH, initial_indent="      - ", subsequent_indent="        ")
        )
    return lines


def print_exercise(number: int, exercise: footdrop.Exercise) -> None:
    kind = [
        exercise.category.value.replace("-", " "),
        exercise.position.value,
        LATERALITY[exercise.laterality],
    ]
    if exercise.equipment:
        kind.append("needs " + ", ".join(exercise.equipment))
    print(f"{number:>2}. {exercise.name}")
    print(textwrap.fill(" | ".join(kind), WIDTH, initial_indent="    ", subsequent_indent="    "))
    print(
        textwrap.fill(
            f"Default: {describe_defaults(exercise)}",
            WIDTH,
            initial_indent="    ",
            subsequent_indent="             ",
        )
    )
    print("    Where the numbers come from:")
    for line in source_lines(exercise):
        print(line)
    print()


def main() -> None:
    programme = footdrop.catalogue()
    title = f"The built-in foot-drop programme: {len(programme)} exercises"
    print(title)
    print("=" * len(title))
    intro = (
        "Every default number says where it comes from: the source article (with its "
        "words), published guidance, or footdrop's own assumption (with the reason). "
        "Have a clinician review the programme before it is used."
    )
    print(textwrap.fill(intro, WIDTH))
    print()
    for number, exercise in enumerate(programme.values(), start=1):
        print_exercise(number, exercise)

    entries = [entry for exercise in programme.values() for entry in exercise.provenance]
    counts = {basis: sum(e.basis is basis for e in entries) for basis in footdrop.Basis}
    print(
        f"Of {len(entries)} default numbers, {counts[footdrop.Basis.ARTICLE]} come from the "
        f"article, {counts[footdrop.Basis.GUIDANCE]} from guidance and "
        f"{counts[footdrop.Basis.ASSUMPTION]} are assumptions."
    )


if __name__ == "__main__":
    main()
