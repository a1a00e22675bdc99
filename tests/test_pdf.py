"""Tests for footdrop.export.pdf: the handout as a PDF file."""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

import attrs
import pytest

import footdrop
from footdrop import Prescription, Routine, Side
from footdrop.exceptions import InvalidTypeError, InvalidValueError, MissingExtraError
from footdrop.export.html import HandoutDetails
from footdrop.export.pdf import handout_pdf

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("fpdf")

START = dt.date(2026, 11, 23)


def week(routine: Routine | None = None) -> tuple[Routine, footdrop.Plan]:
    routine = routine or Routine.from_catalogue(affected=Side.LEFT)
    day = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21), tz="Europe/London")
    return routine, footdrop.schedule(routine, start=START, days=7, availability=day)


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def dejavu() -> Path:
    """The DejaVu Sans font that matplotlib (a test dependency) ships."""
    matplotlib = pytest.importorskip("matplotlib")
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


class TestHandoutPdf:
    @pytest.mark.parametrize("paper", ["a4", "letter"])
    def test_built_in_week_fits_four_pages_with_the_tick_sheet_first(self, paper):
        """The built-in week is at most 4 pages; page 1 holds the whole tick sheet and safety."""
        routine, plan = week()
        text = pages(handout_pdf(plan, routine=routine, paper=paper))
        assert len(text) <= 4
        assert "Tick a box each time you do an exercise" in text[0]
        assert "Heel and toe walks" in text[0]  # the sheet's last row
        assert "Stay safe" in text[0]
        assert "Your exercises" in text[1]

    def test_every_exercise_and_the_details(self):
        """Every exercise's name and the handout details are in the PDF."""
        routine, plan = week()
        details = HandoutDetails(patient="Anna Smith", review_on=dt.date(2026, 12, 14))
        text = "\n".join(pages(handout_pdf(plan, routine=routine, details=details)))
        assert "Patient: Anna Smith" in text
        assert "Review: Mon 14 Dec 2026" in text
        for prescription in routine.items:
            assert prescription.exercise.name in text

    def test_paper_sizes(self):
        """A4 and Letter pages have their own sizes, in points."""
        routine, plan = week()
        sizes = [
            tuple(round(float(x)) for x in pypdf.PdfReader(io.BytesIO(
                handout_pdf(plan, routine=routine, paper=p))).pages[0].mediabox[2:])
            for p in ("a4", "letter")
        ]  # fmt: skip
        assert [(595, 842), (612, 792)] == sizes

    def test_text_beyond_latin_1_needs_a_font(self):
        """Greek text is refused with the fix in the standard font, and written with a TTF."""
        exercise = attrs.evolve(footdrop.catalogue()["towel-scrunches"], name="Πετσέτα")
        routine, plan = week(Routine(affected=Side.LEFT, items=[Prescription(exercise=exercise)]))
        with pytest.raises(InvalidValueError, match="pass font="):
            handout_pdf(plan, routine=routine)
        text = "\n".join(pages(handout_pdf(plan, routine=routine, font=dejavu())))
        assert "Πετσέτα" in text

    def test_typographic_punctuation_is_written_plain(self):
        """Curly quotes and dashes are written as their plain forms in the standard font."""
        exercise = attrs.evolve(
            footdrop.catalogue()["towel-scrunches"], steps=("Grip \u2018gently\u2019 \u2013 then",)
        )
        routine, plan = week(Routine(affected=Side.LEFT, items=[Prescription(exercise=exercise)]))
        assert "Grip 'gently' - then" in "\n".join(pages(handout_pdf(plan, routine=routine)))

    def test_local_picture_is_embedded_and_url_is_not_fetched(self, tmp_path):
        """A picture file is embedded; a URL is printed as its alt text and address."""
        matplotlib = pytest.importorskip("matplotlib")
        from matplotlib.figure import Figure

        Figure(figsize=(1, 1)).savefig(tmp_path / "towel.png")
        local = footdrop.Illustration(source="towel.png", alt="A towel", licence="own")
        remote = footdrop.Illustration(
            source="https://example.org/a.png", alt="Soles out", licence="CC0"
        )
        scrunches = attrs.evolve(footdrop.catalogue()["towel-scrunches"], illustrations=[local])
        eversion = attrs.evolve(footdrop.catalogue()["ankle-eversion"], illustrations=[remote])
        routine, plan = week(Routine(affected=Side.LEFT, items=[
            Prescription(exercise=scrunches), Prescription(exercise=eversion)]))  # fmt: skip
        data = handout_pdf(plan, routine=routine, pictures=tmp_path)
        images = sum(len(p.images) for p in pypdf.PdfReader(io.BytesIO(data)).pages)
        assert (1, True) == (images, "Picture: Soles out (https://example.org/a.png)" in
                             "\n".join(pages(data)))  # fmt: skip
        assert matplotlib

    def test_missing_picture_file_is_an_error(self, tmp_path):
        """A picture path that is not a file is named in the error, not dropped."""
        missing = footdrop.Illustration(source="nope.png", alt="A towel", licence="own")
        exercise = attrs.evolve(footdrop.catalogue()["towel-scrunches"], illustrations=[missing])
        routine, plan = week(Routine(affected=Side.LEFT, items=[Prescription(exercise=exercise)]))
        with pytest.raises(InvalidValueError, match=r"nope\.png"):
            handout_pdf(plan, routine=routine, pictures=tmp_path)

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"paper": "a5"}, InvalidValueError),
            ({"font": 3}, InvalidTypeError),
            ({"font": "/no/such/font.ttf"}, InvalidValueError),
            ({"audience": "carer"}, InvalidValueError),
        ],
    )
    def test_bad_arguments(self, kwargs, error):
        """Unknown paper, a font that is not a file and a bad audience are refused."""
        routine, plan = week()
        with pytest.raises(error, match=next(iter(kwargs))):
            handout_pdf(plan, routine=routine, **kwargs)

    def test_missing_extra(self, monkeypatch):
        """Without fpdf2 the error names the pdf extra's pip command."""
        monkeypatch.setitem(sys.modules, "fpdf", None)
        routine, plan = week()
        with pytest.raises(MissingExtraError, match=r'pip install "footdrop\[pdf\]"'):
            handout_pdf(plan, routine=routine)
