"""Issue 17 item 3: number boxes show as many decimals as their step ("45000", not "45000.00")."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.test_client import views

pytestmark = pytest.mark.xdist_group("apptest")
DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.mark.parametrize("page", ["estimate", "compare", "clinic", "equity"])
def test_whole_steps_show_whole_numbers(page: str) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=180).run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception
    boxes = [box for view in views(at, page) for box in view.number_input]  # Estimate: unfolded
    for box in boxes:
        step = float(box.proto.step or 0)
        fmt = box.proto.format
        if step >= 1 and step.is_integer():
            assert fmt in ("%d", "%.0f"), (box.label, step, fmt)
        else:
            assert fmt != "", (box.label, step, fmt)  # never Streamlit's default %0.2f unasked
