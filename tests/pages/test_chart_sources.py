"""Issue 17 item 3: every chart on every page carries its scenario, the as-of year of its figures,
where its sources are and the version in the figure itself (so "Download plot as a png" keeps
them), and the toolbar names that file after the page, the scenario and the chart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import pricing
from pricing import defaults
from tests.pages.test_client import views

pytestmark = pytest.mark.xdist_group("apptest")
DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.mark.parametrize(
    ("page", "charts"), [("estimate", 3), ("compare", 2), ("clinic", 5), ("equity", 2)]
)
def test_every_chart_names_its_scenario_date_and_source(page: str, charts: int) -> None:
    at = AppTest.from_file(DASHBOARD, default_timeout=300).run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception
    drawn = [chart for view in views(at, page) for chart in view.get("plotly_chart")]
    assert len(drawn) == charts
    names = set()
    for chart in drawn:
        layout = json.loads(chart.proto.spec)["layout"]
        note = layout["title"]["subtitle"]["text"]
        assert note.startswith("Scenario: "), note
        assert f"Prices and plan figures as of {defaults.poverty_year()}" in note
        assert "Sources: the Sources & method page" in note
        assert f"ketamine-cost {pricing.__version__}" in note
        filename = json.loads(chart.proto.config)["toImageButtonOptions"]["filename"]
        assert filename.startswith(f"ketamine-cost-{page}-"), filename
        names.add(filename)
    assert len(names) == charts  # one file name a chart
