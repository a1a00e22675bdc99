"""The catalogue layer: the article's programme, shipped as package data."""

from __future__ import annotations

import functools
from importlib import resources

from footdrop.model._catalogue import Catalogue
from footdrop.serialisation import loads

__all__ = ["catalogue"]


@functools.cache
def catalogue() -> Catalogue:
    """The article's ten foot-drop exercises, keyed by id, at their default doses.

    The catalogue is package data (``footdrop/data/catalogue.json``) read with
    :func:`footdrop.serialisation.loads`, the same reader users call. Every
    default number carries its :class:`~footdrop.Provenance`.

    Returns:
        An immutable :class:`Catalogue`; looking up an unknown id raises
        :class:`~footdrop.exceptions.UnknownExerciseError` (a ``KeyError``)
        naming the nearest ids.

    Example:
        >>> import footdrop
        >>> "ankle-eversion" in footdrop.catalogue()
        True
        >>> len(footdrop.catalogue())
        10

    .. versionadded:: 0.1.0
    """
    text = resources.files("footdrop").joinpath("data", "catalogue.json").read_text("utf-8")
    return loads(text, Catalogue)
