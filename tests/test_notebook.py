"""notebooks/explore.ipynb runs top to bottom on the real pipeline, engine, report and view."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


@pytest.mark.slow
@pytest.mark.server
def test_notebook_runs_and_shows_its_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    rich = "".join(str(o.get("data", {})) for o in outputs if o.output_type in ("display_data", "execute_result"))
    assert " articles -> " in text and " nodes, " in text
    assert "<table>" in rich and "issuer" in rich  # the Cypher result table
    assert "image/svg+xml" in rich  # the chart
    assert "<iframe srcdoc=" in rich and "vis" in rich  # the embedded view
    assert "chains without a leading enterprise" in text
