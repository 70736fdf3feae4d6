"""Pure chart builders: data in, plotly Figure out. No Streamlit here, so tests can call them.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common forms of
colour blindness. Every page shows a one-line summary and the data table beside each chart.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
SEQUENCE = [
    PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow")
]
MODALITY_COLOURS = {
    "spravato": PALETTE["blue"],
    "iv_ketamine": PALETTE["orange"],
    "im_ketamine": PALETTE["green"],
    "kap_lozenge": PALETTE["vermillion"],
    "at_home_ketamine": PALETTE["purple"],
}
PAYER_COLOURS = {
    "you": PALETTE["vermillion"],
    "insurer": PALETTE["blue"],
    "programme": PALETTE["green"],
    "written_off": PALETTE["grey"],
}


def base_layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    """Shared look: readable font, legend on top, margins that fit a phone screen."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
        font={"size": 13},
        template="plotly_white",
        colorway=SEQUENCE,
    )
    return fig


def _fmt_money(value: float) -> str:
    return f"${value:,.0f}"


def cumulative_chart(cum: pd.DataFrame, events: list[dict[str, Any]], title: str) -> go.Figure:
    """Cumulative out-of-pocket over the course: midpoint line, p10-p90 fan, low/high bounds,
    and vertical markers where the deductible is met, the cap is reached or a plan year resets."""
    fig = go.Figure()
    if "p10" in cum and "p90" in cum:
        fig.add_trace(
            go.Scatter(
                x=cum["date"],
                y=cum["p90"],
                mode="lines",
                line={"width": 0},
                showlegend=False,
                hoverinfo="skip",
                line_shape="hv",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=cum["date"],
                y=cum["p10"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor="rgba(0,114,178,0.18)",
                name="8 in 10 simulated courses",
                line_shape="hv",
                hovertemplate="p10-p90: %{y:$,.0f}<extra></extra>",
            )
        )
    for bound, dash, label in (
        ("high", "dot", "all prices at the high quote"),
        ("low", "dot", "all prices at the low quote"),
    ):
        fig.add_trace(
            go.Scatter(
                x=cum["date"],
                y=cum[bound],
                mode="lines",
                name=label,
                line={"color": PALETTE["grey"], "dash": dash, "width": 1.5},
                line_shape="hv",
                hovertemplate="%{x|%b %d}: %{y:$,.0f}<extra>" + bound + "</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=cum["date"],
            y=cum["mid"],
            mode="lines+markers",
            name="midpoint prices",
            line={"color": PALETTE["blue"], "width": 3},
            marker={"size": 5},
            line_shape="hv",
            hovertemplate="%{x|%b %d, %Y}: %{y:$,.0f} so far<extra></extra>",
        )
    )
    styles = {
        "deductible_met": ("dash", PALETTE["orange"]),
        "oop_max_reached": ("solid", PALETTE["green"]),
        "plan_year_reset": ("dashdot", PALETTE["purple"]),
        "programme_cap_reached": ("dot", PALETTE["vermillion"]),
    }
    for i, event in enumerate(events):
        dash, colour = styles.get(event["event"], ("dot", PALETTE["black"]))
        fig.add_vline(
            x=pd.Timestamp(event["date"]).timestamp() * 1000,
            line_dash=dash,
            line_color=colour,
            annotation_text=event["label"],
            annotation_position="top left" if i % 2 else "bottom right",
            annotation_font_size=11,
        )
    fig.update_yaxes(
        title="Paid so far (USD)", tickprefix="$", tickformat=",.0f", rangemode="tozero"
    )
    fig.update_xaxes(title=None)
    return base_layout(fig, title)


def breakdown_chart(by_component: pd.DataFrame, title: str) -> go.Figure:
    """Stacked bars: for each part of the course, who pays (you, insurer, programme, written off)."""
    labels = {
        "intake": "Intake",
        "treatment": "Treatment",
        "therapy": "Therapy",
        "time_and_travel": "Time and travel",
    }
    frame = by_component[
        (by_component[["you", "insurer", "programme", "written_off"]].sum(axis=1) > 0.005)
    ]
    fig = go.Figure()
    payers = {
        "you": "You",
        "insurer": "Insurer",
        "programme": "Manufacturer programme",
        "written_off": "Written off (discounts, above allowed)",
    }
    for payer, name in payers.items():
        if frame[payer].sum() <= 0.005:
            continue
        fig.add_trace(
            go.Bar(
                y=[labels[c] for c in frame["component"]],
                x=frame[payer],
                name=name,
                orientation="h",
                marker_color=PAYER_COLOURS[payer],
                hovertemplate="%{y}: %{x:$,.0f}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickprefix="$", tickformat=",.0f")
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, title, height=300)


def compare_totals_chart(table: pd.DataFrame, title: str) -> go.Figure:
    """Total out-of-pocket per treatment: bar at midpoint prices, whiskers from low to high."""
    fig = go.Figure(
        go.Bar(
            x=table["treatment"],
            y=table["total mid"],
            marker_color=[MODALITY_COLOURS[m] for m in table["modality"]],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": table["total high"] - table["total mid"],
                "arrayminus": table["total mid"] - table["total low"],
                "color": PALETTE["black"],
            },
            hovertemplate="%{x}: %{y:$,.0f} (midpoint)<extra></extra>",
            name="you pay",
        )
    )
    fig.update_yaxes(title="You pay over the period (USD)", tickprefix="$", tickformat=",.0f")
    return base_layout(fig, title)


def compare_lines_chart(
    curves: dict[str, pd.DataFrame], labels: dict[str, str], title: str
) -> go.Figure:
    """Cumulative out-of-pocket of each treatment on one chart (midpoint prices)."""
    fig = go.Figure()
    for modality, cum in curves.items():
        fig.add_trace(
            go.Scatter(
                x=cum["date"],
                y=cum["mid"],
                mode="lines",
                name=labels[modality],
                line={"color": MODALITY_COLOURS[modality], "width": 2.5},
                line_shape="hv",
                hovertemplate="%{x|%b %d, %Y}: %{y:$,.0f}<extra>" + labels[modality] + "</extra>",
            )
        )
    fig.update_yaxes(
        title="Paid so far (USD)", tickprefix="$", tickformat=",.0f", rangemode="tozero"
    )
    return base_layout(fig, title)
