"""PDF: the printable handout, written straight to a PDF file.

Needs the ``pdf`` extra (``pip install "footdrop[pdf]"``, or ``pip install -e ".[pdf]"``
from a clone), which installs `fpdf2 <https://py-pdf.github.io/fpdf2/>`_, a pure-Python
PDF writer. :func:`handout_pdf` lays out what :func:`footdrop.export.html.handout` says:
page 1 is the week's tick sheet with the stop rules, then the exercises in two columns.

Fonts: by default the PDF uses the standard Helvetica font, which every PDF reader has
and which covers Western European text (Latin-1). Typographic quotes, dashes and the
ellipsis are written as their plain equivalents. Text in another script (Greek,
Cyrillic, Arabic, ...) cannot be written in that font, and :func:`handout_pdf` says so
instead of dropping it: pass ``font=`` a TrueType font that covers it (DejaVu Sans, Noto
Sans), which is then embedded.

Pictures: an exercise's first :class:`~footdrop.Illustration` is embedded when it is a
file (a relative path is read from *pictures*, by default the working directory). A
picture at an http(s) URL is never fetched (footdrop uses no network); its alt text and
address are printed in its place.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from footdrop.exceptions import InvalidTypeError, InvalidValueError, MissingExtraError
from footdrop.export._handout import build, day_label, short_label

if TYPE_CHECKING:
    from footdrop.export._handout import Block, Handout, HandoutDetails, TickSheet
    from footdrop.model._plan import Plan
    from footdrop.model._routine import Routine

__all__ = ["DEFAULT_TITLE", "PAPERS", "handout_pdf"]

#: The handout's title when none is given.
DEFAULT_TITLE: Final = "Your foot-drop exercises"

#: The paper sizes known, as fpdf2 format names.
PAPERS: Final = {"a4": "A4", "letter": "Letter"}

_MARGIN: Final = 12.0
_PLAIN: Final = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
        "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u2022": "-", "\u00a0": " ",
        "\ufffd": "?",
    }
)  # fmt: skip


class _Writer:
    """Lays a :class:`Handout` out with fpdf2, in one font family."""

    def __init__(self, fpdf: Any, *, paper: str, font: Path | None, pictures: Path) -> None:
        self.pdf = fpdf.FPDF(orientation="portrait", unit="mm", format=PAPERS[paper])
        self.pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.pdf.set_auto_page_break(auto=True, margin=_MARGIN)
        self.pdf.set_creator("footdrop")
        self.pictures = pictures
        self.is_unicode = font is not None
        if font is None:
            self.family = "helvetica"
        else:
            self.family = "handout"
            self.pdf.add_font(self.family, "", str(font))
            self.pdf.add_font(self.family, "B", str(font))
            self.pdf.add_font(self.family, "I", str(font))

    def text(self, value: str, field: str) -> str:
        """*value* in a form the font can write, or an error naming *field*."""
        if self.is_unicode:
            return value
        plain = value.translate(_PLAIN)
        try:
            plain.encode("latin-1")
        except UnicodeEncodeError as error:
            bad = plain[error.start]
            msg = (
                f"{field} holds {bad!r} (U+{ord(bad):04X}), which the built-in PDF font cannot "
                "write: pass font= a TrueType font that covers it, such as DejaVuSans.ttf."
            )
            raise InvalidValueError(msg, field=field, value=value[:60], fix="pass font=") from None
        return plain

    def font(self, size: float, style: str = "") -> None:
        self.pdf.set_font(self.family, style, size)

    @property
    def width(self) -> float:
        return float(self.pdf.w - 2 * _MARGIN)

    # -- page 1 ------------------------------------------------------------------

    def heading(self, content: Handout) -> None:
        pdf = self.pdf
        self.font(17, "B")
        pdf.multi_cell(0, 8, self.text(content.title, "title"), new_x="LMARGIN", new_y="NEXT")
        self.font(9)
        if content.details:
            line = "    ".join(f"{label}: {value}" for label, value in content.details)
            pdf.multi_cell(0, 4.5, self.text(line, "details"), new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 4.5, self.text(" ".join(content.about), "plan"), new_x="LMARGIN",
                       new_y="NEXT")  # fmt: skip

    def subheading(self, text: str) -> None:
        pdf = self.pdf
        pdf.ln(2)
        self.font(12, "B")
        pdf.cell(0, 6, self.text(text, "heading"), new_x="LMARGIN", new_y="NEXT")
        pdf.line(_MARGIN, pdf.get_y(), _MARGIN + self.width, pdf.get_y())
        pdf.ln(1.5)

    def sheet(self, sheet: TickSheet) -> None:
        pdf = self.pdf
        name_width = self.width * 0.34
        day_width = (self.width - name_width) / max(len(sheet.days), 1)
        self.font(8, "B")
        top = pdf.get_y()
        pdf.rect(_MARGIN, top, name_width, 8.5)
        pdf.set_xy(_MARGIN + 1, top + 0.5)
        pdf.cell(name_width - 2, 4, "Exercise and dose")
        for i, (day, spans) in enumerate(zip(sheet.days, sheet.sessions, strict=True)):
            x = _MARGIN + name_width + i * day_width
            pdf.rect(x, top, day_width, 8.5)
            pdf.set_xy(x + 1, top + 0.5)
            pdf.cell(day_width - 2, 4, short_label(day))
            pdf.set_xy(x + 1, top + 4.2)
            pdf.cell(day_width - 2, 4, day_label(day)[:3] + ("" if spans else " (rest)"))
        y = top + 8.5
        for row in sheet.rows:
            name = self.text(row.name, "exercise name")
            self.font(8, "B")
            name_lines = pdf.multi_cell(name_width - 2, 3.6, name, dry_run=True, output="LINES")
            self.font(7.5)
            dose_lines = pdf.multi_cell(name_width - 2, 3.4, row.dose, dry_run=True,
                                        output="LINES")  # fmt: skip
            most = max((len(c) for c in row.cells), default=1)
            height = max(3.6 * len(name_lines) + 3.4 * len(dose_lines), 4.4 * most) + 1.6
            if y + height > pdf.h - _MARGIN:
                pdf.add_page()
                y = pdf.get_y()
            pdf.rect(_MARGIN, y, name_width, height)
            pdf.set_xy(_MARGIN + 1, y + 0.8)
            self.font(8, "B")
            pdf.multi_cell(name_width - 2, 3.6, name, new_x="LEFT", new_y="NEXT")
            self.font(7.5)
            pdf.multi_cell(name_width - 2, 3.4, row.dose, new_x="LEFT", new_y="NEXT")
            for i, starts in enumerate(row.cells):
                x = _MARGIN + name_width + i * day_width
                pdf.rect(x, y, day_width, height)
                if not starts:
                    pdf.set_xy(x, y + 0.8)
                    pdf.cell(day_width, 3.6, "-", align="C")
                for j, start in enumerate(starts):
                    box_y = y + 1.0 + 4.4 * j
                    pdf.rect(x + 1.2, box_y, 3.0, 3.0)
                    pdf.set_xy(x + 4.8, box_y - 0.3)
                    pdf.cell(day_width - 5.5, 3.6, start)
            y += height
        pdf.set_xy(_MARGIN, y + 1)

    def safety(self, points: tuple[str, ...]) -> None:
        pdf = self.pdf
        pdf.ln(2)
        top = pdf.get_y()
        pdf.set_x(_MARGIN + 2)
        self.font(10.5, "B")
        pdf.cell(0, 5.5, "Stay safe", new_x="LMARGIN", new_y="NEXT")
        self.font(8.5)
        for point in points:
            pdf.set_x(_MARGIN + 2)
            pdf.multi_cell(self.width - 4, 3.9, f"- {point}", new_x="LMARGIN", new_y="NEXT")
        bottom = pdf.get_y() + 1.5
        pdf.set_line_width(0.6)
        pdf.rect(_MARGIN, top, self.width, bottom - top)
        pdf.set_line_width(0.2)
        pdf.set_y(bottom)

    # -- the exercises ---------------------------------------------------------------

    def picture(self, columns: Any, block: Block) -> None:
        picture = block.picture
        if picture is None:
            return
        if picture.is_remote:
            self.font(8, "I")
            where = self.text(f"Picture: {picture.alt} ({picture.source})", "illustration")
            columns.write(where + "\n")
            return
        path = Path(picture.source)
        path = path if path.is_absolute() else self.pictures / path
        if not path.is_file():
            msg = (
                f"the picture of {block.id!r} is not a file: {path} (from its illustration's "
                "source); pass pictures= the folder its path is relative to."
            )
            raise InvalidValueError(msg, field="illustrations[0].source", value=picture.source)
        from PIL import Image  # noqa: PLC0415 - fpdf2 depends on Pillow

        with Image.open(path) as image:
            across, down = image.size
        width = 30.0
        height = width * down / max(across, 1)
        if height > 40:
            width, height = width * 40 / height, 40.0
        columns.image(str(path), width=width, height=height, align="L")

    def block(self, columns: Any, block: Block) -> None:  # noqa: C901, PLR0912 - one branch per handout block kind
        def say(text: str, *, size: float = 9, style: str = "", field: str = "text") -> None:
            self.font(size, style)
            columns.write(self.text(text, field) + "\n")

        say(block.name, size=10.5, style="B", field="exercise name")
        self.picture(columns, block)
        if block.is_clinician:
            say("Set up by your clinician: follow their instructions.")
        if block.now:
            say(f"Do now: {block.now}", style="B")
        elif block.planned:
            say("In this plan: " + "; ".join(block.planned), style="B")
        if block.prescribed:
            say(f"{block.range_label}: {block.prescribed}")
        if block.equipment:
            say("You need: " + ", ".join(block.equipment), field="equipment")
        for i, step in enumerate(block.steps, 1):
            say(f"{i}. {step}", field="steps")
        if block.cautions:
            say("Take care", style="B")
            for caution in block.cautions:
                say(f"- {caution}", field="cautions")
        if block.tips:
            say("Tips", style="B")
            for tip in block.tips:
                say(f"- {tip}", field="tips")
        if block.parameters:
            say("Settings from your clinician", style="B")
            for parameter in block.parameters:
                say(f"- {parameter}", field="parameters")
        if block.review:
            say(f"For review with your clinician: {block.review}", field="review")
        if block.notes:
            say("Where the numbers come from", style="B")
            for note in block.notes:
                say(f"- {note}", size=8, style="I", field="provenance")
        self.font(5)
        columns.write("\n")

    def exercises(self, blocks: tuple[Block, ...]) -> None:
        self.subheading("Your exercises")
        self.font(9)
        with self.pdf.text_columns(ncols=2, gutter=6, text_align="LEFT", l_margin=_MARGIN,
                                   r_margin=_MARGIN, line_height=1.2) as columns:  # fmt: skip
            for block in blocks:
                self.block(columns, block)

    def write(self, content: Handout) -> bytes:
        pdf = self.pdf
        pdf.set_title(self.text(content.title, "title"))
        pdf.add_page()
        self.heading(content)
        for i, sheet in enumerate(content.sheets):
            if i:
                pdf.add_page()
            week = f" (week {i + 1})" if len(content.sheets) > 1 else ""
            self.subheading(f"Tick a box each time you do an exercise{week}")
            self.sheet(sheet)
            if i == 0:
                if content.shown_days < content.total_days:
                    self.font(8.5)
                    pdf.cell(0, 4.5, f"The tick sheet shows the first {content.shown_days} of "
                             f"the plan's {content.total_days} days.", new_x="LMARGIN",
                             new_y="NEXT")  # fmt: skip
                self.safety(content.safety)
        if not content.sheets:
            self.safety(content.safety)
        pdf.add_page()
        self.exercises(content.blocks)
        return bytes(pdf.output())


def handout_pdf(
    plan: Plan,
    *,
    routine: Routine | None = None,
    title: str = DEFAULT_TITLE,
    days: int | None = 7,
    details: HandoutDetails | None = None,
    paper: str = "a4",
    audience: str = "patient",
    font: str | Path | None = None,
    pictures: str | Path = ".",
) -> bytes:
    """The handout as a PDF document: the week's tick sheet on page 1, then the exercises.

    It says what :func:`footdrop.export.html.handout` says, with the same
    arguments, laid out for *paper*. One week of the built-in programme fills
    4 A4 pages at most.

    Args:
        plan: The plan whose tick sheets are shown.
        routine: The routine behind the plan, for names, levels and ranges.
        title: The title.
        days: How many days the tick sheets show, 1..366, or ``None`` for all.
        details: Names, contact and review date, each printed only when given.
        paper: ``"a4"`` or ``"letter"``.
        audience: ``"patient"`` or ``"clinician"`` (which adds where each number came from).
        font: A TrueType font file to embed, for text beyond Western European
            letters; the standard Helvetica if ``None``.
        pictures: The folder that relative illustration paths are read from.

    Returns:
        The PDF file's bytes.

    Raises:
        footdrop.exceptions.MissingExtraError: fpdf2 is not installed.
        footdrop.exceptions.InvalidValueError: An argument is out of range, a text
            cannot be written in the standard font, or a picture file is missing.
        footdrop.exceptions.InvalidTypeError: An argument has the wrong type.
        footdrop.exceptions.UnknownExerciseError: The plan names an exercise with
            no instructions.

    Example:
        >>> from footdrop.export.pdf import handout_pdf
        >>> import datetime as dt
        >>> import footdrop
        >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        >>> day = footdrop.Availability.daily(start=dt.time(8), end=dt.time(20),
        ...                                   tz="Europe/London")
        >>> plan = footdrop.schedule(routine, start=dt.date(2026, 11, 23), days=7,
        ...                          availability=day)
        >>> handout_pdf(plan, routine=routine)[:5]
        b'%PDF-'

    .. versionadded:: 0.1.0
    """
    try:
        import fpdf  # noqa: PLC0415 - an optional extra
    except ImportError as error:
        feature = "the PDF handout (footdrop plan --format pdf)"
        raise MissingExtraError(extra="pdf", package="fpdf2", feature=feature) from error
    if paper not in PAPERS:
        msg = f"'paper' must be 'a4' or 'letter' (got {paper!r:.60})."
        raise InvalidValueError(msg, field="paper", value=paper, fix="'a4'")
    font_path = _path("font", font) if font is not None else None
    if font_path is not None and not font_path.is_file():
        msg = f"'font' must be a TrueType font file (got {font_path}, which is not a file)."
        raise InvalidValueError(msg, field="font", value=str(font_path), fix="give a .ttf path")
    folder = _path("pictures", pictures)
    content = build(
        plan, routine=routine, title=title, days=days, details=details, audience=audience
    )
    return _Writer(fpdf, paper=paper, font=font_path, pictures=folder).write(content)


def _path(name: str, value: object) -> Path:
    if not isinstance(value, str | Path):
        msg = f"'{name}' must be a path (got {type(value).__name__})."
        raise InvalidTypeError(msg, field=name, value=value, expected="str | pathlib.Path")
    return Path(value)
