"""The Hypothesis entry point: cheap for programs without footdrop, complete for tests with it.

Each check runs in a fresh interpreter, since what matters is what importing
Hypothesis loads before anything else has been imported.
"""

import subprocess
import sys

import pytest

COUNT_AFTER_IMPORT = """
import sys
import hypothesis
loaded = sorted(m for m in sys.modules if m == "footdrop" or m.startswith("footdrop."))
print(len(loaded), " ".join(loaded))
"""

DRAW = """
import sys
{first}
import footdrop
from hypothesis import HealthCheck, given, settings, strategies as st
from footdrop.testing import strategies as fst

# No timing in a unit test: a loaded machine must not fail it.
@settings(
    max_examples=5, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.data())
def check(data):
    for model in fst._REGISTRY:
        value = data.draw(st.from_type(model))
        assert type(value) is model, (model, value)
    dose = data.draw(st.from_type(footdrop.Dose))
    assert dose.measures

check()
print("ok")
"""


def run(code: str) -> str:
    """Run *code* in a fresh interpreter and return what it printed."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert 0 == result.returncode, result.stderr
    return result.stdout.strip()


class TestImportCost:
    def test_importing_hypothesis_loads_no_footdrop_model(self):
        """`import hypothesis` loads only the hook and its two packages, no model."""
        count, _, names = run(COUNT_AFTER_IMPORT).partition(" ")
        assert "footdrop footdrop.testing footdrop.testing._hook" == names
        assert 3 == int(count)


class TestFromType:
    @pytest.mark.parametrize(
        "first",
        [
            "import hypothesis",  # Hypothesis first: the hook waits for the models
            "import footdrop.model._dose",  # the models first: the hook registers at once
            "import footdrop.testing.strategies",  # the strategies first
            "",  # footdrop's lazy root first, models on first use
        ],
        ids=["hypothesis-first", "models-first", "strategies-first", "root-first"],
    )
    def test_from_type_draws_valid_models_whatever_was_imported_first(self, first):
        """st.from_type draws every registered model, in whichever order things were imported."""
        assert "ok" == run(DRAW.format(first=first))

    def test_the_waiting_finder_goes_once_the_models_are_in(self):
        """The finder that waits for the model layer removes itself once it has fired."""
        code = (
            "import sys, hypothesis\n"
            "from footdrop.testing._hook import _AfterModelLayer\n"
            "before = sum(isinstance(f, _AfterModelLayer) for f in sys.meta_path)\n"
            "import footdrop.model\n"
            "after = sum(isinstance(f, _AfterModelLayer) for f in sys.meta_path)\n"
            "print(before, after, 'footdrop.testing.strategies' in sys.modules)\n"
        )
        assert "1 0 True" == run(code)
