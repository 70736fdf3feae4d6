"""Issue 17 item 3: Plotly's toolbar (26 px, top right, on hover) never covers a chart's title:
every chart on every page puts its title just above the plot, below a band as tall as the
toolbar (ui.charts.TOOLBAR_BAND)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.test_client import views
from ui.charts import TOOLBAR_BAND

pytestmark = pytest.mark.xdist_group("apptest")
DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.mark.parametrize("page", ["estimate", "compare", "clinic", "equity"])
def test_titles_sit_below_the_toolbar(page: str) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=300).run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception
    charts = [chart for view in views(at, page) for chart in view.get("plotly_chart")]
    assert len(charts) >= (3 if page == "estimate" else 1)  # Estimate: one a tab, three tabs
    for chart in charts:
        layout = json.loads(chart.proto.spec)["layout"]
        title = layout["title"]
        name = title.get("text", "")
        # anchored at its bottom to the top of the plot, so it grows upwards from the plot...
        assert (title.get("yref"), title.get("y"), title.get("yanchor")) == (
            "paper",
            1,
            "bottom",
        ), name
        # ...and the top margin leaves the toolbar's band above a line of title
        assert layout["margin"]["t"] >= TOOLBAR_BAND + 30, name
