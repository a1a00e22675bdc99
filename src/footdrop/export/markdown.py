"""Markdown: the printable handout as CommonMark text (with a GitHub-style table).

The Markdown handout says what the HTML handout of :func:`footdrop.export.html.handout`
says, for people and tools that prefer text: paste it into a message, a wiki or a
notes app.

Every text that came from a user is escaped so that it renders as itself and
cannot start markup: ASCII punctuation that Markdown reads as markup is
backslash-escaped, ``<`` and ``&`` too (so no raw HTML gets through), and a line
break inside a text becomes a space, as it would in a rendered Markdown paragraph
anyway. Control characters become U+FFFD.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from footdrop.export._handout import build, day_label, short_label
from footdrop.export.text import clean_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from footdrop.export._handout import Block, HandoutDetails, TickSheet
    from footdrop.model._plan import Plan
    from footdrop.model._routine import Routine

__all__ = ["DEFAULT_TITLE", "escape", "handout_markdown"]

#: The handout's title when none is given.
DEFAULT_TITLE: Final = "Your foot-drop exercises"

# Characters that open inline markup anywhere in a line (CommonMark, GFM tables and
# strikethrough, MyST roles and maths).
_INLINE: Final = re.compile(r"([\\`*_\[\]<>&|~!${}])")
# Characters that open a block when they start a line: headings, quotes, lists,
# setext underlines, MyST targets and directives.
_BLOCK_START: Final = re.compile(r"^([#>+\-=:%]|\d+(?=[.)]))")
_SPACES: Final = re.compile(r"[ \t\n]+")


def escape(value: str) -> str:
    r"""Escape text so that Markdown renders it as itself, on one line.

    Control characters become U+FFFD and runs of spaces, tabs and line breaks
    become one space. Every character that opens inline markup (emphasis, code,
    links, images, raw HTML, entities, table cells, strikethrough, roles) is
    backslash-escaped, and so is a first character that would open a block
    (heading, quote, list item), so no text can become markup.

    Args:
        value: The text.

    Returns:
        The escaped text.

    Example:
        >>> from footdrop.export.markdown import escape
        >>> print(escape("<b>Heel & toe</b>\n# walks"))
        \<b\>Heel \& toe\</b\> # walks
        >>> print(escape("1. *not* a list"))
        1\. \*not\* a list

    .. versionadded:: 0.1.0
    """
    one_line = _SPACES.sub(" ", clean_text(value)).strip()
    escaped = _INLINE.sub(r"\\\1", one_line)
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1).isdigit():
        end = match.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return "\\" + escaped


def _bullets(values: Iterable[str], *, numbered: bool = False) -> list[str]:
    return [f"{i}. {escape(v)}" if numbered else f"- {escape(v)}" for i, v in enumerate(values, 1)]


def _picture(block: Block) -> list[str]:
    if block.picture is None:
        return []
    # An angle-bracket destination may hold spaces and parentheses, but no < > or line break.
    where = block.picture.source.replace("<", "%3C").replace(">", "%3E")
    licence = escape(block.picture.licence)
    return [f"![{escape(block.picture.alt)}](<{where}>)", "", f"*Picture: {licence}*", ""]


def _block(block: Block) -> list[str]:  # noqa: C901 - one branch per handout block kind
    lines = [f"### {escape(block.name)}", "", *_picture(block)]
    if block.is_clinician:
        lines += ["Set up by your clinician: follow their instructions.", ""]
    if block.now:
        lines += [f"**Do now:** {escape(block.now)}", ""]
    elif block.planned:
        lines += ["**In this plan:** " + "; ".join(escape(p) for p in block.planned), ""]
    if block.prescribed:
        lines += [f"{escape(block.range_label)}: {escape(block.prescribed)}", ""]
    if block.equipment:
        lines += ["**You need:** " + ", ".join(escape(e) for e in block.equipment), ""]
    lines += ["**Steps**", "", *_bullets(block.steps, numbered=True), ""]
    if block.cautions:
        lines += ["**Take care**", "", *_bullets(block.cautions), ""]
    if block.tips:
        lines += ["**Tips**", "", *_bullets(block.tips), ""]
    if block.parameters:
        lines += ["**Settings from your clinician**", "", *_bullets(block.parameters), ""]
    if block.review:
        lines += [f"**For review with your clinician:** {escape(block.review)}", ""]
    if block.notes:
        lines += ["**Where the numbers come from**", "", *_bullets(block.notes), ""]
    return lines


def _sheet(sheet: TickSheet) -> list[str]:
    days = [f"{short_label(d)} {day_label(d)[:3]}" for d in sheet.days]
    head = "| Exercise and dose | " + " | ".join(escape(d) for d in days) + " |"
    lines = [head, "| --- |" + " --- |" * len(days)]
    for row in sheet.rows:
        cells = [
            " ".join(f"[ ] {escape(start)}" for start in starts) if starts else "-"
            for starts in row.cells
        ]
        what = escape(f"{row.name}: {row.dose}")  # the plan item's one wording
        lines.append(f"| {what} | " + " | ".join(cells) + " |")
    rest = [escape(days[i]) for i, spans in enumerate(sheet.sessions) if not spans]
    lines.append("")
    if rest:
        lines += ["Rest days: " + ", ".join(rest) + ".", ""]
    return lines


def handout_markdown(
    plan: Plan,
    *,
    routine: Routine | None = None,
    title: str = DEFAULT_TITLE,
    days: int | None = 7,
    details: HandoutDetails | None = None,
    audience: str = "patient",
) -> str:
    """The handout as Markdown: tick sheets, safety points and every exercise.

    It holds what :func:`footdrop.export.html.handout` holds, with the same
    arguments (there is no *paper*: Markdown has no pages). Each tick sheet is a
    GitHub-flavoured Markdown table, a row per exercise and dose (worded as
    the plan's timetable words it, "Ankle eversion: 1 set of 10 reps"), a column
    per day and a ``[ ]`` box per sitting. The output holds no HTML, and user
    text never adds any. An exercise's first illustration is shown as a
    Markdown image.

    Args:
        plan: The plan whose timetable is shown.
        routine: The routine behind the plan, for names, levels and ranges.
        title: The title.
        days: How many days of the plan the tick sheets show, 1..366, or ``None`` for all.
        details: Names, contact and review date, each shown only when given.
        audience: ``"patient"`` or ``"clinician"`` (which adds where each number came from).

    Returns:
        The Markdown text, ending in a newline.

    Raises:
        footdrop.exceptions.UnknownExerciseError: The plan names an exercise that
            is neither in the routine nor in the catalogue.
        footdrop.exceptions.InvalidTypeError: An argument has the wrong type.
        footdrop.exceptions.InvalidValueError: *title* is blank, *days* out of range
            or *audience* unknown.

    Example:
        >>> from footdrop.export.markdown import handout_markdown
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from footdrop import DayPlan, Plan, PlanItem, Session
        >>> london = ZoneInfo("Europe/London")
        >>> item = PlanItem(exercise_id="towel-scrunches", side=None, sets=2, reps=10)
        >>> session = Session(start=dt.datetime(2026, 11, 24, 8, tzinfo=london),
        ...                   end=dt.datetime(2026, 11, 24, 8, 10, tzinfo=london), items=[item])
        >>> text = handout_markdown(Plan(tz="Europe/London",
        ...     days=[DayPlan(date=dt.date(2026, 11, 24), sessions=[session])]))
        >>> text.splitlines()[0]
        '# Your foot-drop exercises'
        >>> "### Towel scrunches" in text
        True

    .. versionadded:: 0.1.0
    """
    content = build(
        plan, routine=routine, title=title, days=days, details=details, audience=audience
    )
    lines = [f"# {escape(content.title)}", ""]
    for label, value in content.details:
        lines += [f"**{label}:** {escape(value)}", ""]
    for line in content.about:
        lines += [escape(line), ""]
    for i, sheet in enumerate(content.sheets):
        week = f" (week {i + 1})" if len(content.sheets) > 1 else ""
        lines += [f"## Tick a box each time you do an exercise{week}", "", *_sheet(sheet)]
    if content.shown_days < content.total_days:
        shown, total = content.shown_days, content.total_days
        lines += [f"The tick sheet shows the first {shown} of the plan's {total} days.", ""]
    lines += ["## Stay safe", "", *_bullets(content.safety), ""]
    lines += ["## Your exercises", ""]
    for block in content.blocks:
        lines += _block(block)
    return "\n".join(lines).rstrip("\n") + "\n"
