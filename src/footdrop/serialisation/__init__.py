"""Reading and writing footdrop's models.

* :func:`make_converter`: a configured, strict :mod:`cattrs` converter.
* :func:`dumps` / :func:`loads`: JSON documents with a ``schema_version``.

.. versionadded:: 0.1.0
"""

from footdrop.serialisation._converter import make_converter
from footdrop.serialisation._json import SCHEMA_VERSION, dumps, loads, structure, unstructure

__all__ = ["SCHEMA_VERSION", "dumps", "loads", "make_converter", "structure", "unstructure"]
