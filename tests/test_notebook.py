"""The example notebook runs top to bottom with a real Jupyter kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).parent.parent / "examples" / "tutorial.ipynb"


class TestExampleNotebook:
    def test_runs_with_a_kernel(self, tmp_path):
        """Every cell of examples/tutorial.ipynb runs, shows the plan, and shows the plot inline."""
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
        )
        client.execute()

        code_cells = [c for c in notebook.cells if c.cell_type == "code"]
        assert all(c.execution_count is not None for c in code_cells)
        errors = [o for c in code_cells for o in c.outputs if o.output_type == "error"]
        assert [] == errors
        plan_cell = next(c for c in code_cells if "footdrop.schedule(" in c.source)
        html = "".join(o.get("data", {}).get("text/html", "") for o in plan_cell.outputs)
        assert "ankle-eversion" in html or "Ankle eversion" in html
        plot_cell = next(c for c in code_cells if "plot_week(" in c.source)
        images = [o for o in plot_cell.outputs if "image/png" in o.get("data", {})]
        assert 1 == len(images)  # the figure shows inline, once, with no backend forced
