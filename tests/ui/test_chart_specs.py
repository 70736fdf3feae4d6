"""The Estimate and Clinic charts are built from dicts without Plotly's validation
(ui.charts.figure, issue 17). Each is checked here the way validation would have: building it
again with validation must accept every property and give the same figure."""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from pricing.estimate import estimate
from pricing.explain import paying as words
from pricing.scenario import default_scenario, loads
from ui import charts, clinic_charts, paying_charts

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def plain(value: Any) -> Any:  # noqa: ANN401 - any JSON value
    """A figure's JSON with arrays as plain lists (validation writes numbers as typed arrays)."""
    if isinstance(value, dict):
        if {"bdata", "dtype"} <= set(value):
            return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def same_when_validated(fig: go.Figure) -> None:
    unchecked = plain(json.loads(pio.to_json(fig, validate=False)))
    checked = plain(json.loads(pio.to_json(go.Figure(fig.to_dict()))))  # raises if invalid
    assert unchecked == checked


def estimate_figures(scenario: Any) -> list[go.Figure]:  # noqa: ANN401
    est = estimate(scenario)
    cum = est.cumulative()
    split = est.scenario.treatment.drug is not None
    figs = [
        charts.cumulative_chart(cum, est.events(), "What you have paid so far"),
        charts.breakdown_chart(est.by_component(), "Who pays for what", split),
    ]
    way = words.cliff_way(est.paying)
    assert way.promo_end is not None
    figs.append(paying_charts.cliff_chart(words.cliff_rows(est.paying), way.promo_end, "Cliff"))
    return figs


@pytest.mark.parametrize(
    "name",
    ["default", "plan_year_crossing", "employer_spravato_two_bills", "paying_over_two_years"],
)
def test_estimate_charts_are_valid_plotly(name: str) -> None:
    scenario = (
        default_scenario()
        if name == "default"
        else loads((SCENARIOS / f"{name}.yaml").read_bytes())
    )
    for fig in estimate_figures(scenario):
        same_when_validated(fig)


def test_empty_shapes_are_left_out() -> None:
    # A course with no deductible, cap or plan-year events draws no lines: the layout carries
    # no empty "shapes": [] (validation drops it, so the unvalidated figure must too).
    fig = charts.figure({"data": [], "layout": {"shapes": [], "annotations": [], "height": 300}})
    layout = fig.to_dict()["layout"]
    assert "shapes" not in layout and "annotations" not in layout and layout["height"] == 300


SWEEP = pd.DataFrame(
    {
        "price": np.linspace(200, 900, 15),
        "monthly_profit": np.linspace(-5000, 9000, 15),
        "reach": np.linspace(0.9, 0.1, 15),
        "margin_per_session": np.linspace(-50, 400, 15),
    }
)
PAYERS = clinic_charts.PAYER_ORDER
BY_PAYER = pd.DataFrame(
    {
        "treatment": ["IV ketamine", "IV ketamine", "Spravato", "Spravato"],
        "payer": [PAYERS[0], PAYERS[2], PAYERS[0], PAYERS[2]],
        "share_of_sessions": [0.5, 0.5, 0.3, 0.0],  # the last bar is left out
        "margin_per_session": [200.0, -30.0, 150.0, 99.0],
    }
)
TIERS = pd.DataFrame(
    {
        "tier": ["under 200% of poverty", "under 300% of poverty"],
        "monthly_profit_change": [-1200.0, -300.0],
    }
)


def test_clinic_charts_are_valid_plotly() -> None:
    for fig in (
        clinic_charts.profit_by_price(SWEEP, 450.0, "IV ketamine", "Profit"),
        clinic_charts.margin_and_reach(SWEEP, 100.0, 500.0, "Reach"),
        clinic_charts.margin_and_reach(SWEEP, 100.0, None, "Reach"),
        clinic_charts.margin_by_treatment_and_payer(BY_PAYER, "Margin"),
        clinic_charts.sliding_scale_effect(TIERS, "Tiers"),
        clinic_charts.volume_against_capacity(120.0, 80.0, 300.0, "Volume"),
        clinic_charts.volume_against_capacity(120.0, math.inf, None, "Volume"),
    ):
        same_when_validated(fig)


def test_clinic_lines_as_plotly_draws_them() -> None:
    # add_hline / add_vline's shapes and labels, written out: break-even across the plot at 0,
    # today's price up the plot with its label at the top left of the line.
    layout = clinic_charts.profit_by_price(SWEEP, 450.0, "IV ketamine", "Profit").layout
    across, up = layout.shapes
    assert (across.xref, across.x0, across.x1, across.yref, across.y0) == ("x domain", 0, 1, "y", 0)
    assert (up.xref, up.x0, up.yref, up.y0, up.y1) == ("x", 450.0, "y domain", 0, 1)
    note = layout.annotations[1]
    assert (note.text, note.x, note.xanchor, note.y, note.yanchor) == (
        "your price", 450.0, "right", 1, "top"
    )  # fmt: skip
    margin = clinic_charts.margin_and_reach(SWEEP, 100.0, None, "Reach").layout
    assert (margin.margin.b, margin.legend.y) == (90, -0.22)  # the legend below three lines
    assert margin.xaxis.title.standoff == 12 and margin.yaxis2.title.text.startswith("Margin")
