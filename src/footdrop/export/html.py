"""HTML: a printable handout for the person, and compact views for notebooks.

* :func:`handout` writes a self-contained page to print or open in a browser:
  safety points, the timetable, and every exercise with its steps, cautions and
  dose in plain words. It has no external assets (no scripts, fonts or images),
  its CSS is inline with print styles, and it uses no colour, so it reads the
  same printed in black and white.
* :func:`repr_html` draws a :class:`~footdrop.Plan` (a week-at-a-glance grid), a
  :class:`~footdrop.DayPlan`, a :class:`~footdrop.Routine` or an
  :class:`~footdrop.Exercise` as an HTML fragment; Jupyter shows it through each
  class's ``_repr_html_``. Fragments draw with ``currentColor`` on transparent
  backgrounds, so they read in light and dark themes.

Every text is escaped with ``html.escape`` (attribute values included) after
control characters are replaced by U+FFFD, and every text that came from a user is
wrapped in ``<bdi>``, so right-to-left marks in a name cannot reorder the text
around it.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Final

from footdrop.exceptions import InvalidTypeError
from footdrop.export._handout import build, day_label, exercises_known, short_label, span
from footdrop.export.text import (
    clean_text,
    describe_defaults,
    describe_dose,
    describe_item,
    describe_level,
    exercise_title,
)
from footdrop.model._exercise import Exercise
from footdrop.model._plan import DayPlan, Plan
from footdrop.model._routine import Routine

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from footdrop.export._handout import Block, Handout

__all__ = [
    "DEFAULT_TITLE",
    "MAX_GRID_WEEKS",
    "describe_defaults",
    "describe_dose",
    "describe_item",
    "handout",
    "repr_html",
]

#: The handout's title when none is given.
DEFAULT_TITLE: Final = "Your foot-drop exercises"

#: The most weeks the notebook grid of a plan shows; it says how many days it left out.
MAX_GRID_WEEKS: Final = 8

_CSS: Final = """
:root { color-scheme: light dark; }
body { font: 12pt/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
       sans-serif; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .25rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid currentColor; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin-bottom: .25rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid currentColor; padding: .3rem .5rem; text-align: left;
         vertical-align: top; }
td ul { margin: 0; padding-left: 1.1rem; }
.safety { border: 3px double currentColor; padding: .25rem 1rem; }
.tick { display: inline-block; width: 1.1em; height: 1.1em; border: 1.5px solid currentColor; }
.exercise { border-top: 1px solid currentColor; padding-top: .25rem; }
.dose { font-weight: bold; }
.label { font-weight: bold; }
.rest { font-style: italic; }
@page { margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  .exercise, tr, .safety { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

# Inline styles for notebook fragments: transparent, drawn in currentColor.
_TABLE: Final = "border-collapse:collapse;margin:.25em 0;font-size:.9em;"
_CELL: Final = (
    "border:1px solid currentColor;padding:.2em .4em;vertical-align:top;text-align:left;"
    "background:transparent;color:inherit;"
)
_MUTED: Final = "opacity:.65;"


def _e(value: str) -> str:
    """Escape plain text for HTML element content and attribute values."""
    return html.escape(clean_text(value), quote=True)


def _u(value: str) -> str:
    """Escape user text and isolate its direction."""
    return f"<bdi>{_e(value)}</bdi>"


def _list(tag: str, values: Iterable[str], *, attrs: str = "") -> str:
    items = "".join(f"<li>{_u(v)}</li>" for v in values)
    return f"<{tag}{attrs}>{items}</{tag}>"


def _block_html(block: Block) -> str:
    parts = [
        f'<article class="exercise" id="exercise-{_e(block.id)}">',
        f"<h3>{_u(block.name)}</h3>",
    ]
    if block.is_clinician:
        parts.append("<p>Set up by your clinician: follow their instructions.</p>")
    if block.now:
        parts.append(
            f'<p><span class="label">Do now:</span> <span class="dose">{_e(block.now)}</span></p>'
        )
    elif block.planned:
        parts.append(
            '<p><span class="label">In this plan:</span> <span class="dose">'
            + "; ".join(_e(p) for p in block.planned)
            + "</span></p>"
        )
    if block.prescribed:
        parts.append(
            f'<p><span class="label">Range set by your clinician:</span> {_e(block.prescribed)}</p>'
        )
    if block.equipment:
        parts.append(
            '<p><span class="label">You need:</span> '
            + ", ".join(_u(e) for e in block.equipment)
            + "</p>"
        )
    parts.append('<p class="label">Steps</p>' + _list("ol", block.steps))
    if block.cautions:
        parts.append('<p class="label">Take care</p>' + _list("ul", block.cautions))
    if block.tips:
        parts.append('<p class="label">Tips</p>' + _list("ul", block.tips))
    if block.parameters:
        parts.append(
            '<p class="label">Settings from your clinician</p>' + _list("ul", block.parameters)
        )
    if block.review:
        parts.append(
            f'<p><span class="label">For review with your clinician:</span> {_u(block.review)}</p>'
        )
    parts.append("</article>")
    return "\n".join(parts)


def _timetable_html(content: Handout) -> str:
    rows = []
    for row in content.rows:
        if row.time is None:
            rows.append(
                f'<tr><td>{_e(row.label)}</td><td colspan="3" class="rest">Rest day</td></tr>'
            )
            continue
        items = _list("ul", row.items)
        rows.append(
            f"<tr><td>{_e(row.label)}</td><td>{_e(row.time)}</td><td>{items}</td>"
            '<td><span class="tick" role="img" aria-label="done box"></span></td></tr>'
        )
    head = "<tr><th>Day</th><th>Time</th><th>Exercises</th><th>Done</th></tr>"
    note = ""
    if content.shown_days < content.total_days:
        note = (
            f"<p>The timetable shows the first {content.shown_days} of the plan's "
            f"{content.total_days} days.</p>"
        )
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>{note}"


def _page(content: Handout) -> str:
    about = "".join(f"<p>{_e(line)}</p>" for line in content.about)
    blocks = "\n".join(_block_html(b) for b in content.blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="footdrop">\n'
        f"<title>{_e(content.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{_u(content.title)}</h1>\n{about}\n"
        '<section class="safety" aria-labelledby="safety"><h2 id="safety">Stay safe</h2>'
        f"{_list('ul', content.safety)}</section>\n"
        '<section aria-labelledby="timetable"><h2 id="timetable">Timetable</h2>'
        f"{_timetable_html(content)}</section>\n"
        '<section aria-labelledby="exercises"><h2 id="exercises">Your exercises</h2>\n'
        f"{blocks}\n</section>\n</main>\n</body>\n</html>\n"
    )


def handout(
    plan: Plan,
    *,
    routine: Routine | None = None,
    title: str = DEFAULT_TITLE,
    days: int | None = 7,
) -> str:
    """A printable, self-contained HTML handout for the person.

    The page holds safety points, a timetable of the plan's first *days* days
    (with a box to tick per session), and every exercise with its steps,
    cautions, tips and dose in plain words. With a *routine*, every exercise of
    the routine is shown (also those the timetable's days leave out), with the
    level to do now and the clinician's range; without one, the exercises of
    the plan are shown with their planned doses.

    Args:
        plan: The plan whose timetable is shown.
        routine: The routine behind the plan, for names, levels and ranges.
        title: The page title.
        days: How many days of the plan the timetable shows, 1..366, or ``None``
            for all (the page says when it shows fewer days than the plan has).

    Returns:
        A complete HTML document.

    Raises:
        footdrop.exceptions.UnknownExerciseError: The plan names an exercise that
            is neither in the routine nor in the catalogue (it has no instructions).
        footdrop.exceptions.InvalidTypeError: An argument has the wrong type.
        footdrop.exceptions.InvalidValueError: *title* is blank or *days* out of range.

    Example:
        >>> from footdrop.export.html import handout
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from footdrop import DayPlan, Plan, PlanItem, Session, Side
        >>> london = ZoneInfo("Europe/London")
        >>> item = PlanItem(exercise_id="ankle-eversion", side=None, sets=2, reps=10,
        ...                 hold_seconds=3)
        >>> session = Session(start=dt.datetime(2026, 11, 24, 8, tzinfo=london),
        ...                   end=dt.datetime(2026, 11, 24, 8, 15, tzinfo=london), items=[item])
        >>> page = handout(Plan(tz="Europe/London",
        ...                     days=[DayPlan(date=dt.date(2026, 11, 24), sessions=[session])]))
        >>> page.startswith("<!DOCTYPE html>"), "2 sets of 10 reps, hold 3 s" in page
        (True, True)

    .. versionadded:: 0.1.0
    """
    return _page(build(plan, routine=routine, title=title, days=days))


# -- notebook fragments ---------------------------------------------------------


def _wrap(body: str) -> str:
    return f'<div class="footdrop" style="color:inherit;background:transparent;">{body}</div>'


def _plan_html(plan: Plan, known: Mapping[str, Exercise] | None = None) -> str:
    known = exercises_known(None) if known is None else known
    if not plan.days:
        return _wrap(f"<p>Plan in {_e(plan.tz)} with no days.</p>")
    first = plan.days[0].date
    monday = first.toordinal() - first.weekday()
    by_week: dict[int, dict[int, DayPlan]] = {}
    for day in plan.days:
        week = (day.date.toordinal() - monday) // 7
        by_week.setdefault(week, {})[day.date.weekday()] = day
    weeks = sorted(by_week)
    shown = weeks[:MAX_GRID_WEEKS]
    head = "".join(
        f'<th style="{_CELL}">{d}</th>' for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    )
    rows = []
    for week in shown:
        cells = []
        for weekday in range(7):
            cell = by_week[week].get(weekday)
            if cell is None:
                cells.append(f'<td style="{_CELL}{_MUTED}"></td>')
                continue
            lines = [f'<div style="font-weight:bold">{short_label(cell.date)}</div>']
            if not cell.sessions:
                lines.append(f'<div style="{_MUTED}">rest</div>')
            for session in cell.sessions:
                names = ", ".join(
                    f"{exercise_title(i.exercise_id, known)} ({describe_item(i)})"
                    for i in session.items
                )
                when = span(session, plan)
                count = len(session.exercise_ids)
                plural = "s" if count != 1 else ""
                lines.append(
                    f'<div title="{_e(f"{when}: {names}")}">'
                    f"{_e(when.split('-')[0])} &middot; {count} exercise{plural}</div>"
                )
            cells.append(f'<td style="{_CELL}">{"".join(lines)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    sessions = sum(len(d.sessions) for d in plan.days)
    caption = (
        f"Plan: {day_label(plan.days[0].date)} to {day_label(plan.days[-1].date)}, "
        f"{len(plan.days)} days, {sessions} sessions ({plan.tz})"
    )
    left_out = sum(len(by_week[w]) for w in weeks[MAX_GRID_WEEKS:])
    note = (
        f'<p style="{_MUTED}">{left_out} more days not shown; '
        "footdrop.export.html.handout(plan, days=None) lists them all.</p>"
        if left_out
        else ""
    )
    return _wrap(
        f'<table style="{_TABLE}"><caption style="text-align:left">{_e(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}"
    )


def _day_html(day: DayPlan) -> str:
    known = exercises_known(None)
    caption = f"{day_label(day.date)}: " + (
        "rest day" if day.is_rest_day else f"{len(day.sessions)} session(s)"
    )
    rows = []
    for session in day.sessions:
        when = f"{session.start:%H:%M}-{session.end:%H:%M}"
        items = "".join(
            f"<li>{_u(exercise_title(i.exercise_id, known))}: {_e(describe_item(i))}</li>"
            for i in session.items
        )
        rows.append(
            f'<tr><td style="{_CELL}">{_e(when)}</td><td style="{_CELL}">'
            f'<ul style="margin:0;padding-left:1.1em">{items}</ul></td></tr>'
        )
    fallbacks = "".join(
        f"<li>{_e(f.exercise_id)}: {_e(f.lever)} {f.wanted} &rarr; {f.planned}: {_u(f.reason)}</li>"
        for f in day.fallbacks
    )
    extra = (
        f'<p style="margin:.25em 0">Planned below the current level:</p><ul>{fallbacks}</ul>'
        if fallbacks
        else ""
    )
    return _wrap(
        f'<table style="{_TABLE}"><caption style="text-align:left">{_e(caption)}</caption>'
        f"<tbody>{''.join(rows)}</tbody></table>{extra}"
    )


def _routine_html(routine: Routine) -> str:
    head = "".join(f'<th style="{_CELL}">{h}</th>' for h in ("Exercise", "Now", "Range", "Notes"))
    rows = []
    for p in routine.items:
        notes = []
        if p.is_locked:
            notes.append("locked by clinician")
        if p.review:
            notes.append(f"review: {p.review}")
        if p.changed_on:
            notes.append(f"changed {p.changed_on.isoformat()}")
        rows.append(
            f'<tr><td style="{_CELL}">{_u(p.exercise.name)}</td>'
            f'<td style="{_CELL}">{_e(describe_level(p, routine.affected))}</td>'
            f'<td style="{_CELL}">{_e(describe_dose(p, routine.affected))}</td>'
            f'<td style="{_CELL}">{"; ".join(_u(n) for n in notes)}</td></tr>'
        )
    caption = f"Routine: {len(routine.items)} exercises, affected side {routine.affected.value}"
    return _wrap(
        f'<table style="{_TABLE}"><caption style="text-align:left">{_e(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _exercise_html(exercise: Exercise) -> str:
    kind = f"{exercise.category.value}, {exercise.position.value}, {exercise.laterality.value}"
    dose_words = describe_defaults(exercise)
    parts = [
        (
            f'<div style="font-weight:bold">{_u(exercise.name)} '
            f'<code style="{_MUTED}">{_e(exercise.id)}</code></div>'
        ),
        f'<div style="{_MUTED}">{_e(kind)}</div>',
        f"<div>{_e(dose_words)}</div>",
        _list("ol", exercise.steps, attrs=' style="margin:.25em 0"'),
    ]
    if exercise.cautions:
        parts.append(
            "<div>Take care:</div>"
            + _list("ul", exercise.cautions, attrs=' style="margin:.25em 0"')
        )
    return _wrap("".join(parts))


def repr_html(obj: object) -> str:
    """A compact HTML view of a plan, day plan, routine or exercise, for notebooks.

    A :class:`~footdrop.Plan` is drawn as a week-at-a-glance grid (Monday to
    Sunday, at most :data:`MAX_GRID_WEEKS` weeks, saying how many days it left
    out), each session with its start and number of exercises and, on hover,
    every exercise with its dose. Fragments use ``currentColor`` and transparent
    backgrounds, so they read in light and dark themes.

    Args:
        obj: The :class:`~footdrop.Plan`, :class:`~footdrop.DayPlan`,
            :class:`~footdrop.Routine` or :class:`~footdrop.Exercise` to draw.

    Returns:
        An HTML fragment.

    Raises:
        footdrop.exceptions.InvalidTypeError: *obj* is none of the four types.

    Example:
        >>> from footdrop.export.html import repr_html
        >>> import footdrop
        >>> fragment = repr_html(footdrop.catalogue()["towel-scrunches"])
        >>> fragment.startswith('<div class="footdrop"')
        True

    .. versionadded:: 0.1.0
    """
    if isinstance(obj, Plan):
        return _plan_html(obj)
    if isinstance(obj, DayPlan):
        return _day_html(obj)
    if isinstance(obj, Routine):
        return _routine_html(obj)
    if isinstance(obj, Exercise):
        return _exercise_html(obj)
    kind = type(obj).__name__
    msg = f"repr_html() draws a Plan, DayPlan, Routine or Exercise (got {kind})."
    raise InvalidTypeError(
        msg, field="obj", value=obj, expected="Plan | DayPlan | Routine | Exercise"
    )
