"""Chart builders for the Clinic pricing page: data frames from pricing.clinic in, Figures out.

Pure functions (no Streamlit), Okabe-Ito colours and the shared layout from ui.charts; the page
puts a one-line summary and the data table beside each one.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from pricing.clinic.terms import PAYER_LABELS, PAYERS
from ui.charts import PALETTE, TOOLBAR_BAND, figure, layout

# One colour per payer, in the payer mix's order (pricing.clinic.PAYERS; bars are labelled with
# the CLI's payer words, PAYER_LABELS).
_COLOURS = ("vermillion", "orange", "blue", "green", "purple")
PAYER_ORDER = tuple(PAYER_LABELS[p] for p in PAYERS)
PAYER_BAR_COLOURS = {
    label: PALETTE[colour] for label, colour in zip(PAYER_ORDER, _COLOURS, strict=True)
}


GRID = {"gridcolor": "#EBEBEB", "zerolinecolor": "#EBEBEB"}


def _figure(traces: list[dict[str, Any]], title: str, height: int = 380, **extra: Any) -> go.Figure:
    """ui.charts' shared layout, on a white plot with light grid lines; built from dicts without
    Plotly's validation (ui.charts.figure: a validated figure cost 10-60 ms, and the page draws
    five on every rerun)."""
    axes = {axis: {**GRID, **extra.pop(axis, {})} for axis in ("xaxis", "yaxis")}
    return figure(
        {"data": traces, "layout": layout(title, height, plot_bgcolor="white", **axes, **extra)}
    )


def _title(text: str) -> dict[str, Any]:
    """An axis title, as far from the ticks as ui.charts.layout sets it."""
    return {"title": {"text": text, "standoff": 12}}


def _hline(y: float, line: dict[str, Any]) -> dict[str, Any]:
    """A horizontal line across the plot at `y` (as Plotly's add_hline draws it)."""
    return {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y,
            "line": line}  # fmt: skip


def _vline(x: float, line: dict[str, Any]) -> dict[str, Any]:
    """A vertical line up the plot at `x` (as Plotly's add_vline draws it)."""
    return {"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "y domain", "y0": 0, "y1": 1,
            "line": line}  # fmt: skip


def _vline_note(x: float, text: str, side: str) -> dict[str, Any]:
    """The label at the top of a vertical line, on its `side` ("left" or "right")."""
    return {"text": text, "showarrow": False, "xref": "x", "x": x, "yref": "y domain", "y": 1,
            "xanchor": "right" if side == "left" else "left", "yanchor": "top"}  # fmt: skip


def _values(column: pd.Series) -> list[Any]:
    return column.tolist()


def profit_by_price(
    sweep: pd.DataFrame, current_price: float, treatment: str, title: str
) -> go.Figure:
    """Monthly profit as one treatment's price moves, with break-even (zero) and today's price."""
    profit = {
        "type": "scatter",
        "x": _values(sweep["price"]),
        "y": _values(sweep["monthly_profit"]),
        "mode": "lines",
        "name": "Monthly profit",
        "line": {"color": PALETTE["blue"], "width": 3},
        "hovertemplate": "$%{x:,.0f} a session: profit $%{y:,.0f} a month<extra></extra>",
    }
    break_even = {"text": "break-even", "showarrow": False, "xref": "x domain", "x": 1,
                  "xanchor": "right", "yref": "y", "y": 0, "yanchor": "bottom"}  # fmt: skip
    return _figure(
        [profit],
        title,
        shapes=[
            _hline(0, {"color": PALETTE["black"], "width": 1}),
            _vline(current_price, {"color": PALETTE["orange"], "dash": "dash"}),
        ],
        annotations=[break_even, _vline_note(current_price, "your price", "left")],
        xaxis={**_title(f"{treatment} self-pay price per session (USD)"), "tickprefix": "$"},
        yaxis={**_title("Profit per month (USD)"), "tickprefix": "$", "separatethousands": True},
    )


def margin_and_reach(
    sweep: pd.DataFrame, minimum_margin: float, best_price: float | None, title: str
) -> go.Figure:
    """Reach (left axis) and the clinic's average margin per session (right axis) by price."""
    prices = _values(sweep["price"])
    traces: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": prices,
            "y": _values(sweep["reach"] * 100),
            "mode": "lines+markers",
            "name": "Households who can afford a course (%)",
            "line": {"color": PALETTE["green"], "width": 3},
            "hovertemplate": "$%{x:,.0f}: %{y:.1f}% can afford it<extra></extra>",
        },
        {
            "type": "scatter",
            "x": prices,
            "y": _values(sweep["margin_per_session"]),
            "mode": "lines",
            "name": "Margin per session (USD, right axis)",
            "line": {"color": PALETTE["vermillion"], "width": 2, "dash": "dot"},
            "yaxis": "y2",
            "hovertemplate": "$%{x:,.0f}: margin $%{y:,.0f} a session<extra></extra>",
        },
        {
            "type": "scatter",
            "x": [sweep["price"].min(), sweep["price"].max()],
            "y": [minimum_margin, minimum_margin],
            "mode": "lines",
            "name": "Your minimum margin",
            "line": {"color": PALETTE["grey"], "width": 1, "dash": "dash"},
            "yaxis": "y2",
            "hoverinfo": "skip",
        },
    ]
    best: dict[str, Any] = {}
    if best_price is not None:
        best = {
            "shapes": [_vline(best_price, {"color": PALETTE["black"], "dash": "dash"})],
            "annotations": [_vline_note(best_price, "widest reach at your margin", "right")],
        }
    return _figure(
        traces,
        title,
        height=440,
        xaxis={**_title("Self-pay price per session (USD)"), "tickprefix": "$"},
        yaxis={**_title("Can afford a course (%)"), "range": [0, 100], "ticksuffix": "%"},
        yaxis2={
            "title": {"text": "Margin per session (USD)"},
            "overlaying": "y",
            "side": "right",
            "tickprefix": "$",
            "showgrid": False,
        },
        # Three legend entries do not fit above the plot beside the title: put them below.
        legend={"orientation": "h", "yanchor": "top", "y": -0.22, "xanchor": "left", "x": 0},
        margin={"l": 10, "r": 10, "t": 50 + TOOLBAR_BAND, "b": 90},
        **best,
    )


def margin_by_treatment_and_payer(table: pd.DataFrame, title: str) -> go.Figure:
    """Grouped bars: contribution margin per session for each treatment, one bar per payer."""
    traces = []
    for payer in PAYER_ORDER:
        rows = table[(table["payer"] == payer) & (table["share_of_sessions"] > 0)]
        if rows.empty:
            continue
        traces.append(
            {
                "type": "bar",
                "x": _values(rows["treatment"]),
                "y": _values(rows["margin_per_session"]),
                "name": payer,
                "marker": {"color": PAYER_BAR_COLOURS[payer]},
                "text": [f"${v:,.0f}" for v in rows["margin_per_session"]],
                "textposition": "outside",
                "hovertemplate": f"{payer}: margin $%{{y:,.0f}} a session<extra></extra>",
            }
        )
    return _figure(
        traces,
        title,
        barmode="group",
        shapes=[_hline(0, {"color": PALETTE["black"], "width": 1})],
        yaxis={**_title("Margin per session (USD)"), "tickprefix": "$", "separatethousands": True},
    )


def sliding_scale_effect(tiers: pd.DataFrame, title: str) -> go.Figure:
    """What each sliding-scale tier costs the clinic per month (negative bars)."""
    bars = {
        "type": "bar",
        "x": [label.replace(" of ", "<br>of ") for label in tiers["tier"]],
        "y": _values(tiers["monthly_profit_change"]),
        "marker": {"color": PALETTE["purple"]},
        "text": [f"-${abs(v):,.0f}" for v in tiers["monthly_profit_change"]],
        "textposition": "outside",
        "hovertemplate": "%{x}: $%{y:,.0f} a month<extra></extra>",
        "name": "Change in monthly profit",
    }
    return _figure(
        [bars],
        title,
        height=320,
        xaxis={"tickangle": 0},
        yaxis={**_title("Change in profit per month (USD)"), "tickformat": "$,.0f"},
    )


def volume_against_capacity(
    booked: float, break_even_booked: float, capacity: float | None, title: str
) -> go.Figure:
    """Horizontal bars: sessions booked, needed to break even, and what the rooms can hold."""
    labels = ["Booked now", "Needed to break even"]
    values = [booked, break_even_booked if math.isfinite(break_even_booked) else 0.0]
    colours = [PALETTE["blue"], PALETTE["orange"]]
    if capacity is not None:
        labels.append("Room capacity")
        values.append(capacity)
        colours.append(PALETTE["grey"])
    bars = {
        "type": "bar",
        "y": labels,
        "x": values,
        "orientation": "h",
        "marker": {"color": colours},
        "text": [f"{v:,.0f}" for v in values],
        "textposition": "auto",
        "hovertemplate": "%{y}: %{x:,.0f} sessions a month<extra></extra>",
    }
    return _figure(
        [bars],
        title,
        height=260,
        xaxis=_title("Sessions per month (booked)"),
        yaxis={"autorange": "reversed"},
    )


def volume_table(booked: float, break_even_booked: float, capacity: float | None) -> pd.DataFrame:
    """The data behind volume_against_capacity, as its table (infinite break-even left blank)."""
    rows = [("Booked now", booked), ("Needed to break even", break_even_booked)]
    if capacity is not None:
        rows.append(("Room capacity", capacity))
    return pd.DataFrame(
        [(label, value if math.isfinite(value) else None) for label, value in rows],
        columns=["sessions", "per month"],
    )
