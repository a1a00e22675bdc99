"""HTML: a printable handout for the person, and compact views for notebooks.

* :func:`handout` writes a self-contained page to print or open in a browser:
  a one-page tick sheet per week with the safety points, then every exercise
  with its steps, cautions, dose and picture. It has no external assets (no
  scripts or fonts; images only for exercises with an illustration), its CSS is
  inline with print styles for A4 and Letter, and it uses no colour, so it reads
  the same printed in black and white.
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

from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.export._handout import (
    HandoutDetails,
    build,
    day_label,
    exercises_known,
    short_label,
    span,
)
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

    from footdrop.export._handout import Block, Handout, TickSheet

__all__ = [
    "DEFAULT_TITLE",
    "MAX_GRID_WEEKS",
    "PAPERS",
    "HandoutDetails",
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

#: The paper sizes the print stylesheet knows, as CSS ``@page`` sizes.
PAPERS: Final = {"a4": "A4", "letter": "letter"}

# The sheet's layout fits the smaller of A4 and Letter in each direction (Letter is
# shorter, A4 narrower), so either paper prints the same pages; ``size`` only tells
# the browser which paper to pick.
_CSS: Final = """
:root { color-scheme: light dark; }
body { font: 10.5pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
       sans-serif; max-width: 48rem; margin: 1rem auto; padding: 0 1rem; }
h1 { font-size: 1.45rem; margin: 0 0 .15rem; }
h2 { font-size: 1.1rem; border-bottom: 2px solid currentColor; margin: .8rem 0 .3rem; }
h3 { font-size: 1rem; margin: 0 0 .1rem; }
p { margin: .15rem 0; }
ul, ol { margin: .1rem 0 .2rem; padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid currentColor; padding: .15rem .3rem; text-align: left;
         vertical-align: top; }
.about, .details { font-size: 9.5pt; }
.details > span { margin-right: 1.2rem; white-space: nowrap; }
.sheet { break-after: page; }
.ticks { table-layout: fixed; font-size: 8.5pt; line-height: 1.2; }
.ticks th.what { width: 34%; }
.ticks .dose { display: block; font-weight: normal; font-size: 8pt; }
.ticks td { padding-right: 0; }
.ticks .off { text-align: center; }
.sitting { display: inline-block; white-space: nowrap; margin: 0 .3rem .1rem 0; }
.tick { display: inline-block; width: .95em; height: .95em; border: 1.5px solid currentColor;
        vertical-align: -.15em; margin-right: .15em; }
.safety { border: 3px double currentColor; padding: .1rem .6rem; font-size: 9pt;
          margin-top: .5rem; }
.safety h2 { border: 0; margin: .2rem 0 0; font-size: 1rem; }
.exercises { columns: 2; column-gap: 1.1rem; font-size: 9pt; line-height: 1.25; }
.exercise { break-inside: avoid; border-top: 1px solid currentColor; padding: .2rem 0 .3rem; }
.exercise img { float: right; max-width: 32mm; max-height: 32mm; margin: 0 0 .2rem .4rem; }
.dose { font-weight: bold; }
.label { font-weight: bold; }
.notes { font-size: 8.5pt; font-style: italic; }
.rest { font-style: italic; }
@page { size: PAGE-SIZE; margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
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


def _block_html(block: Block) -> str:  # noqa: C901 - one branch per handout block kind
    parts = [
        f'<article class="exercise" id="exercise-{_e(block.id)}">',
        f"<h3>{_u(block.name)}</h3>",
    ]
    if block.picture is not None:
        parts.append(
            f'<img src="{_e(block.picture.source)}" alt="{_e(block.picture.alt)}" '
            f'title="{_e(block.picture.licence)}">'
        )
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
            f'<p><span class="label">{_e(block.range_label)}:</span> {_e(block.prescribed)}</p>'
        )
    if block.equipment:
        parts.append(
            '<p><span class="label">You need:</span> '
            + ", ".join(_u(e) for e in block.equipment)
            + "</p>"
        )
    parts.append(_list("ol", block.steps))
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
    if block.notes:
        parts.append(
            '<p class="label">Where the numbers come from</p>'
            + _list("ul", block.notes, attrs=' class="notes"')
        )
    parts.append("</article>")
    return "\n".join(parts)


def _sheet_html(sheet: TickSheet) -> str:
    head = ['<th class="what" scope="col">Exercise and dose</th>']
    for day, spans in zip(sheet.days, sheet.sessions, strict=True):
        rest = "" if spans else '<br><span class="rest">rest</span>'
        head.append(
            f'<th scope="col">{_e(short_label(day))}<br>{_e(day_label(day)[:3])}{rest}</th>'
        )
    rows = []
    for row in sheet.rows:
        cells = [f'<th scope="row">{_u(row.name)}:<span class="dose">{_e(row.dose)}</span></th>']
        for starts in row.cells:
            if not starts:
                cells.append('<td class="off">-</td>')
                continue
            boxes = "".join(
                f'<span class="sitting"><span class="tick" role="img" aria-label="box to tick">'
                f"</span>{_e(start)}</span>"
                for start in starts
            )
            cells.append(f"<td>{boxes}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'<table class="ticks"><thead><tr>{"".join(head)}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _details_html(content: Handout) -> str:
    if not content.details:
        return ""
    pairs = "".join(
        f'<span><span class="label">{_e(label)}:</span> {_u(value)}</span>'
        for label, value in content.details
    )
    return f'<p class="details">{pairs}</p>\n'


def _page(content: Handout, *, paper: str) -> str:
    about = '<p class="about">' + " ".join(_e(line) for line in content.about) + "</p>"
    blocks = "\n".join(_block_html(b) for b in content.blocks)
    note = ""
    if content.shown_days < content.total_days:
        note = (
            f'<p class="about">The tick sheet shows the first {content.shown_days} of the '
            f"plan's {content.total_days} days.</p>"
        )
    safety = (
        '<section class="safety" aria-labelledby="safety"><h2 id="safety">Stay safe</h2>'
        f"{_list('ul', content.safety)}</section>"
    )
    sheets = []
    for i, sheet in enumerate(content.sheets):
        heading = "Tick a box each time you do an exercise" + (
            f" (week {i + 1})" if len(content.sheets) > 1 else ""
        )
        top = f"<h1>{_u(content.title)}</h1>\n{_details_html(content)}{about}\n" if i == 0 else ""
        sheets.append(
            f'<section class="sheet" aria-labelledby="sheet-{i + 1}">{top}'
            f'<h2 id="sheet-{i + 1}">{_e(heading)}</h2>{_sheet_html(sheet)}'
            f"{note if i == 0 else ''}{safety if i == 0 else ''}</section>"
        )
    if not sheets:
        sheets.append(f"<h1>{_u(content.title)}</h1>\n{_details_html(content)}{about}\n{safety}")
    css = _CSS.replace("PAGE-SIZE", PAPERS[paper])
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="footdrop">\n'
        f"<title>{_e(content.title)}</title>\n<style>{css}</style>\n"
        "</head>\n<body>\n<main>\n"
        + "\n".join(sheets)
        + '\n<section aria-labelledby="exercises"><h2 id="exercises">Your exercises</h2>\n'
        f'<div class="exercises">\n{blocks}\n</div>\n</section>\n</main>\n</body>\n</html>\n'
    )


def _check_paper(paper: object) -> str:
    if paper not in PAPERS:
        msg = f"'paper' must be 'a4' or 'letter' (got {paper!r:.60})."
        raise InvalidValueError(msg, field="paper", value=paper, fix="'a4'")
    return str(paper)


def handout(
    plan: Plan,
    *,
    routine: Routine | None = None,
    title: str = DEFAULT_TITLE,
    days: int | None = 7,
    details: HandoutDetails | None = None,
    paper: str = "a4",
    audience: str = "patient",
) -> str:
    """A printable, self-contained HTML handout for the person.

    The first printed page is a tick sheet for the week: the days as columns,
    one row per exercise and dose, and a box to tick for every sitting (with
    its start time), then the safety points. Longer plans get one tick sheet
    per week. After them come the exercises, two columns to a page: steps,
    cautions, tips, dose and the first illustration of each exercise that has
    one. One week of the built-in programme prints on three A4 or Letter pages.

    With a *routine*, every exercise of the routine is shown (also those the
    tick sheet's days leave out), with the level to do now and its range,
    labelled "Range set by your clinician" only when the prescription changed the
    exercise's usual dose or timing; without one, the exercises of the plan are
    shown with their planned doses. The patient view never shows where the
    numbers came from; ``audience="clinician"`` adds that under each exercise.

    The page loads nothing from elsewhere, except the pictures of exercises
    that have an :class:`~footdrop.Illustration` (by its path or URL).

    Args:
        plan: The plan whose tick sheets are shown.
        routine: The routine behind the plan, for names, levels and ranges.
        title: The page title.
        days: How many days of the plan the tick sheets show, 1..366, or ``None``
            for all (the page says when it shows fewer days than the plan has).
        details: The patient's, clinician's and clinic's names, a contact and
            the review date, each shown only when given.
        paper: ``"a4"`` or ``"letter"``, the paper the print stylesheet asks for.
        audience: ``"patient"`` (the default) or ``"clinician"``, which adds the
            source of every default number.

    Returns:
        A complete HTML document.

    Raises:
        footdrop.exceptions.UnknownExerciseError: The plan names an exercise that
            is neither in the routine nor in the catalogue (it has no instructions).
        footdrop.exceptions.InvalidTypeError: An argument has the wrong type.
        footdrop.exceptions.InvalidValueError: *title* is blank, *days* out of
            range, or *paper* or *audience* unknown.

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
    paper = _check_paper(paper)
    content = build(
        plan, routine=routine, title=title, days=days, details=details, audience=audience
    )
    return _page(content, paper=paper)


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
