"""The model layer's two late-bound hooks: notebook display and the built-in catalogue.

The models sit low in the package (see :doc:`/explanation/architecture`), yet two
conveniences need something above them:

* ``_repr_html_`` on plans, routines and exercises draws with
  :func:`footdrop.export.html.repr_html`;
* :meth:`footdrop.Routine.from_catalogue`, called without a catalogue, reads the
  built-in programme, which is loaded through :mod:`footdrop.serialisation`.

Both upward imports happen here and only here, inside these two functions, and the
import-linter contracts in ``pyproject.toml`` name them as the only exceptions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from footdrop.model._exercise import Exercise

__all__ = ["builtin_catalogue", "html"]


def html(model: Any) -> str:
    """The notebook HTML of *model*, drawn by the HTML export."""
    from footdrop.export.html import repr_html  # noqa: PLC0415 - the sanctioned display hook

    return repr_html(model)


def builtin_catalogue() -> Mapping[str, Exercise]:
    """The built-in catalogue, loaded from package data by the catalogue layer."""
    from footdrop._catalogue import catalogue  # noqa: PLC0415 - the sanctioned catalogue hook

    return catalogue()
