"""Shared test configuration: Hypothesis profiles.

``CI=true`` selects the ``ci`` profile: more examples, derandomised so a CI run
is reproducible. Locally the ``dev`` profile keeps the suite quick.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def clear_screening(tmp_path: Path) -> str:
    """The path of a screening file, taken an hour ago, with every red-flag question answered no.

    Command-line tests that are not about screening pass it with ``--screening`` so that
    ``footdrop plan`` and ``footdrop progress`` neither ask nor print the not-screened note.
    """
    from footdrop import safety
    from footdrop.serialisation import dumps

    answers = {flag.id: False for flag in safety.RED_FLAGS}
    taken = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    path = tmp_path / "clear-screening.json"
    path.write_text(dumps(safety.screen(answers, taken_at=taken)), encoding="utf-8")
    return str(path)
