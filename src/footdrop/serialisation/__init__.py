"""Reading and writing footdrop's models.

* :func:`make_converter`: a configured, strict :mod:`cattrs` converter.
* :func:`dumps` / :func:`loads`: JSON documents with a ``schema_version``.
* :func:`json_schema`: the JSON Schema (2020-12) of each document.

.. versionadded:: 0.1.0
"""

from footdrop.serialisation._converter import make_converter
from footdrop.serialisation._json import SCHEMA_VERSION, dumps, loads, structure, unstructure
from footdrop.serialisation._schema import json_schema

__all__ = [
    "SCHEMA_VERSION",
    "dumps",
    "json_schema",
    "loads",
    "make_converter",
    "structure",
    "unstructure",
]
