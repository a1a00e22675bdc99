"""Sphinx configuration for the footdrop documentation."""

from __future__ import annotations

import importlib.metadata

project = "footdrop"
author = "The footdrop developers"
copyright = "2026, the footdrop developers"
release = importlib.metadata.version("footdrop")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "footdrop"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"exclude-members": "__init__, __new__"}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# No intersphinx: the docs build must not reach the network. References to
# types outside footdrop (the standard library, attrs, cattrs, pandas, ...)
# therefore cannot resolve, and are ignored; references inside footdrop must.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|dt|zoneinfo|collections|typing|enum|pathlib|os)(\..*)?"),
    (r"py:.*", r"(cattrs|attrs|attr)(\..*)?"),
    (r"py:.*", r"(pandas|pd|matplotlib|icalendar|sqlite3|argparse|hypothesis|st)(\..*)?"),
    (r"py:.*", r"(dask|distributed|pyarrow)(\..*)?"),
    (r"py:.*", r"(int|str|float|bool|bytes|bytearray|object|type|None|Any|T|R|Self)"),
    (r"py:.*", r"(tuple|list|dict|set|frozenset|Iterable|Iterator|Mapping|Sequence|Callable)"),
    (r"py:.*", r"(Exception|ValueError|TypeError|KeyError|OSError|RuntimeError|ImportError)"),
    (r"py:.*", r"(optional|default|Final|ClassVar|Literal|Protocol|Path|date|time|timedelta)"),
    (r"py:.*", r"(ZoneInfo|Converter|Axes|DataFrame|SearchStrategy|Attribute|Validator)"),
]

# No doctest_global_setup: every page imports what its examples use, in its first
# example, so each example runs as shown when pasted into a fresh interpreter.

# Docstring examples run under pytest --doctest-modules, in their module's
# namespace; Sphinx's doctest builder runs the {doctest} blocks of these pages.
doctest_test_doctest_blocks = ""
